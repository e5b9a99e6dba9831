// key usage | org usage: keys' usage from the command line, as GET .../usage shows it. Read from
// the store, which a running server adds its counts to every half second.
#include <cstdio>
#include <iostream>
#include <string>

#include <boost/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/runtime.h"
#include "service/usage_service.h"

namespace keyward::cli {
namespace {

void put_counts(boost::json::object& out, const UsageCounts& c) {
  out["valid"] = c.valid;
  out["rate_limited"] = c.rate_limited;
  out["usage_exceeded"] = c.usage_exceeded;
  out["refused"] = c.refused;
}

boost::json::array buckets_json(const std::vector<UsageBucket>& buckets) {
  boost::json::array out;
  for (const auto& b : buckets) {
    boost::json::object item{{"start", format_rfc3339(b.start)}};
    put_counts(item, b.counts);
    out.push_back(std::move(item));
  }
  return out;
}

// One line per bucket under a heading, the counts in columns.
void print_buckets(const std::vector<UsageBucket>& buckets) {
  if (buckets.empty()) {
    std::cout << "  no verifications in the last 90 days\n";
    return;
  }
  std::printf("  %-22s %10s %13s %15s %10s\n", "start", "valid", "rate_limited", "usage_exceeded",
              "refused");
  for (const auto& b : buckets) {
    std::printf(
        "  %-22s %10lld %13lld %15lld %10lld\n", format_rfc3339(b.start).c_str(),
        static_cast<long long>(b.counts.valid), static_cast<long long>(b.counts.rate_limited),
        static_cast<long long>(b.counts.usage_exceeded), static_cast<long long>(b.counts.refused));
  }
  std::fflush(stdout);
}

}  // namespace

int run_key_usage(const UsageOptions& o) {
  const auto org_id = Uuid::parse(o.org);
  if (!org_id) return usage_error("--org must be an organization id (a UUID)");
  const auto key_id = Uuid::parse(o.key);
  if (!key_id) return usage_error("--key must be a key id (a UUID)");
  const auto g = parse_usage_granularity(o.granularity);
  if (!g) return usage_error("--granularity must be hour or day");
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  auto usage = service::UsageService((*rt)->context()).key_usage(*org_id, *key_id, *g);
  if (!usage) return report(usage.error());
  if (o.json) {
    print_json(boost::json::object{
        {"key_id", usage->key_id.to_string()},
        {"granularity", to_string(usage->granularity)},
        {"last_used_at", usage->last_used_at
                             ? boost::json::value(format_rfc3339(*usage->last_used_at))
                             : boost::json::value(nullptr)},
        {"last_used_ip", usage->last_used_ip.empty() ? boost::json::value(nullptr)
                                                     : boost::json::value(usage->last_used_ip)},
        {"buckets", buckets_json(usage->buckets)}});
    return kExitOk;
  }
  std::cout << "Key " << usage->key_id.to_string() << ", verifications per "
            << to_string(usage->granularity) << "\n"
            << "  last used: "
            << (usage->last_used_at ? format_rfc3339(*usage->last_used_at) : std::string("-"));
  if (!usage->last_used_ip.empty()) std::cout << " from " << usage->last_used_ip;
  std::cout << "\n";
  print_buckets(usage->buckets);
  return kExitOk;
}

int run_org_usage(const UsageOptions& o) {
  const auto org_id = Uuid::parse(o.org);
  if (!org_id) return usage_error("--org must be an organization id (a UUID)");
  const auto g = parse_usage_granularity(o.granularity);
  if (!g) return usage_error("--granularity must be hour or day");
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  auto usage = service::UsageService((*rt)->context()).org_usage(*org_id, *g, o.top);
  if (!usage) return report(usage.error());
  if (o.json) {
    boost::json::array keys;
    for (const auto& k : usage->top_keys) {
      boost::json::object item{
          {"key_id", k.key_id.to_string()}, {"name", k.name}, {"status", to_string(k.status)}};
      put_counts(item, k.counts);
      keys.push_back(std::move(item));
    }
    print_json(boost::json::object{{"org_id", usage->org_id.to_string()},
                                   {"granularity", to_string(usage->granularity)},
                                   {"buckets", buckets_json(usage->buckets)},
                                   {"top_keys", std::move(keys)}});
    return kExitOk;
  }
  std::cout << "Organization " << usage->org_id.to_string() << ", verifications per "
            << to_string(usage->granularity) << "\n";
  print_buckets(usage->buckets);
  if (!usage->top_keys.empty()) std::cout << "Busiest keys (last 90 days):\n";
  for (const auto& k : usage->top_keys) {
    std::cout << "  " << k.key_id.to_string() << "  " << k.counts.total() << " verifications ("
              << k.counts.valid << " valid)  " << to_string(k.status) << "  " << k.name << "\n";
  }
  return kExitOk;
}

}  // namespace keyward::cli

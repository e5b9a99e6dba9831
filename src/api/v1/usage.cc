#include "api/v1/usage.h"

#include <charconv>

#include <boost/json.hpp>

#include "api/views.h"

namespace keyward::api::v1 {
namespace {

constexpr std::size_t kDefaultTopKeys = 10;

// ?granularity=hour|day; hour when absent.
Result<UsageGranularity> granularity_of(const Call& call) {
  const auto text = call.query.get("granularity");
  if (!text) return UsageGranularity::kHour;
  const auto g = parse_usage_granularity(*text);
  if (!g) return fail(Errc::kInvalidArgument, "granularity must be \"hour\" or \"day\"");
  return *g;
}

Result<std::size_t> top_of(const Call& call) {
  const auto text = call.query.get("top");
  if (!text) return kDefaultTopKeys;
  std::size_t n = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || ptr != text->data() + text->size() || n < 1 ||
      n > service::UsageService::kMaxTopKeys) {
    return fail(Errc::kInvalidArgument, "top must be a whole number from 1 to " +
                                            std::to_string(service::UsageService::kMaxTopKeys));
  }
  return n;
}

void put_counts(boost::json::object& out, const UsageCounts& c) {
  out["valid"] = c.valid;
  out["rate_limited"] = c.rate_limited;
  out["usage_exceeded"] = c.usage_exceeded;
  out["refused"] = c.refused;
}

boost::json::array buckets_view(const std::vector<UsageBucket>& buckets) {
  boost::json::array out;
  out.reserve(buckets.size());
  for (const auto& b : buckets) {
    boost::json::object item{{"start", format_rfc3339(b.start)}};
    put_counts(item, b.counts);
    out.push_back(std::move(item));
  }
  return out;
}

Result<service::UsageService*> service_of(const ApiContext& ctx) {
  if (!ctx.usage) return fail(Errc::kUnavailable, "usage is not available on this server");
  return ctx.usage;
}

Result<Reply> key_usage(const ApiContext& ctx, const Call& call) {
  auto usage = service_of(ctx);
  if (!usage) return fail(usage.error());
  const auto key_id = Uuid::parse(call.params.get("keyId"));
  if (!key_id) return fail(Errc::kNotFound, "key not found");
  auto g = granularity_of(call);
  if (!g) return fail(g.error());
  auto report = (*usage)->key_usage(call.org_id, *key_id, *g);
  if (!report) return fail(report.error());
  boost::json::object body{
      {"key_id", report->key_id.to_string()},
      {"granularity", to_string(report->granularity)},
      {"last_used_at", time_or_null(report->last_used_at)},
      {"last_used_ip", report->last_used_ip.empty() ? boost::json::value(nullptr)
                                                    : boost::json::value(report->last_used_ip)},
      {"buckets", buckets_view(report->buckets)}};
  return document(std::move(body), "usage");
}

Result<Reply> org_usage(const ApiContext& ctx, const Call& call) {
  auto usage = service_of(ctx);
  if (!usage) return fail(usage.error());
  auto g = granularity_of(call);
  if (!g) return fail(g.error());
  auto top = top_of(call);
  if (!top) return fail(top.error());
  auto report = (*usage)->org_usage(call.org_id, *g, *top);
  if (!report) return fail(report.error());
  boost::json::array keys;
  for (const auto& k : report->top_keys) {
    boost::json::object item{
        {"key_id", k.key_id.to_string()}, {"name", k.name}, {"status", to_string(k.status)}};
    put_counts(item, k.counts);
    keys.push_back(std::move(item));
  }
  boost::json::object body{{"org_id", report->org_id.to_string()},
                           {"granularity", to_string(report->granularity)},
                           {"buckets", buckets_view(report->buckets)},
                           {"top_keys", std::move(keys)}};
  return document(std::move(body), "usage");
}

}  // namespace

void add_usage_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::get, "/api/v1/orgs/{orgId}/keys/{keyId}/usage",
             {.access = Access::kOrgMember, .handler = with(ctx, key_usage)});
  routes.add(http::Method::get, "/api/v1/orgs/{orgId}/usage",
             {.access = Access::kOrgMember, .handler = with(ctx, org_usage)});
}

}  // namespace keyward::api::v1

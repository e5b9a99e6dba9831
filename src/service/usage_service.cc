#include "service/usage_service.h"

#include <map>

namespace keyward::service {
namespace {

std::vector<UsageBucket> hours_of(const std::vector<store::KeyUsageHour>& rows) {
  std::vector<UsageBucket> hours;
  hours.reserve(rows.size());
  for (const auto& r : rows) hours.push_back({r.hour, r.counts});
  return hours;
}

}  // namespace

Result<KeyUsageReport> UsageService::key_usage(const Uuid& org_id, const Uuid& key_id,
                                               UsageGranularity g) {
  auto key = keys_.get(org_id, key_id);
  if (!key) return fail(key.error());
  const Timestamp from = usage_window_start(ctx_.clock.now(), g);
  auto rows = ctx_.store.key_usage(key_id, from);
  if (!rows) return fail(rows.error());
  KeyUsageReport report{key_id, g, key->last_used_at, {}, roll_up(hours_of(*rows), g)};
  // The newest hour with a valid use holds the last address; rows come oldest first.
  for (auto it = rows->rbegin(); it != rows->rend(); ++it) {
    if (!it->last_used_at) continue;
    if (!report.last_used_at || *report.last_used_at < *it->last_used_at) {
      report.last_used_at = it->last_used_at;
    }
    report.last_used_ip = it->last_used_ip;
    break;
  }
  return report;
}

Result<OrgUsageReport> UsageService::org_usage(const Uuid& org_id, UsageGranularity g,
                                               std::size_t top) {
  if (top < 1 || top > kMaxTopKeys) {
    return fail(Errc::kInvalidArgument,
                "\"top\" must be a whole number from 1 to " + std::to_string(kMaxTopKeys));
  }
  if (auto org = ctx_.store.get_organization(org_id); !org) return fail(org.error());
  const Timestamp now = ctx_.clock.now();
  const Timestamp from = usage_window_start(now, g);
  auto hours = ctx_.store.org_usage(org_id, from);
  if (!hours) return fail(hours.error());
  auto leaders = ctx_.store.top_keys_by_usage(org_id, from, top);
  if (!leaders) return fail(leaders.error());
  OrgUsageReport report{org_id, g, roll_up(hours_of(*hours), g), {}};
  if (leaders->empty()) return report;
  // Names and states of the keys named, deleted ones included.
  auto keys = ctx_.store.list_keys(org_id);
  if (!keys) return fail(keys.error());
  std::map<Uuid, const NamedKey*> by_id;
  for (const auto& k : *keys) by_id[k.id] = &k;
  for (const auto& leader : *leaders) {
    KeyUsageLeader named{leader.key_id, "", KeyStatus::kRevoked, leader.counts};
    if (const auto it = by_id.find(leader.key_id); it != by_id.end()) {
      named.name = it->second->name;
      named.status = it->second->status_at(now);
    }
    report.top_keys.push_back(std::move(named));
  }
  return report;
}

}  // namespace keyward::service

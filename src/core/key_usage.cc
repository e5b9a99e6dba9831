#include "core/key_usage.h"

#include <algorithm>
#include <map>

namespace keyward {
namespace {

// Floor division, so that times before the epoch fall into the bucket that holds them too.
Timestamp floor_to(Timestamp t, std::chrono::milliseconds period) {
  const std::int64_t ms = to_epoch_ms(t);
  const std::int64_t p = period.count();
  std::int64_t q = ms / p;
  if (ms % p != 0 && ms < 0) --q;
  return from_epoch_ms(q * p);
}

}  // namespace

void UsageCounts::add(UsageOutcome outcome, std::int64_t n) {
  switch (outcome) {
    case UsageOutcome::kValid:
      valid += n;
      break;
    case UsageOutcome::kRateLimited:
      rate_limited += n;
      break;
    case UsageOutcome::kUsageExceeded:
      usage_exceeded += n;
      break;
    case UsageOutcome::kRefused:
      refused += n;
      break;
  }
}

void UsageCounts::add(const UsageCounts& other) {
  valid += other.valid;
  rate_limited += other.rate_limited;
  usage_exceeded += other.usage_exceeded;
  refused += other.refused;
}

std::string_view to_string(UsageGranularity g) {
  return g == UsageGranularity::kHour ? "hour" : "day";
}

std::optional<UsageGranularity> parse_usage_granularity(std::string_view text) {
  if (text == "hour") return UsageGranularity::kHour;
  if (text == "day") return UsageGranularity::kDay;
  return std::nullopt;
}

Timestamp hour_start(Timestamp t) { return floor_to(t, std::chrono::hours(1)); }

Timestamp day_start(Timestamp t) { return floor_to(t, std::chrono::days(1)); }

Timestamp bucket_start(Timestamp t, UsageGranularity g) {
  return g == UsageGranularity::kHour ? hour_start(t) : day_start(t);
}

Timestamp usage_window_start(Timestamp now, UsageGranularity g) {
  // The current hour and the hours before it, kUsageRetention in all.
  const Timestamp first_hour = hour_start(now) - kUsageRetention + std::chrono::hours(1);
  return bucket_start(first_hour, g);
}

std::vector<UsageBucket> roll_up(std::span<const UsageBucket> hours, UsageGranularity g) {
  std::map<Timestamp, UsageCounts> buckets;
  for (const auto& h : hours) {
    if (h.counts.total() == 0) continue;
    buckets[bucket_start(h.start, g)].add(h.counts);
  }
  std::vector<UsageBucket> out;
  out.reserve(buckets.size());
  for (const auto& [start, counts] : buckets) out.push_back({start, counts});
  return out;
}

}  // namespace keyward

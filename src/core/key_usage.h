// A key's usage: how many of its verifications ended which way, per hour and per day.
//
// Counts are kept per UTC hour (what the store holds); a day's counts are its hours' added up
// (roll_up), so the two granularities always agree. Usage is kept for kUsageRetention: older
// hours are pruned from the store and never shown.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace keyward {

// How long hourly counts are kept.
inline constexpr std::chrono::days kUsageRetention{90};

// How one verification of a known key ended.
enum class UsageOutcome : std::uint8_t {
  kValid,          // the key was good and its controls let it pass
  kRateLimited,    // a rate limit refused it
  kUsageExceeded,  // it had no credits left
  // Refused for what the key is or where it is used: disabled, expired (or past its roll
  // grace), without a scope asked for, or from an address it is not allowed from.
  kRefused,
};

struct UsageCounts {
  std::int64_t valid = 0;
  std::int64_t rate_limited = 0;
  std::int64_t usage_exceeded = 0;
  std::int64_t refused = 0;

  void add(UsageOutcome outcome, std::int64_t n = 1);
  void add(const UsageCounts& other);
  std::int64_t total() const { return valid + rate_limited + usage_exceeded + refused; }
  bool operator==(const UsageCounts&) const = default;
};

enum class UsageGranularity : std::uint8_t { kHour, kDay };

std::string_view to_string(UsageGranularity g);  // "hour", "day"
std::optional<UsageGranularity> parse_usage_granularity(std::string_view text);

// The start of the UTC hour or day `t` falls in.
Timestamp hour_start(Timestamp t);
Timestamp day_start(Timestamp t);
Timestamp bucket_start(Timestamp t, UsageGranularity g);

// The oldest bucket shown at `now`: the one that holds the first hour still kept.
Timestamp usage_window_start(Timestamp now, UsageGranularity g);

struct UsageBucket {
  Timestamp start;
  UsageCounts counts;
  bool operator==(const UsageBucket&) const = default;
};

// Hourly buckets (in any order, any repeated) as buckets of `g`: counts of the same bucket added
// up, oldest first, none empty.
std::vector<UsageBucket> roll_up(std::span<const UsageBucket> hours, UsageGranularity g);

}  // namespace keyward

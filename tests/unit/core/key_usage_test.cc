#include "core/key_usage.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

using std::chrono::hours;

Timestamp at(std::string_view text) { return *parse_rfc3339(text); }

TEST(KeyUsageTest, AnHourStartsOnTheHourAndADayAtMidnightUtc) {
  EXPECT_EQ(hour_start(at("2026-12-05T07:59:59.999Z")), at("2026-12-05T07:00:00Z"));
  EXPECT_EQ(hour_start(at("2026-12-05T08:00:00Z")), at("2026-12-05T08:00:00Z"));
  EXPECT_EQ(day_start(at("2026-12-05T23:59:59.999Z")), at("2026-12-05T00:00:00Z"));
  EXPECT_EQ(day_start(at("2026-12-06T00:00:00Z")), at("2026-12-06T00:00:00Z"));
  // Before the epoch too: the bucket that holds the time, not the one after it.
  EXPECT_EQ(hour_start(from_epoch_ms(-1)), from_epoch_ms(-3'600'000));
  EXPECT_EQ(bucket_start(at("2026-12-05T07:30:00Z"), UsageGranularity::kHour),
            at("2026-12-05T07:00:00Z"));
  EXPECT_EQ(bucket_start(at("2026-12-05T07:30:00Z"), UsageGranularity::kDay),
            at("2026-12-05T00:00:00Z"));
}

TEST(KeyUsageTest, GranularityIsHourOrDayAndNothingElse) {
  EXPECT_EQ(parse_usage_granularity("hour"), UsageGranularity::kHour);
  EXPECT_EQ(parse_usage_granularity("day"), UsageGranularity::kDay);
  EXPECT_EQ(parse_usage_granularity("Hour"), std::nullopt);
  EXPECT_EQ(parse_usage_granularity("week"), std::nullopt);
  EXPECT_EQ(parse_usage_granularity(""), std::nullopt);
  EXPECT_EQ(to_string(UsageGranularity::kHour), "hour");
  EXPECT_EQ(to_string(UsageGranularity::kDay), "day");
}

TEST(KeyUsageTest, EachOutcomeCountsInItsOwnField) {
  UsageCounts c;
  c.add(UsageOutcome::kValid);
  c.add(UsageOutcome::kValid, 2);
  c.add(UsageOutcome::kRateLimited);
  c.add(UsageOutcome::kUsageExceeded, 4);
  c.add(UsageOutcome::kRefused, 5);
  EXPECT_EQ(c, (UsageCounts{3, 1, 4, 5}));
  EXPECT_EQ(c.total(), 13);
  c.add(UsageCounts{1, 1, 1, 1});
  EXPECT_EQ(c, (UsageCounts{4, 2, 5, 6}));
}

TEST(KeyUsageTest, TheWindowReachesBackNinetyDaysOfHours) {
  const Timestamp now = at("2026-12-05T07:30:00Z");
  // 90 days of hours, the current one the newest: 2,160 of them.
  const Timestamp first = usage_window_start(now, UsageGranularity::kHour);
  EXPECT_EQ(first, at("2026-09-06T08:00:00Z"));
  EXPECT_EQ((hour_start(now) - first) / hours(1) + 1, 90 * 24);
  EXPECT_EQ(usage_window_start(now, UsageGranularity::kDay), at("2026-09-06T00:00:00Z"));
}

TEST(KeyUsageTest, DaysAreTheirHoursAddedUpOldestFirstWithoutEmptyOnes) {
  const std::vector<UsageBucket> hours_in{
      {at("2026-12-05T07:00:00Z"), {1, 0, 0, 2}},
      {at("2026-12-04T23:00:00Z"), {5, 1, 0, 0}},
      {at("2026-12-05T00:00:00Z"), {1, 1, 1, 1}},
      {at("2026-12-03T10:00:00Z"), {0, 0, 0, 0}},  // empty: left out
      {at("2026-12-05T07:00:00Z"), {1, 0, 0, 0}},  // the same hour again: added
  };
  EXPECT_EQ(roll_up(hours_in, UsageGranularity::kDay),
            (std::vector<UsageBucket>{{at("2026-12-04T00:00:00Z"), {5, 1, 0, 0}},
                                      {at("2026-12-05T00:00:00Z"), {3, 1, 1, 3}}}));
  EXPECT_EQ(roll_up(hours_in, UsageGranularity::kHour),
            (std::vector<UsageBucket>{{at("2026-12-04T23:00:00Z"), {5, 1, 0, 0}},
                                      {at("2026-12-05T00:00:00Z"), {1, 1, 1, 1}},
                                      {at("2026-12-05T07:00:00Z"), {2, 0, 0, 2}}}));
  EXPECT_TRUE(roll_up({}, UsageGranularity::kDay).empty());
}

}  // namespace
}  // namespace keyward

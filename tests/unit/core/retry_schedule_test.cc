#include "core/retry_schedule.h"

#include <set>

#include <gtest/gtest.h>

#include "unit/core/test_random.h"

namespace keyward {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const Timestamp kRaised = from_epoch_ms(1'800'000'000'000);

TEST(RetryScheduleTest, TheDefaultWaitsFiveSecondsThenLongerUpToSixHours) {
  const RetrySchedule schedule;
  EXPECT_EQ(schedule.delays,
            (std::vector<milliseconds>{seconds(5), seconds(30), minutes(2), minutes(10), hours(1),
                                       hours(3), hours(6)}));
  EXPECT_EQ(schedule.give_up_after, hours(24));
  EXPECT_TRUE(schedule.check());
}

TEST(RetryScheduleTest, EachTryWaitsItsDelayPlusAtMostAQuarterMore) {
  const RetrySchedule schedule;
  testutil::SeededRandom random(7);
  Timestamp now = kRaised;
  for (int failed = 1; failed <= 7; ++failed) {
    const auto delay = schedule.delays[static_cast<std::size_t>(failed - 1)];
    for (int draw = 0; draw < 50; ++draw) {
      const auto next = next_attempt_at(schedule, kRaised, now, failed, random);
      ASSERT_TRUE(next) << failed;
      EXPECT_GE(*next - now, delay);
      EXPECT_LE(*next - now, delay + delay / 4);
    }
  }
}

TEST(RetryScheduleTest, TheJitterSpreadsTriesThatFailedTogether) {
  const RetrySchedule schedule;
  testutil::SeededRandom random(11);
  std::set<Timestamp> distinct;
  for (int i = 0; i < 20; ++i) {
    distinct.insert(*next_attempt_at(schedule, kRaised, kRaised, 4, random));
  }
  EXPECT_GT(distinct.size(), 10u);
}

TEST(RetryScheduleTest, TheLastDelayRepeatsOnceTheListIsUsedUp) {
  const RetrySchedule schedule{{seconds(1), seconds(10)}, hours(24)};
  testutil::SeededRandom random(3);
  const Timestamp now = kRaised + hours(1);
  const auto next = next_attempt_at(schedule, kRaised, now, 9, random);
  ASSERT_TRUE(next);
  EXPECT_GE(*next - now, seconds(10));
  EXPECT_LE(*next - now, milliseconds(12'500));
}

TEST(RetryScheduleTest, NoTryIsScheduledPastTheRetryPeriod) {
  const RetrySchedule schedule;  // 24 hours
  testutil::SeededRandom random(5);
  // 17 h 59 min after the event, a 6-hour wait would end past the period: give up.
  EXPECT_FALSE(next_attempt_at(schedule, kRaised, kRaised + hours(18) + minutes(1), 7, random));
  EXPECT_TRUE(next_attempt_at(schedule, kRaised, kRaised + hours(12), 7, random));

  // The whole default schedule, each try failing: how many tries, and the last within 24 hours.
  Timestamp now = kRaised;
  int tries = 1;
  while (const auto next = next_attempt_at(schedule, kRaised, now, tries, random)) {
    EXPECT_LE(*next, kRaised + hours(24));
    now = *next;
    ++tries;
  }
  EXPECT_GE(tries, 8);
  EXPECT_LE(tries, 11);
}

TEST(RetryScheduleTest, AScheduleNeedsPositiveDelaysAndAPositivePeriod) {
  EXPECT_FALSE((RetrySchedule{{}, hours(1)}.check()));
  EXPECT_FALSE((RetrySchedule{{seconds(1), seconds(0)}, hours(1)}.check()));
  EXPECT_FALSE((RetrySchedule{{seconds(1)}, seconds(0)}.check()));
  EXPECT_TRUE((RetrySchedule{{milliseconds(300)}, seconds(1)}.check()));
}

}  // namespace
}  // namespace keyward

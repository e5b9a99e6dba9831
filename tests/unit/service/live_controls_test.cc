#include "service/live_controls.h"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace keyward::service {
namespace {

Timestamp at(std::int64_t seconds) { return from_epoch_ms(1'800'000'000'000 + seconds * 1000); }
const Scopes kRead{Scopes::kRead};

KeyControls with_rate(std::int64_t limit, std::int64_t window) {
  KeyControls c;
  c.rate_limits = {{limit, window}};
  return c;
}

TEST(LiveControlsTest, ARateLimitPassesExactlyItsLimitPerWindowAndSaysWhenToComeBack) {
  LiveControls live(with_rate(3, 60));
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(live.admit(kRead, {}, at(0)).verdict, ControlVerdict::kPassed);
  const auto refused = live.admit(kRead, {}, at(15));
  EXPECT_EQ(refused.verdict, ControlVerdict::kRateLimited);
  EXPECT_EQ(refused.retry_after_s, 45);  // the window is aligned to the epoch minute
  EXPECT_EQ(live.admit(kRead, {}, at(60)).verdict, ControlVerdict::kPassed);
}

TEST(LiveControlsTest, OnlyPassingVerificationsCountOrSpend) {
  KeyControls c = with_rate(2, 60);
  c.scopes = {"invoices:read"};
  c.credits = Credits{5, std::nullopt, at(0)};
  LiveControls live(c);
  const std::vector<std::string_view> other{"invoices:write"};
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(live.admit(kRead, {other, {}, 1}, at(1)).verdict, ControlVerdict::kInsufficientScope);
  }
  const std::vector<std::string_view> held{"invoices:read", "read"};
  EXPECT_EQ(live.admit(kRead, {held, {}, 1}, at(1)).credits_remaining, 4);
  EXPECT_EQ(live.admit(kRead, {held, {}, 1}, at(1)).credits_remaining, 3);
  EXPECT_EQ(live.admit(kRead, {held, {}, 1}, at(1)).verdict, ControlVerdict::kRateLimited);
  EXPECT_EQ(live.credits_now(at(1)), 3);  // the refused one spent nothing
}

TEST(LiveControlsTest, CreditsNeverGoBelowZeroUnderConcurrencyAndRefillOnSchedule) {
  KeyControls c;
  c.credits = Credits{100, CreditRefill{50, 3600}, at(0)};
  LiveControls live(c);
  std::atomic<int> passed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (live.admit(kRead, {}, at(10)).verdict == ControlVerdict::kPassed) ++passed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(passed.load(), 100);
  EXPECT_EQ(live.admit(kRead, {}, at(10)).verdict, ControlVerdict::kUsageExceeded);
  EXPECT_EQ(live.credits_now(at(3599)), 0);
  EXPECT_EQ(live.credits_now(at(3600)), 50);  // refilled to the amount, not added to
  EXPECT_EQ(live.admit(kRead, {{}, {}, 50}, at(7300)).credits_remaining, 0);  // cost 50
}

TEST(LiveControlsTest, AnAllowListRefusesOtherAndUnknownAddresses) {
  KeyControls c;
  c.allowed_ips = {*IpNetwork::parse("203.0.113.0/24")};
  LiveControls live(c);
  EXPECT_EQ(live.admit(kRead, {{}, "203.0.113.9", 1}, at(0)).verdict, ControlVerdict::kPassed);
  EXPECT_EQ(live.admit(kRead, {{}, "198.51.100.1", 1}, at(0)).verdict,
            ControlVerdict::kIpNotAllowed);
  EXPECT_EQ(live.admit(kRead, {}, at(0)).verdict, ControlVerdict::kIpNotAllowed);
}

TEST(LiveControlsTest, ANewConfigurationKeepsTheCountersUnlessItSetsTheCount) {
  KeyControls c = with_rate(2, 60);
  c.credits = Credits{10, std::nullopt, at(0)};
  LiveControls first(c);
  first.admit(kRead, {}, at(1));
  first.admit(kRead, {}, at(1));
  KeyControls renamed = c;
  renamed.scopes = {"x"};
  LiveControls second(renamed);
  second.carry_over(first);
  EXPECT_EQ(second.admit(kRead, {}, at(2)).verdict, ControlVerdict::kRateLimited);
  EXPECT_EQ(second.credits_now(at(2)), 8);
  KeyControls reset = c;
  reset.rate_limits.clear();
  reset.credits = Credits{100, std::nullopt, at(5)};
  LiveControls third(reset);
  third.carry_over(second);
  EXPECT_EQ(third.credits_now(at(6)), 100);
}

TEST(LiveControlsTest,
     AChangedLimitAppliesToWhatAlreadyPassedInTheWindowAndANewLengthStartsAfresh) {
  LiveControls first(with_rate(5, 60));
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(first.admit(kRead, {}, at(1)).verdict, ControlVerdict::kPassed);
  LiveControls lowered(with_rate(4, 60));
  lowered.carry_over(first);
  EXPECT_EQ(lowered.admit(kRead, {}, at(2)).verdict, ControlVerdict::kPassed);  // the fourth
  EXPECT_EQ(lowered.admit(kRead, {}, at(2)).verdict, ControlVerdict::kRateLimited);
  LiveControls longer(with_rate(4, 120));
  longer.carry_over(lowered);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(longer.admit(kRead, {}, at(3)).verdict, ControlVerdict::kPassed);
  EXPECT_EQ(longer.admit(kRead, {}, at(3)).verdict, ControlVerdict::kRateLimited);
}

TEST(LiveControlsTest, SpendingIsTakenForTheStoreAndTheStoresCountComesBackLessWhatWasSpentSince) {
  KeyControls c;
  c.credits = Credits{100, std::nullopt, at(0)};
  LiveControls live(c);
  for (int i = 0; i < 7; ++i) live.admit(kRead, {}, at(1));
  const auto taken = live.take_spent(at(1));
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->amount, 7);
  EXPECT_FALSE(live.take_spent(at(1)) && live.take_spent(at(1))->amount > 0);
  live.admit(kRead, {}, at(2));  // spent while the flush was under way
  live.settle(60, at(0));        // other nodes spent 33 meanwhile
  EXPECT_EQ(live.credits_now(at(2)), 59);
  live.restore(7, at(0));  // a flush that failed is written next time
  EXPECT_EQ(live.take_spent(at(3))->amount, 8);
}

// What the flusher leaves for later on a node alone (credit_flusher.h): spending of at most 1%
// of the count it was spent from, unless a refill is yet to be written.
TEST(LiveControlsTest, SmallSpendingMayWaitButNotMoreThanOnePercentOrARefill) {
  KeyControls c;
  c.credits = Credits{1000, CreditRefill{1000, 60}, at(0)};
  LiveControls live(c);
  for (int i = 0; i < 10; ++i) live.admit(kRead, {}, at(1));
  EXPECT_FALSE(live.take_spent(at(1), /*small_may_wait=*/true));  // 10 of 1,000
  live.admit(kRead, {}, at(1));
  const auto taken = live.take_spent(at(1), true);  // 11 of 1,000
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->amount, 11);
  live.admit(kRead, {}, at(2));
  EXPECT_FALSE(live.take_spent(at(2), true));
  EXPECT_EQ(live.take_spent(at(2))->amount, 1);  // a flush that takes everything
  live.admit(kRead, {}, at(61));                 // in the refilled period
  const auto refilled = live.take_spent(at(61), true);
  ASSERT_TRUE(refilled);
  EXPECT_EQ(refilled->period_start, at(60));
}

}  // namespace
}  // namespace keyward::service

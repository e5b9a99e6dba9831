#include "core/clock.h"

#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace keyward {
namespace {

using std::chrono::milliseconds;

constexpr Timestamp kStart = from_epoch_ms(1'795'435'200'000);  // 2026-11-23T12:00:00Z

TEST(ManualClockTest, StandsStillUntilMoved) {
  ManualClock clock(kStart);
  EXPECT_EQ(clock.now(), kStart);
  EXPECT_EQ(clock.now(), kStart);
}

TEST(ManualClockTest, AdvanceAndSet) {
  ManualClock clock(kStart);
  clock.advance(milliseconds{1500});
  EXPECT_EQ(clock.now(), kStart + milliseconds{1500});
  clock.advance(std::chrono::hours{12});
  EXPECT_EQ(clock.now(), kStart + milliseconds{1500} + std::chrono::hours{12});
  clock.set(kStart - milliseconds{1});
  EXPECT_EQ(clock.now(), kStart - milliseconds{1});
  clock.advance(milliseconds{-9});
  EXPECT_EQ(clock.now(), kStart - milliseconds{10});
}

TEST(ManualClockTest, UsableThroughTheInterface) {
  ManualClock manual(kStart);
  const Clock& clock = manual;
  manual.advance(milliseconds{7});
  EXPECT_EQ(clock.now(), kStart + milliseconds{7});
}

TEST(ManualClockTest, ConcurrentAdvancesAreNotLost) {
  ManualClock clock(kStart);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) clock.advance(milliseconds{1});
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(clock.now(), kStart + milliseconds{40000});
}

TEST(SystemClockTest, IsNearTheRealTimeAtMillisecondPrecision) {
  const SystemClock clock;
  const auto before = std::chrono::system_clock::now();
  const Timestamp now = clock.now();
  const auto after = std::chrono::system_clock::now();
  EXPECT_GE(now, std::chrono::floor<milliseconds>(before));
  EXPECT_LE(now, after);
  // Not a fixed or epoch value.
  EXPECT_GT(to_epoch_ms(now), to_epoch_ms(kStart) - 365LL * 24 * 3600 * 1000 * 2);
}

}  // namespace
}  // namespace keyward

// The sliding-window counter behind the authentication throttle and the key-email limits: when it
// says stop, for how long, and that one key's events never hold back another's.
#include "service/window_limiter.h"

#include <string>

#include <gtest/gtest.h>

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

const Timestamp kStart = from_epoch_ms(1'800'000'000'000);

TEST(WindowLimiterTest, AKeyGoesOnUntilItReachesTheLimit) {
  WindowLimiter limiter(3, 60s);
  EXPECT_FALSE(limiter.blocked("203.0.113.1", kStart));  // never seen
  limiter.add("203.0.113.1", kStart);
  limiter.add("203.0.113.1", kStart + 1s);
  EXPECT_FALSE(limiter.blocked("203.0.113.1", kStart + 2s));
  limiter.add("203.0.113.1", kStart + 2s);
  EXPECT_TRUE(limiter.blocked("203.0.113.1", kStart + 2s));
  EXPECT_EQ(limiter.limit(), 3);
}

TEST(WindowLimiterTest, TheWaitLastsUntilTheOldestEventLeavesTheWindow) {
  WindowLimiter limiter(3, 60s);
  limiter.add("k", kStart);
  limiter.add("k", kStart + 10s);
  limiter.add("k", kStart + 20s);
  EXPECT_EQ(limiter.blocked("k", kStart + 30s), 30s);
  EXPECT_EQ(limiter.blocked("k", kStart + 60s - 1ms), 1s);  // rounded up, never 0
  EXPECT_FALSE(limiter.blocked("k", kStart + 60s));
  // The window slides: one more is allowed, then the next oldest decides.
  limiter.add("k", kStart + 60s);
  EXPECT_EQ(limiter.blocked("k", kStart + 60s), 10s);
}

TEST(WindowLimiterTest, PartSecondsAreRoundedUp) {
  WindowLimiter limiter(1, 60s);
  limiter.add("k", kStart);
  // 59.5 s to go: telling a client 59 would have it come back too early.
  EXPECT_EQ(limiter.blocked("k", kStart + 500ms), 60s);
}

TEST(WindowLimiterTest, KeysAreCountedSeparately) {
  WindowLimiter limiter(2, 60s);
  limiter.add("a", kStart);
  limiter.add("a", kStart);
  EXPECT_TRUE(limiter.blocked("a", kStart));
  EXPECT_FALSE(limiter.blocked("b", kStart));
  EXPECT_FALSE(limiter.blocked("A", kStart));  // keys are compared exactly
}

TEST(WindowLimiterTest, EventsBeyondTheLimitDoNotProlongTheWait) {
  // A client that keeps failing while blocked is still free one window after its limit-th-last
  // event, since only as many events as the limit are kept.
  WindowLimiter limiter(2, 60s);
  for (int i = 0; i < 10; ++i) limiter.add("k", kStart + std::chrono::seconds(i));
  EXPECT_EQ(limiter.blocked("k", kStart + 9s), 59s);
  EXPECT_FALSE(limiter.blocked("k", kStart + 69s));
}

TEST(WindowLimiterTest, MemoryIsBoundedByForgettingTheOldestKeys) {
  WindowLimiter limiter(1, 3600s);
  limiter.add("first", kStart);
  ASSERT_TRUE(limiter.blocked("first", kStart));
  for (size_t i = 0; i < WindowLimiter::kMaxKeys; ++i) limiter.add(std::to_string(i), kStart);
  // Forgotten, which errs towards letting a request through; the newest are still counted.
  EXPECT_FALSE(limiter.blocked("first", kStart));
  EXPECT_TRUE(limiter.blocked(std::to_string(WindowLimiter::kMaxKeys - 1), kStart));
}

}  // namespace
}  // namespace keyward::service

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

// Sharing (service/shared_limits.h): other nodes' counts per bucket of a tenth of the window.

TEST(WindowLimiterTest, OtherNodesCountsBlockTogetherWithThisOnes) {
  WindowLimiter limiter(3, 60s);
  ASSERT_EQ(limiter.bucket(), 6s);
  limiter.merge({"203.0.113.1", to_epoch_ms(kStart), 2}, /*origin=*/9, kStart);
  EXPECT_FALSE(limiter.blocked("203.0.113.1", kStart + 1s));
  limiter.add("203.0.113.1", kStart + 1s);
  EXPECT_TRUE(limiter.blocked("203.0.113.1", kStart + 1s));
  EXPECT_FALSE(limiter.blocked("198.51.100.1", kStart + 1s));
}

TEST(WindowLimiterTest, MergingACountAgainOrAnOlderOneChangesNothing) {
  WindowLimiter limiter(3, 60s);
  limiter.merge({"k", to_epoch_ms(kStart), 2}, 9, kStart);
  limiter.merge({"k", to_epoch_ms(kStart), 2}, 9, kStart);  // the same row read twice
  limiter.merge({"k", to_epoch_ms(kStart), 1}, 9, kStart);  // a stale read arriving late
  EXPECT_EQ(limiter.tally("k", kStart).count, 2);
  limiter.merge({"k", to_epoch_ms(kStart), 1}, 10, kStart);  // another node's own count
  EXPECT_EQ(limiter.tally("k", kStart).count, 3);
  EXPECT_TRUE(limiter.blocked("k", kStart));
}

TEST(WindowLimiterTest, ABucketsEventsCountUntilItsLastMomentLeavesTheWindow) {
  WindowLimiter limiter(3, 60s);
  limiter.merge({"k", to_epoch_ms(kStart), 3}, 9, kStart);
  // Taken as happening at kStart + 6 s - 1 ms: never sooner out of the window than they were.
  EXPECT_EQ(limiter.blocked("k", kStart + 10s), 56s);
  EXPECT_TRUE(limiter.blocked("k", kStart + 66s - 2ms));
  EXPECT_FALSE(limiter.blocked("k", kStart + 66s - 1ms));
  // A count already out of the window is not even kept.
  limiter.merge({"old", to_epoch_ms(kStart), 5}, 9, kStart + 70s);
  EXPECT_EQ(limiter.tally("old", kStart + 70s).count, 0);
}

TEST(WindowLimiterTest, TheWaitCountsLocalAndRemoteEventsInTheOrderTheyLeave) {
  WindowLimiter limiter(3, 60s);
  limiter.add("k", kStart);                                       // leaves at 60 s
  limiter.merge({"k", to_epoch_ms(kStart + 12s), 2}, 9, kStart);  // leave at 78 s - 1 ms
  limiter.add("k", kStart + 30s);                                 // leaves at 90 s
  // Four events, limit three: two must leave, the local one and then the remote bucket.
  EXPECT_EQ(limiter.blocked("k", kStart + 30s), 48s);
  EXPECT_FALSE(limiter.blocked("k", kStart + 78s));
}

TEST(WindowLimiterTest, UnpublishedCountsAreTakenOncePerBucketAndCanBeGivenBack) {
  WindowLimiter limiter(100, 60s);
  limiter.add("k", kStart);
  EXPECT_TRUE(limiter.take_unpublished(kStart).empty());  // not shared: nothing remembered
  limiter.start_sharing(nullptr);
  limiter.add("k", kStart + 1s);
  limiter.add("k", kStart + 2s);
  limiter.add("k", kStart + 7s);  // the next bucket
  limiter.add("j", kStart + 7s);
  auto taken = limiter.take_unpublished(kStart + 7s);
  ASSERT_EQ(taken.size(), 3u);
  EXPECT_EQ(taken[0].key, "j");
  EXPECT_EQ(taken[1].key, "k");
  EXPECT_EQ(taken[1].bucket_ms, to_epoch_ms(kStart));
  EXPECT_EQ(taken[1].count, 2);
  EXPECT_EQ(taken[2].bucket_ms, to_epoch_ms(kStart + 6s));
  EXPECT_TRUE(limiter.take_unpublished(kStart + 7s).empty());
  // A failed publish gives them back; what was counted meanwhile adds to them.
  limiter.restore_unpublished(taken);
  limiter.add("k", kStart + 8s);
  taken = limiter.take_unpublished(kStart + 8s);
  ASSERT_EQ(taken.size(), 3u);
  EXPECT_EQ(taken[2].count, 2);
  // Buckets no window reaches any more are not worth publishing.
  limiter.restore_unpublished(taken);
  EXPECT_TRUE(limiter.take_unpublished(kStart + 10min).empty());
}

TEST(WindowLimiterTest, ForgettingAKeyDropsWhatOtherNodesCountedAndWhatIsUnpublished) {
  WindowLimiter limiter(2, 60s);
  limiter.start_sharing(nullptr);
  limiter.merge({"user-1|net", to_epoch_ms(kStart), 2}, 9, kStart);
  limiter.add("user-1|other", kStart);
  limiter.add("user-2|net", kStart);
  ASSERT_TRUE(limiter.blocked("user-1|net", kStart));
  limiter.forget_prefix("user-1|");
  EXPECT_FALSE(limiter.blocked("user-1|net", kStart));
  const auto taken = limiter.take_unpublished(kStart);
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].key, "user-2|net");
}

}  // namespace
}  // namespace keyward::service

// RateLimitCounts: a key's rate-limit windows as one node shares them. What this node counted is
// taken once (and given back when a publish fails); the other nodes' absolute counts add to this
// node's own when it decides, whoever sent them how often; windows that ended are forgotten; a
// changed limit keeps the window's counts. Then two nodes over one real store, through
// SharedLimits: what one let through refuses on the other after a sync.
#include "service/rate_limit_counts.h"

#include <algorithm>
#include <array>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "service/shared_limits.h"
#include "store/memory/memory_store.h"
#include "support/seeded_random.h"
#include "unit/store/entities.h"

namespace keyward::service {
namespace {

const Scopes kRead{Scopes::kRead};

class RateLimitCountsTest : public ::testing::Test {
 protected:
  // A key with these limits, in the table.
  NamedKey limited(std::vector<RateLimit> limits) {
    NamedKey key = make.key(org);
    key.controls.rate_limits = std::move(limits);
    table.put(key);
    return key;
  }
  // A new version of `key` with these limits, as an administrator's change puts it.
  void relimit(NamedKey& key, std::vector<RateLimit> limits) {
    key.controls.rate_limits = std::move(limits);
    ++key.version;
    table.put(key);
  }
  ControlVerdict verify(const NamedKey& key, Timestamp now) {
    return table.use(key.token_hash, now)->admission.verdict;
  }
  // Verifications until the first refusal (at most `up_to`).
  int passes(const NamedKey& key, Timestamp now, int up_to = 1000) {
    int n = 0;
    while (n < up_to && verify(key, now) == ControlVerdict::kPassed) ++n;
    return n;
  }
  // Another node's count of `key`'s window of this length that holds `now`.
  BucketCount theirs(const NamedKey& key, std::int64_t window_seconds, Timestamp now,
                     std::int64_t count) {
    const std::int64_t window_ms = window_seconds * 1000;
    const std::int64_t end = (to_epoch_ms(now) / window_ms + 1) * window_ms;
    return BucketCount{RateLimitCounts::limit_key(key.id, window_seconds), end, count};
  }
  Timestamp at(std::int64_t seconds) { return make.at(seconds); }  // at(0) begins an hour

  testing::EntityFactory make;
  testing::SeededRandom ids{5};
  const Uuid org = Uuid::random(ids);
  KeyTable table;
  RateLimitCounts counts{table};
};

TEST_F(RateLimitCountsTest, WhatEachWindowCountedIsTakenOnceKeyedByKeyIdAndLengthAtTheWindowsEnd) {
  const NamedKey key = limited({{5, 60}, {100, 3600}});
  EXPECT_TRUE(counts.take_unpublished(at(1)).empty());
  for (int i = 0; i < 3; ++i) ASSERT_EQ(verify(key, at(1)), ControlVerdict::kPassed);
  auto taken = counts.take_unpublished(at(2));
  std::ranges::sort(taken, {}, &BucketCount::key);
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_EQ(taken[0].key, key.id.to_string() + "/3600");
  EXPECT_EQ(taken[0].bucket_ms, to_epoch_ms(at(3600)));
  EXPECT_EQ(taken[0].count, 3);
  EXPECT_EQ(taken[1].key, key.id.to_string() + "/60");
  EXPECT_EQ(taken[1].bucket_ms, to_epoch_ms(at(60)));
  EXPECT_EQ(taken[1].count, 3);
  EXPECT_TRUE(counts.take_unpublished(at(2)).empty());  // nothing new
  ASSERT_EQ(verify(key, at(3)), ControlVerdict::kPassed);
  taken = counts.take_unpublished(at(3));
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_EQ(taken[0].count, 1);  // an increment: the store adds it to this node's row
  EXPECT_EQ(taken[1].count, 1);
  // A refused verification counts nowhere, and a key without rate limits has nothing to share.
  NamedKey scoped = make.key(org);
  scoped.controls.scopes = {"invoices:read"};
  table.put(scoped);
  ASSERT_EQ(verify(scoped, at(3)), ControlVerdict::kPassed);
  EXPECT_TRUE(counts.take_unpublished(at(3)).empty());
}

TEST_F(RateLimitCountsTest, LimitsOfOneLengthShareARow) {
  const NamedKey key = limited({{5, 60}, {3, 60}});
  EXPECT_EQ(passes(key, at(1)), 3);
  const auto taken = counts.take_unpublished(at(1));
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].key, key.id.to_string() + "/60");
  EXPECT_EQ(taken[0].count, 3);
}

TEST_F(RateLimitCountsTest, AFailedPublishIsGivenBackAndGoesWithTheNext) {
  const NamedKey key = limited({{10, 60}});
  for (int i = 0; i < 4; ++i) ASSERT_EQ(verify(key, at(1)), ControlVerdict::kPassed);
  const auto failed = counts.take_unpublished(at(1));
  ASSERT_EQ(failed.size(), 1u);
  ASSERT_EQ(verify(key, at(2)), ControlVerdict::kPassed);  // while the publish was under way
  counts.restore_unpublished(failed);
  const auto next = counts.take_unpublished(at(2));
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].count, 5);
  EXPECT_EQ(next[0].bucket_ms, failed[0].bucket_ms);
  // Given back after its window ended, it is dropped: the window no longer matters.
  counts.restore_unpublished(next);
  EXPECT_TRUE(counts.take_unpublished(at(60)).empty());
}

TEST_F(RateLimitCountsTest, OtherNodesCountsAddToThisNodesAndRefuseWithTheSameAnswer) {
  const NamedKey key = limited({{10, 60}});
  EXPECT_EQ(passes(key, at(1), 2), 2);
  counts.merge(theirs(key, 60, at(1), 3), 7, at(1));
  counts.merge(theirs(key, 60, at(1), 3), 7, at(1));  // read twice: the same absolute count
  counts.merge(theirs(key, 60, at(1), 2), 7, at(1));  // a late, older read lowers nothing
  counts.merge(theirs(key, 60, at(1), 4), 8, at(1));  // another node's adds up
  EXPECT_EQ(passes(key, at(15)), 1);                  // 2 here + 3 + 4 there: one left
  const auto refused = table.use(key.token_hash, at(15))->admission;
  EXPECT_EQ(refused.verdict, ControlVerdict::kRateLimited);
  EXPECT_EQ(refused.retry_after_s, 45);
  // Only this node's own passes are published, never the merged ones.
  const auto taken = counts.take_unpublished(at(15));
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].count, 3);
  // The next window starts afresh everywhere.
  EXPECT_EQ(passes(key, at(60)), 10);
}

TEST_F(RateLimitCountsTest, ARefusalFromOtherNodesCountsAloneSuffices) {
  const NamedKey key = limited({{10, 60}, {1000, 3600}});
  counts.merge(theirs(key, 60, at(30), 10), 7, at(30));
  const auto refused = table.use(key.token_hash, at(30))->admission;
  EXPECT_EQ(refused.verdict, ControlVerdict::kRateLimited);
  EXPECT_EQ(refused.retry_after_s, 30);
  EXPECT_TRUE(counts.take_unpublished(at(30)).empty());  // a refusal counts nowhere
}

TEST_F(RateLimitCountsTest, AWindowBegunAgainGetsTheOthersPassesBackAtTheNextSync) {
  const NamedKey key = limited({{10, 60}});
  ASSERT_EQ(verify(key, at(60)), ControlVerdict::kPassed);
  counts.merge(theirs(key, 60, at(60), 8), 7, at(60));
  // A verification stamped just before the window began but answered after (threads race to
  // the key's mutex) begins the previous window again, and the next one this window, afresh.
  ASSERT_EQ(verify(key, at(59)), ControlVerdict::kPassed);
  ASSERT_EQ(verify(key, at(60)), ControlVerdict::kPassed);
  (void)counts.take_unpublished(at(60));
  EXPECT_EQ(passes(key, at(60)), 1);  // 1 here and 8 there since it began again
}

TEST_F(RateLimitCountsTest, CountsOfEndedWindowsAreDroppedAndOnesAheadWaitForThisNodesClock) {
  const NamedKey key = limited({{10, 60}});
  // A count that arrives once its window has ended is not kept, nor one that is no window's end.
  counts.merge(theirs(key, 60, at(1), 10), 7, at(60));
  BucketCount misaligned = theirs(key, 60, at(1), 10);
  misaligned.bucket_ms += 1000;
  counts.merge(misaligned, 7, at(1));
  EXPECT_EQ(passes(key, at(1)), 10);
  // A node whose clock is ahead already counts the next window: its count waits here until
  // this node's clock gets there, and counts from this node's first sync in it.
  counts.merge(theirs(key, 60, at(120), 6), 7, at(119));
  EXPECT_EQ(passes(key, at(119)), 10);
  // Once a newer window was heard of, a late count of an older one changes nothing.
  counts.merge(theirs(key, 60, at(119), 3), 8, at(119));
  counts.merge(theirs(key, 60, at(120), 2), 9, at(119));
  (void)counts.take_unpublished(at(120));
  EXPECT_EQ(passes(key, at(120)), 2);  // 10 less 6 and 2
  // Nothing is kept in the store past a window's end: the rows' buckets are the windows' ends.
  EXPECT_EQ(counts.retention(), std::chrono::milliseconds(0));
}

TEST_F(RateLimitCountsTest, AChangedLimitKeepsTheWindowsCountsAndANewLengthStartsAfresh) {
  NamedKey key = limited({{5, 60}});
  EXPECT_EQ(passes(key, at(1), 3), 3);
  counts.merge(theirs(key, 60, at(1), 1), 7, at(1));
  ASSERT_EQ(counts.take_unpublished(at(1)).size(), 1u);
  // Raised to 10: 3 here and 1 elsewhere already passed in this window, so 6 more.
  relimit(key, {{10, 60}});
  EXPECT_EQ(passes(key, at(2)), 6);
  const auto taken = counts.take_unpublished(at(2));
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].count, 6);  // what was published before the change is not published again
  // Lowered to 4: refused until the window ends.
  relimit(key, {{4, 60}});
  EXPECT_EQ(verify(key, at(3)), ControlVerdict::kRateLimited);
  EXPECT_EQ(passes(key, at(60)), 4);
  // A window of another length is another count: it starts afresh, here and in the store.
  relimit(key, {{4, 120}});
  EXPECT_EQ(passes(key, at(61)), 4);
  const auto renewed = counts.take_unpublished(at(61));
  ASSERT_EQ(renewed.size(), 1u);
  EXPECT_EQ(renewed[0].key, key.id.to_string() + "/120");
  EXPECT_EQ(renewed[0].count, 4);
  EXPECT_EQ(renewed[0].bucket_ms, to_epoch_ms(at(120)));
}

TEST_F(RateLimitCountsTest, RowsThatAreNotAKeysWindowAreIgnored) {
  const NamedKey key = limited({{5, 60}});
  const std::int64_t end = to_epoch_ms(at(60));
  for (const std::string& bad : {std::string("not-a-uuid/60"), key.id.to_string(),
                                 key.id.to_string() + "/0", key.id.to_string() + "/60x",
                                 key.id.to_string() + "/" + std::to_string(kMaxRateLimitWindow + 1),
                                 key.id.to_string() + "/-60"}) {
    counts.merge(BucketCount{bad, end, 5}, 7, at(1));
    counts.restore_unpublished(std::array{BucketCount{bad, end, 5}});
  }
  counts.merge(theirs(make.key(org), 60, at(1), 5), 7, at(1));  // a key this node does not hold
  EXPECT_EQ(passes(key, at(1)), 5);
}

// Two nodes over one store, as SharedLimits shares between them.
TEST(RateLimitCountsSharedTest, WhatOneNodeLetThroughRefusesOnTheOtherAfterBothSynced) {
  store::MemoryStore store;
  ManualClock clock{from_epoch_ms(1'800'000'000'000)};
  testing::EntityFactory make;
  testing::SeededRandom ids{9};
  const std::array<std::uint8_t, 32> pepper{1, 2, 3};
  const std::array<std::uint8_t, 32> master{4, 5, 6};
  NamedKey key = make.key(Uuid::random(ids));
  key.controls.rate_limits = {{10, 60}};
  struct Node {
    Node(store::Store& s, const Clock& c, std::uint64_t seed, std::span<const std::uint8_t, 32> p,
         std::span<const std::uint8_t, 32> m)
        : random(seed),
          protector(p, m),
          shared(s, c, random, protector, {{std::string(RateLimitCounts::kName), &counts}}) {}
    testing::SeededRandom random;
    crypto::CredentialProtector protector;
    KeyTable table;
    RateLimitCounts counts{table};
    SharedLimits shared;
  };
  Node a(store, clock, 1, pepper, master), b(store, clock, 2, pepper, master);
  a.table.put(key);
  b.table.put(key);
  const auto verify = [&](Node& n) {
    return n.table.use(key.token_hash, clock.now())->admission.verdict;
  };
  for (int i = 0; i < 7; ++i) ASSERT_EQ(verify(a), ControlVerdict::kPassed);
  for (int i = 0; i < 2; ++i) ASSERT_EQ(verify(b), ControlVerdict::kPassed);
  ASSERT_TRUE(a.shared.sync());
  ASSERT_TRUE(b.shared.sync());
  ASSERT_TRUE(a.shared.sync());
  // Nine passed between them: one more, on either node, then both refuse.
  EXPECT_EQ(verify(b), ControlVerdict::kPassed);
  ASSERT_TRUE(b.shared.sync());
  ASSERT_TRUE(a.shared.sync());
  EXPECT_EQ(verify(a), ControlVerdict::kRateLimited);
  EXPECT_EQ(verify(b), ControlVerdict::kRateLimited);
  // A node started later learns the window's counts at its first sync.
  Node c(store, clock, 3, pepper, master);
  c.table.put(key);
  EXPECT_EQ(verify(c), ControlVerdict::kPassed);  // alone, before it synced
  ASSERT_TRUE(c.shared.sync());
  EXPECT_EQ(verify(c), ControlVerdict::kRateLimited);
  // The next window starts afresh.
  clock.advance(std::chrono::seconds(60));
  EXPECT_EQ(verify(a), ControlVerdict::kPassed);
}

}  // namespace
}  // namespace keyward::service

// Store::add_limit_counts() and limit_counts_after() against every Store: counts add up per row,
// a reader that remembers the last position it saw gets every row changed since and no other,
// even while other threads add, and pruning drops old buckets without moving positions back.
#include <atomic>
#include <map>
#include <thread>
#include <tuple>

#include <gtest/gtest.h>

#include "store/store.h"
#include "unit/store/implementations.h"

namespace keyward::store {
namespace {

using testing::Implementation;
using testing::implementation_name;
using testing::implementations;

using Row = std::tuple<std::string, std::string, std::int64_t, std::int64_t>;

class LimitCountsConformance : public ::testing::TestWithParam<Implementation> {
 protected:
  void SetUp() override {
    handle_ = GetParam().open();
    ASSERT_NE(handle_.store, nullptr);
  }
  Store& store() { return *handle_.store; }

  // Everything after `after`, page by page; `after` ends at the newest position read.
  std::vector<LimitCount> read_all(std::int64_t& after, std::size_t page = 100) {
    std::vector<LimitCount> out;
    for (;;) {
      auto rows = store().limit_counts_after(after, page);
      EXPECT_TRUE(rows) << rows.error().message;
      if (!rows) return out;
      for (const auto& r : *rows) {
        EXPECT_GT(r.seq, after) << "positions go up";
        after = r.seq;
        out.push_back(r);
      }
      if (rows->size() < page) return out;
    }
  }
  static std::map<Row, std::int64_t> totals(const std::vector<LimitCount>& rows) {
    std::map<Row, std::int64_t> out;
    for (const auto& r : rows) out[Row{r.limiter, r.key, r.origin, r.bucket_ms}] = r.count;
    return out;
  }

  testing::StoreHandle handle_;
};

TEST_P(LimitCountsConformance, CountsAddUpPerLimiterKeyOriginAndBucket) {
  const std::vector<LimitCount> first{{"auth_failures", "203.0.113.7", 1, 60'000, 2},
                                      {"auth_failures", "203.0.113.7", 1, 60'000, 1},  // repeat
                                      {"auth_failures", "203.0.113.7", 1, 66'000, 1},
                                      {"auth_failures", "203.0.113.7", 2, 60'000, 4},
                                      {"auth_failures", "198.51.100.1", 1, 60'000, 1},
                                      {"mail.client", "203.0.113.7", 1, 60'000, 1}};
  ASSERT_TRUE(store().add_limit_counts(first));
  const LimitCount more{"auth_failures", "203.0.113.7", 1, 60'000, 5};
  ASSERT_TRUE(store().add_limit_counts(std::span(&more, 1)));
  std::int64_t after = 0;
  EXPECT_EQ(totals(read_all(after)), (std::map<Row, std::int64_t>{
                                         {{"auth_failures", "198.51.100.1", 1, 60'000}, 1},
                                         {{"auth_failures", "203.0.113.7", 1, 60'000}, 8},
                                         {{"auth_failures", "203.0.113.7", 1, 66'000}, 1},
                                         {{"auth_failures", "203.0.113.7", 2, 60'000}, 4},
                                         {{"mail.client", "203.0.113.7", 1, 60'000}, 1},
                                     }));
}

TEST_P(LimitCountsConformance, AReaderGetsOnlyTheRowsChangedSinceItsPosition) {
  const std::vector<LimitCount> batch{{"signin", "a", 1, 0, 1}, {"signin", "b", 1, 0, 1}};
  ASSERT_TRUE(store().add_limit_counts(batch));
  std::int64_t after = 0;
  ASSERT_EQ(read_all(after).size(), 2u);
  EXPECT_TRUE(read_all(after).empty());  // nothing new
  EXPECT_TRUE(store().add_limit_counts({}));
  EXPECT_TRUE(read_all(after).empty());

  // Adding to a row moves it past the reader, with its new total.
  const LimitCount again{"signin", "b", 1, 0, 3};
  ASSERT_TRUE(store().add_limit_counts(std::span(&again, 1)));
  const auto changed = read_all(after);
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].key, "b");
  EXPECT_EQ(changed[0].count, 4);
}

TEST_P(LimitCountsConformance, PagesSplitABatchWithoutLosingARow) {
  std::vector<LimitCount> batch;
  for (int i = 0; i < 25; ++i) batch.push_back({"auth_failures", "k" + std::to_string(i), 7, 0, 1});
  ASSERT_TRUE(store().add_limit_counts(batch));
  std::int64_t after = 0;
  EXPECT_EQ(read_all(after, 4).size(), 25u);
  EXPECT_EQ(store().limit_counts_after(0, 3)->size(), 3u);
}

TEST_P(LimitCountsConformance, PruningDropsOldBucketsAndPositionsKeepGoingUp) {
  std::vector<LimitCount> batch;
  for (int i = 0; i < 5; ++i) batch.push_back({"signin", "old" + std::to_string(i), 1, 1'000, 1});
  batch.push_back({"signin", "new", 1, 9'000, 1});
  ASSERT_TRUE(store().add_limit_counts(batch));
  std::int64_t after = 0;
  ASSERT_EQ(read_all(after).size(), 6u);

  PruneCutoffs cutoffs{from_epoch_ms(0), from_epoch_ms(0), 2};
  cutoffs.limit_counts_before = from_epoch_ms(9'000);
  std::vector<std::size_t> per_call;
  for (int call = 0; call < 10; ++call) {
    const auto counts = store().prune_expired(cutoffs);
    ASSERT_TRUE(counts) << counts.error().message;
    per_call.push_back(counts->limit_counts);
    if (!counts->maybe_more(cutoffs.limit)) break;
  }
  EXPECT_EQ(per_call, (std::vector<std::size_t>{2, 2, 1}));
  std::int64_t from_start = 0;
  const auto left = read_all(from_start);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].key, "new");

  // Once every row is gone, new ones still come after what a reader has seen.
  cutoffs.limit_counts_before = from_epoch_ms(100'000);
  ASSERT_TRUE(store().prune_expired(cutoffs));
  const LimitCount later{"signin", "later", 1, 100'000, 1};
  ASSERT_TRUE(store().add_limit_counts(std::span(&later, 1)));
  const auto seen = read_all(after);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].key, "later");
}

// Positions follow commit order: a reader polling while two writers add never skips a row, so
// the last total it saw for every row is the row's final total.
TEST_P(LimitCountsConformance, AReaderPollingDuringWritesMissesNothing) {
  constexpr int kBatches = 40;
  std::atomic<int> writers_done{0};
  auto writer = [&](std::int64_t origin) {
    for (int i = 0; i < kBatches; ++i) {
      const std::vector<LimitCount> batch{
          {"auth_failures", "shared", origin, 0, 1},
          {"auth_failures", "k" + std::to_string(i % 5), origin, 0, 1}};
      EXPECT_TRUE(store().add_limit_counts(batch));
    }
    ++writers_done;
  };
  std::map<Row, std::int64_t> seen;
  std::int64_t after = 0;
  std::thread a(writer, 1), b(writer, 2);
  while (writers_done.load() < 2) {
    for (const auto& r : read_all(after))
      seen[Row{r.limiter, r.key, r.origin, r.bucket_ms}] = r.count;
  }
  a.join();
  b.join();
  for (const auto& r : read_all(after))
    seen[Row{r.limiter, r.key, r.origin, r.bucket_ms}] = r.count;
  std::int64_t from_start = 0;
  EXPECT_EQ(seen, totals(read_all(from_start)));
  EXPECT_EQ((seen[Row{"auth_failures", "shared", 1, 0}]), kBatches);
  EXPECT_EQ((seen[Row{"auth_failures", "k0", 2, 0}]), kBatches / 5);
}

INSTANTIATE_TEST_SUITE_P(AllStores, LimitCountsConformance, ::testing::ValuesIn(implementations()),
                         implementation_name);

}  // namespace
}  // namespace keyward::store

#include "store/credit_spend_batches.h"

#include <algorithm>
#include <array>
#include <set>
#include <vector>

#include <gtest/gtest.h>

namespace keyward::store {
namespace {

Uuid id(std::uint8_t n) {
  std::array<std::uint8_t, 16> bytes{};
  bytes[15] = n;
  return Uuid::from_bytes(bytes);
}

TEST(CreditSpendBatchesTest, BatchesHoldAtMostTheirSizeInKeyOrder) {
  std::vector<CreditSpend> spends;
  for (std::uint8_t n = 10; n > 0; --n) spends.push_back({id(n), n});
  const CreditSpendBatches cut(spends, 4);
  ASSERT_EQ(cut.batches().size(), 3u);  // 4 + 4 + 2
  std::vector<Uuid> order;
  for (const auto batch : cut.batches()) {
    EXPECT_LE(batch.size(), 4u);
    for (const auto& s : batch) order.push_back(s.key_id);
  }
  ASSERT_EQ(order.size(), 10u);
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
}

// One UPDATE ... FROM updates a row once, so a key met twice goes into the next batch, and its
// spends keep the order they were taken in.
TEST(CreditSpendBatchesTest, AKeyMetTwiceIsNeverTwiceInOneBatch) {
  const std::vector<CreditSpend> spends{{id(2), 5}, {id(1), 1}, {id(2), 7}, {id(3), 1}};
  const CreditSpendBatches cut(spends, 256);
  std::vector<std::int64_t> spent_by_key_two;
  for (const auto batch : cut.batches()) {
    std::set<Uuid> keys;
    for (const auto& s : batch) {
      EXPECT_TRUE(keys.insert(s.key_id).second) << "a key twice in one batch";
      if (s.key_id == id(2)) spent_by_key_two.push_back(s.spent);
    }
  }
  EXPECT_EQ(spent_by_key_two, (std::vector<std::int64_t>{5, 7}));
  EXPECT_EQ(cut.batches().size(), 2u);
}

TEST(CreditSpendBatchesTest, NoSpendsMakeNoBatches) {
  EXPECT_TRUE(CreditSpendBatches({}, 256).batches().empty());
}

}  // namespace
}  // namespace keyward::store

// Store::add_key_usage() and its reads against every Store: counts add up per key and hour
// whoever adds them (as several nodes do), the newest valid use keeps its address, reads are
// bounded by the hour asked for and by organization, the busiest keys come first, and pruning
// drops old hours in bounded batches.
#include <thread>

#include <gtest/gtest.h>

#include "store/store.h"
#include "unit/store/implementations.h"

namespace keyward::store {
namespace {

using testing::Implementation;
using testing::implementation_name;
using testing::implementations;

const Uuid kOrg = *Uuid::parse("00000000-0000-4000-8000-00000000000a");
const Uuid kOtherOrg = *Uuid::parse("00000000-0000-4000-8000-00000000000b");
const Uuid kKey = *Uuid::parse("00000000-0000-4000-8000-000000000001");
const Uuid kKey2 = *Uuid::parse("00000000-0000-4000-8000-000000000002");
const Uuid kKey3 = *Uuid::parse("00000000-0000-4000-8000-000000000003");
const Uuid kOtherKey = *Uuid::parse("00000000-0000-4000-8000-000000000009");

Timestamp hour(int n) {
  return from_epoch_ms(1'800'000'000'000 / 3'600'000 * 3'600'000) + std::chrono::hours(n);
}

class KeyUsageConformance : public ::testing::TestWithParam<Implementation> {
 protected:
  void SetUp() override {
    handle_ = GetParam().open();
    ASSERT_NE(handle_.store, nullptr);
  }
  Store& store() { return *handle_.store; }

  std::vector<KeyUsageHour> read(const Uuid& key, Timestamp from = Timestamp{}) {
    auto rows = store().key_usage(key, from);
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? *rows : std::vector<KeyUsageHour>{};
  }

  testing::StoreHandle handle_;
};

TEST_P(KeyUsageConformance, CountsAddUpPerKeyAndHourWhoeverAddsThem) {
  const std::vector<KeyUsageHour> node_a{{kKey, kOrg, hour(0), {3, 1, 0, 2}, {}, ""},
                                         {kKey, kOrg, hour(1), {1, 0, 0, 0}, {}, ""},
                                         {kKey, kOrg, hour(0), {1, 0, 1, 0}, {}, ""}};  // repeat
  const std::vector<KeyUsageHour> node_b{{kKey, kOrg, hour(0), {10, 0, 0, 1}, {}, ""},
                                         {kKey2, kOrg, hour(0), {5, 0, 0, 0}, {}, ""}};
  ASSERT_TRUE(store().add_key_usage(node_a));
  ASSERT_TRUE(store().add_key_usage(node_b));
  const auto rows = read(kKey);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].key_id, kKey);
  EXPECT_EQ(rows[0].org_id, kOrg);
  EXPECT_EQ(rows[0].hour, hour(0));
  EXPECT_EQ(rows[0].counts, (UsageCounts{14, 1, 1, 3}));
  EXPECT_EQ(rows[1].hour, hour(1));
  EXPECT_EQ(rows[1].counts, (UsageCounts{1, 0, 0, 0}));
  EXPECT_EQ(read(kKey2).size(), 1u);
  EXPECT_TRUE(read(kOtherKey).empty());
  EXPECT_TRUE(store().add_key_usage({}));
}

TEST_P(KeyUsageConformance, TheNewestValidUseKeepsItsAddressWhicheverArrivesFirst) {
  const Timestamp early = hour(0) + std::chrono::minutes(5);
  const Timestamp late = hour(0) + std::chrono::minutes(50);
  const std::vector<KeyUsageHour> newer{{kKey, kOrg, hour(0), {1, 0, 0, 0}, late, "198.51.100.7"}};
  const std::vector<KeyUsageHour> older{{kKey, kOrg, hour(0), {1, 0, 0, 0}, early, "203.0.113.9"}};
  const std::vector<KeyUsageHour> none{{kKey, kOrg, hour(0), {0, 2, 0, 0}, {}, ""}};
  ASSERT_TRUE(store().add_key_usage(newer));
  ASSERT_TRUE(store().add_key_usage(older));
  ASSERT_TRUE(store().add_key_usage(none));
  auto rows = read(kKey);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].last_used_at, late);
  EXPECT_EQ(rows[0].last_used_ip, "198.51.100.7");
  EXPECT_EQ(rows[0].counts, (UsageCounts{2, 2, 0, 0}));

  // An hour with only refusals has no last use.
  const std::vector<KeyUsageHour> refused{{kKey2, kOrg, hour(0), {0, 0, 0, 1}, {}, ""}};
  ASSERT_TRUE(store().add_key_usage(refused));
  rows = read(kKey2);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].last_used_at, std::nullopt);
  EXPECT_EQ(rows[0].last_used_ip, "");
}

TEST_P(KeyUsageConformance, AKeysReadStartsAtTheHourAskedFor) {
  std::vector<KeyUsageHour> rows;
  for (int h = 0; h < 5; ++h) rows.push_back({kKey, kOrg, hour(h), {h + 1, 0, 0, 0}, {}, ""});
  ASSERT_TRUE(store().add_key_usage(rows));
  const auto from_two = read(kKey, hour(2));
  ASSERT_EQ(from_two.size(), 3u);
  EXPECT_EQ(from_two.front().hour, hour(2));
  EXPECT_EQ(from_two.back().hour, hour(4));
  EXPECT_TRUE(read(kKey, hour(5)).empty());
}

TEST_P(KeyUsageConformance, AnOrganizationsHoursAddUpItsKeysAndNoOneElses) {
  const std::vector<KeyUsageHour> rows{{kKey, kOrg, hour(0), {1, 2, 3, 4}, {}, ""},
                                       {kKey2, kOrg, hour(0), {10, 0, 0, 0}, {}, ""},
                                       {kKey2, kOrg, hour(2), {0, 0, 0, 7}, {}, ""},
                                       {kKey, kOrg, hour(-3), {99, 0, 0, 0}, {}, ""},
                                       {kOtherKey, kOtherOrg, hour(0), {50, 0, 0, 0}, {}, ""}};
  ASSERT_TRUE(store().add_key_usage(rows));
  auto hours = store().org_usage(kOrg, hour(0));
  ASSERT_TRUE(hours) << hours.error().message;
  ASSERT_EQ(hours->size(), 2u);
  EXPECT_EQ((*hours)[0].hour, hour(0));
  EXPECT_EQ((*hours)[0].counts, (UsageCounts{11, 2, 3, 4}));
  EXPECT_EQ((*hours)[0].org_id, kOrg);
  EXPECT_EQ((*hours)[1].hour, hour(2));
  EXPECT_EQ((*hours)[1].counts, (UsageCounts{0, 0, 0, 7}));
  auto other = store().org_usage(kOtherOrg, hour(0));
  ASSERT_TRUE(other);
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ((*other)[0].counts.valid, 50);
}

TEST_P(KeyUsageConformance, TheBusiestKeysComeFirstTiesByIdAndNoneOutsideTheWindow) {
  const std::vector<KeyUsageHour> rows{{kKey, kOrg, hour(0), {1, 0, 0, 1}, {}, ""},
                                       {kKey2, kOrg, hour(0), {2, 0, 0, 0}, {}, ""},
                                       {kKey3, kOrg, hour(1), {0, 5, 0, 0}, {}, ""},
                                       {kKey3, kOrg, hour(-1), {100, 0, 0, 0}, {}, ""},
                                       {kOtherKey, kOtherOrg, hour(0), {500, 0, 0, 0}, {}, ""}};
  ASSERT_TRUE(store().add_key_usage(rows));
  auto top = store().top_keys_by_usage(kOrg, hour(0), 10);
  ASSERT_TRUE(top) << top.error().message;
  ASSERT_EQ(top->size(), 3u);
  EXPECT_EQ((*top)[0].key_id, kKey3);
  EXPECT_EQ((*top)[0].counts, (UsageCounts{0, 5, 0, 0}));
  EXPECT_EQ((*top)[1].key_id, kKey);  // 2 each: the lower id first
  EXPECT_EQ((*top)[1].counts, (UsageCounts{1, 0, 0, 1}));
  EXPECT_EQ((*top)[2].key_id, kKey2);
  auto two = store().top_keys_by_usage(kOrg, hour(0), 2);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->size(), 2u);
  auto none = store().top_keys_by_usage(kOrg, hour(5), 10);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(KeyUsageConformance, ConcurrentAddersLoseNothing) {
  constexpr int kBatches = 30;
  auto adder = [&](std::int64_t valid) {
    for (int i = 0; i < kBatches; ++i) {
      const std::vector<KeyUsageHour> batch{{kKey, kOrg, hour(0), {valid, 0, 0, 0}, {}, ""},
                                            {kKey2, kOrg, hour(i % 3), {0, 0, 0, 1}, {}, ""}};
      EXPECT_TRUE(store().add_key_usage(batch));
    }
  };
  std::thread a(adder, 1), b(adder, 2);
  a.join();
  b.join();
  const auto rows = read(kKey);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].counts.valid, 3 * kBatches);
  std::int64_t refused = 0;
  for (const auto& r : read(kKey2)) refused += r.counts.refused;
  EXPECT_EQ(refused, 2 * kBatches);
}

TEST_P(KeyUsageConformance, PruningDropsOldHoursInBatches) {
  std::vector<KeyUsageHour> rows;
  for (int h = 0; h < 5; ++h) rows.push_back({kKey, kOrg, hour(h), {1, 0, 0, 0}, {}, ""});
  rows.push_back({kKey2, kOrg, hour(1), {1, 0, 0, 0}, {}, ""});
  ASSERT_TRUE(store().add_key_usage(rows));
  PruneCutoffs cutoffs{.dead_before = Timestamp{}, .audit_before = Timestamp{}, .limit = 2};
  cutoffs.key_usage_before = hour(3);
  std::size_t pruned = 0;
  for (;;) {
    auto counts = store().prune_expired(cutoffs);
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_LE(counts->key_usage, 2u);
    pruned += counts->key_usage;
    if (!counts->maybe_more(cutoffs.limit)) break;
  }
  EXPECT_EQ(pruned, 4u);  // hours 0, 1 and 2 of kKey, hour 1 of kKey2
  const auto left = read(kKey);
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left.front().hour, hour(3));
  EXPECT_TRUE(read(kKey2).empty());
  // The epoch (the default) keeps every hour.
  auto kept = store().prune_expired({Timestamp{}, Timestamp{}, 100});
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->key_usage, 0u);
}

INSTANTIATE_TEST_SUITE_P(AllStores, KeyUsageConformance, ::testing::ValuesIn(implementations()),
                         implementation_name);

}  // namespace
}  // namespace keyward::store

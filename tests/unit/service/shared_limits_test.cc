// SharedLimits: two nodes (each its limits and its SharedLimits) over one real store, in memory
// and in a SQLite file. What one node counted blocks the other after both have synced; a node
// started later learns what was counted; a store that fails loses nothing.
#include "service/shared_limits.h"

#include <array>
#include <functional>
#include <memory>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "service/network_locks.h"
#include "service/window_limiter.h"
#include "store/memory/memory_store.h"
#include "store/sqlite/sqlite_store.h"
#include "support/fault_injecting_store.h"
#include "support/seeded_random.h"
#include "support/temp_dir.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

constexpr std::array<std::uint8_t, 32> kPepper{1, 2, 3, 4, 5, 6, 7, 8};
constexpr std::array<std::uint8_t, 32> kMasterKey{9, 8, 7, 6, 5, 4, 3, 2, 1};

// One node's limits, sharing through `store`; every node has the same pepper.
struct Node {
  Node(store::Store& store, const Clock& clock, std::uint64_t seed)
      : random(seed),
        protector(kPepper, kMasterKey),
        shared(store, clock, random, protector,
               {{"auth_failures", &auth_failures}, {"signin", &locks}}) {}
  testing::SeededRandom random;
  crypto::CredentialProtector protector;
  WindowLimiter auth_failures{3, 1min};
  NetworkLocks locks{3, 10min};
  SharedLimits shared;
};

struct StoreKind {
  std::string name;
  std::function<std::unique_ptr<store::Store>(const std::filesystem::path&)> open;
};

class SharedLimitsTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    inner = GetParam().open(dir.path());
    ASSERT_NE(inner, nullptr);
    store = std::make_unique<testing::FaultInjectingStore>(*inner);
  }
  std::unique_ptr<Node> node(std::uint64_t seed) {
    return std::make_unique<Node>(*store, clock, seed);
  }
  void fail_auth(Node& n, const std::string& client) { n.auth_failures.add(client, clock.now()); }
  bool throttled(Node& n, const std::string& client) {
    return n.auth_failures.blocked(client, clock.now()).has_value();
  }

  testing::TempDir dir;
  std::unique_ptr<store::Store> inner;
  std::unique_ptr<testing::FaultInjectingStore> store;
  ManualClock clock{from_epoch_ms(1'800'000'000'000)};
  testing::SeededRandom ids{11};
  const Uuid ada = Uuid::random(ids);
};

TEST_P(SharedLimitsTest, FailuresCountedOnOneNodeThrottleTheOtherAfterASync) {
  auto a = node(1), b = node(2);
  ASSERT_NE(a->shared.origin(), b->shared.origin());
  fail_auth(*a, "203.0.113.7");
  fail_auth(*a, "203.0.113.7");
  fail_auth(*b, "203.0.113.7");
  EXPECT_FALSE(throttled(*a, "203.0.113.7"));  // each alone is under the limit of three
  EXPECT_FALSE(throttled(*b, "203.0.113.7"));
  ASSERT_TRUE(a->shared.sync());
  ASSERT_TRUE(b->shared.sync());
  EXPECT_TRUE(throttled(*b, "203.0.113.7"));
  EXPECT_FALSE(throttled(*b, "198.51.100.1"));
  ASSERT_TRUE(a->shared.sync());
  EXPECT_TRUE(throttled(*a, "203.0.113.7"));
  // Syncing again (the same rows re-read, nothing new) counts nothing twice.
  clock.advance(66s);  // over everywhere: the window, from the last moment of the bucket
  ASSERT_TRUE(a->shared.sync());
  ASSERT_TRUE(b->shared.sync());
  EXPECT_FALSE(throttled(*a, "203.0.113.7"));
  EXPECT_FALSE(throttled(*b, "203.0.113.7"));
}

TEST_P(SharedLimitsTest, ANodeStartedLaterLearnsWhatWasCountedAtItsFirstSync) {
  auto a = node(1);
  for (int i = 0; i < 3; ++i) fail_auth(*a, "203.0.113.7");
  ASSERT_TRUE(a->shared.sync());
  clock.advance(5s);
  auto late = node(3);
  EXPECT_FALSE(throttled(*late, "203.0.113.7"));
  ASSERT_TRUE(late->shared.sync());
  EXPECT_TRUE(throttled(*late, "203.0.113.7"));
}

TEST_P(SharedLimitsTest, ASignInLockoutSplitAcrossNodesHoldsOnBoth) {
  auto a = node(1), b = node(2);
  const std::string home = "203.0.113.0/24";
  a->locks.add_failure(ada, home, clock.now());
  b->locks.add_failure(ada, home, clock.now());
  ASSERT_TRUE(a->shared.sync());
  ASSERT_TRUE(b->shared.sync());
  EXPECT_EQ(b->locks.add_failure(ada, home, clock.now()), NetworkLocks::Counted::kNetworkLocked);
  ASSERT_TRUE(b->shared.sync());
  ASSERT_TRUE(a->shared.sync());
  EXPECT_TRUE(a->locks.locked(ada, home, clock.now()));
  EXPECT_FALSE(a->locks.locked(ada, "198.51.100.0/24", clock.now()));
  // An administrator's unlock on one node reaches the other.
  a->locks.clear_user(ada, clock.now());
  ASSERT_TRUE(a->shared.sync());
  ASSERT_TRUE(b->shared.sync());
  EXPECT_FALSE(b->locks.locked(ada, home, clock.now()));
}

TEST_P(SharedLimitsTest, AFailingStoreLeavesEachNodeCountingAloneAndLosesNothing) {
  auto a = node(1), b = node(2);
  for (int i = 0; i < 3; ++i) fail_auth(*a, "203.0.113.7");
  store->fail_next_writes(1);
  EXPECT_FALSE(a->shared.sync());
  EXPECT_TRUE(throttled(*a, "203.0.113.7"));  // its own count still holds
  store->fail_next_reads(1);
  EXPECT_FALSE(b->shared.sync());
  EXPECT_FALSE(throttled(*b, "203.0.113.7"));
  // The store answers again: the counts held back reach the other node.
  ASSERT_TRUE(a->shared.sync());
  ASSERT_TRUE(b->shared.sync());
  EXPECT_TRUE(throttled(*b, "203.0.113.7"));
}

// The store is a place a full client address must not reach when mask_invalid_ips is on (and
// needs not otherwise): addresses and networks go as keyed hashes, ids as they are.
TEST_P(SharedLimitsTest, TheStoreHoldsNoClientAddressOrNetwork) {
  auto a = node(1), b = node(2);
  fail_auth(*a, "203.0.113.7");
  a->locks.add_failure(ada, "198.51.100.0/24", clock.now());
  ASSERT_TRUE(a->shared.sync());
  const auto rows = store->limit_counts_after(0, 100);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);  // the address, the account's network, the account
  for (const auto& row : *rows) {
    EXPECT_EQ(row.key.find("203.0.113"), std::string::npos) << row.key;
    EXPECT_EQ(row.key.find("198.51.100"), std::string::npos) << row.key;
  }
  // Yet the other node, with the same pepper, counts them under the same keys.
  fail_auth(*b, "203.0.113.7");
  fail_auth(*b, "203.0.113.7");
  ASSERT_TRUE(b->shared.sync());
  EXPECT_TRUE(throttled(*b, "203.0.113.7"));
  b->locks.add_failure(ada, "198.51.100.0/24", clock.now());
  EXPECT_EQ(b->locks.add_failure(ada, "198.51.100.0/24", clock.now()),
            NetworkLocks::Counted::kNetworkLocked);
}

INSTANTIATE_TEST_SUITE_P(
    Stores, SharedLimitsTest,
    ::testing::Values(StoreKind{"memory",
                                [](const std::filesystem::path&) -> std::unique_ptr<store::Store> {
                                  return std::make_unique<store::MemoryStore>();
                                }},
                      StoreKind{
                          "sqlite",
                          [](const std::filesystem::path& dir) -> std::unique_ptr<store::Store> {
                            auto s = store::SqliteStore::open(dir / "keyward.db");
                            if (!s) return nullptr;
                            return std::move(*s);
                          }}),
    [](const ::testing::TestParamInfo<StoreKind>& param) { return param.param.name; });

}  // namespace
}  // namespace keyward::service

// The per-network lockout table on its own: locks hold for one (account, network) pair, never
// extend themselves, and the account-wide hourly cap counts across networks.
#include "service/network_locks.h"

#include <map>
#include <tuple>

#include <gtest/gtest.h>

#include "support/seeded_random.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

class NetworkLocksTest : public ::testing::Test {
 protected:
  NetworkLocks::Counted fail(std::string_view network) {
    return locks.add_failure(ada, network, now);
  }
  testing::SeededRandom random{3};
  const Uuid ada = Uuid::random(random);
  const Uuid bob = Uuid::random(random);
  Timestamp now = from_epoch_ms(1'800'000'000'000);
  NetworkLocks locks{3, 10min};
};

TEST_F(NetworkLocksTest, TheLimitLocksThatNetworkForThatAccountOnly) {
  EXPECT_FALSE(locks.any(now));  // nothing locked: the request path does no more than this
  EXPECT_EQ(fail("203.0.113.0/24"), NetworkLocks::Counted::kCounted);
  EXPECT_EQ(fail("203.0.113.0/24"), NetworkLocks::Counted::kCounted);
  EXPECT_EQ(fail("203.0.113.0/24"), NetworkLocks::Counted::kNetworkLocked);
  EXPECT_TRUE(locks.any(now));
  EXPECT_TRUE(locks.locked(ada, "203.0.113.0/24", now));
  EXPECT_FALSE(locks.locked(ada, "198.51.100.0/24", now));
  EXPECT_FALSE(locks.locked(bob, "203.0.113.0/24", now));
}

TEST_F(NetworkLocksTest, FailuresDuringALockDoNotExtendIt) {
  for (int i = 0; i < 3; ++i) fail("203.0.113.0/24");
  now += 9min;
  EXPECT_EQ(fail("203.0.113.0/24"), NetworkLocks::Counted::kCounted);
  now += 1min;
  EXPECT_FALSE(locks.locked(ada, "203.0.113.0/24", now));
  EXPECT_FALSE(locks.any(now));
}

TEST_F(NetworkLocksTest, FailuresOlderThanTheLockoutNoLongerCount) {
  fail("203.0.113.0/24");
  fail("203.0.113.0/24");
  now += 10min;
  EXPECT_EQ(fail("203.0.113.0/24"), NetworkLocks::Counted::kCounted);
}

TEST_F(NetworkLocksTest, TheHourlyCapCountsEveryNetworkAndClearUserForgetsIt) {
  for (int i = 1; i < NetworkLocks::kAccountCapPerHour; ++i) {
    ASSERT_EQ(fail("net-" + std::to_string(i)), NetworkLocks::Counted::kCounted);
  }
  EXPECT_EQ(fail("one more"), NetworkLocks::Counted::kAccountCapReached);
  locks.clear_user(ada, now);
  EXPECT_EQ(fail("yet another"), NetworkLocks::Counted::kCounted);
}

// Several nodes (service/shared_limits.h), here two tables and what one publishes handed to the
// other as the store would.
class SharedNetworkLocksTest : public NetworkLocksTest {
 protected:
  SharedNetworkLocksTest() {
    locks.start_sharing(nullptr);
    other.start_sharing(nullptr);
  }
  // What `from` counted since the last call, merged into `to`, as from node `origin`; the rows
  // are absolute counts, so they are summed up per bucket the way the store keeps them.
  void sync(NetworkLocks& from, NetworkLocks& to, std::int64_t origin) {
    for (const auto& c : from.take_unpublished(now)) {
      auto& total = published[{origin, c.key, c.bucket_ms}];
      total += c.count;
      to.merge({c.key, c.bucket_ms, total}, origin, now);
    }
  }
  NetworkLocks::Counted fail_on_other(std::string_view network) {
    return other.add_failure(ada, network, now);
  }
  NetworkLocks other{3, 10min};
  std::map<std::tuple<std::int64_t, std::string, std::int64_t>, std::int64_t> published;
};

TEST_F(SharedNetworkLocksTest, FailuresSplitAcrossNodesLockTheNetworkOnBoth) {
  EXPECT_EQ(fail("203.0.113.0/24"), NetworkLocks::Counted::kCounted);
  EXPECT_EQ(fail("203.0.113.0/24"), NetworkLocks::Counted::kCounted);
  sync(locks, other, 1);
  EXPECT_FALSE(other.locked(ada, "203.0.113.0/24", now));
  EXPECT_EQ(fail_on_other("203.0.113.0/24"), NetworkLocks::Counted::kNetworkLocked);
  EXPECT_TRUE(other.locked(ada, "203.0.113.0/24", now));
  EXPECT_FALSE(locks.locked(ada, "203.0.113.0/24", now));  // until it hears of it
  now += 300ms;
  sync(other, locks, 2);
  EXPECT_TRUE(locks.any(now));
  EXPECT_TRUE(locks.locked(ada, "203.0.113.0/24", now));
  EXPECT_FALSE(locks.locked(ada, "198.51.100.0/24", now));
  EXPECT_FALSE(locks.locked(bob, "203.0.113.0/24", now));
  // Failures meeting the lock do not extend it, on either node.
  EXPECT_EQ(fail("203.0.113.0/24"), NetworkLocks::Counted::kCounted);
  sync(locks, other, 1);
  // The lock ends where it was set at once; here at most a bucket (a tenth of 10 min) later.
  now += 10min;
  EXPECT_FALSE(other.locked(ada, "203.0.113.0/24", now));
  now += 1min;
  EXPECT_FALSE(locks.locked(ada, "203.0.113.0/24", now));
  // And the failures that earned it do not count towards the next one anywhere.
  EXPECT_EQ(fail("203.0.113.0/24"), NetworkLocks::Counted::kCounted);
  sync(locks, other, 1);
  EXPECT_EQ(fail_on_other("203.0.113.0/24"), NetworkLocks::Counted::kCounted);
}

TEST_F(SharedNetworkLocksTest, ANodeThatLearnsOfALockLateLocksOnlyForWhatIsLeft) {
  for (int i = 0; i < 3; ++i) fail("203.0.113.0/24");
  ASSERT_TRUE(locks.locked(ada, "203.0.113.0/24", now));
  now += 8min;  // a node started since, reading everything at its first sync
  sync(locks, other, 1);
  EXPECT_TRUE(other.locked(ada, "203.0.113.0/24", now));
  now += 3min;  // the lock began 11 min ago: over everywhere
  EXPECT_FALSE(locks.locked(ada, "203.0.113.0/24", now));
  EXPECT_FALSE(other.locked(ada, "203.0.113.0/24", now));
}

TEST_F(SharedNetworkLocksTest, AnUnlockClearsEveryNodesLocksAndCounts) {
  for (int i = 0; i < 3; ++i) fail("203.0.113.0/24");
  fail("198.51.100.0/24");
  sync(locks, other, 1);
  ASSERT_TRUE(other.locked(ada, "203.0.113.0/24", now));
  now += 1s;
  locks.clear_user(ada, now);
  EXPECT_FALSE(locks.locked(ada, "203.0.113.0/24", now));
  sync(locks, other, 1);
  EXPECT_FALSE(other.locked(ada, "203.0.113.0/24", now));
  // The failures before the unlock are gone: two more are not enough anywhere.
  fail_on_other("198.51.100.0/24");
  fail_on_other("198.51.100.0/24");
  EXPECT_FALSE(other.locked(ada, "198.51.100.0/24", now));
  // Nor do counts from before the unlock, read after it (a node reading from the start).
  NetworkLocks fresh{3, 10min};
  fresh.merge({"u|" + ada.to_string(), to_epoch_ms(now), 1}, 1, now);
  fresh.merge({"n|" + ada.to_string() + "|203.0.113.0/24", to_epoch_ms(now - 2s), 3}, 1, now);
  EXPECT_FALSE(fresh.locked(ada, "203.0.113.0/24", now));
}

TEST_F(SharedNetworkLocksTest, TheHourlyCapCountsEveryNodesFailures) {
  for (int i = 0; i < 60; ++i) fail_on_other("net-" + std::to_string(i));
  sync(other, locks, 2);
  for (int i = 1; i < NetworkLocks::kAccountCapPerHour - 60; ++i) {
    ASSERT_EQ(fail("elsewhere-" + std::to_string(i)), NetworkLocks::Counted::kCounted);
  }
  EXPECT_EQ(fail("one more"), NetworkLocks::Counted::kAccountCapReached);
}

TEST_F(SharedNetworkLocksTest, KeysThatNameNoAccountAreIgnored) {
  locks.merge({"n|not-a-user|203.0.113.0/24", to_epoch_ms(now), 50}, 2, now);
  locks.merge({"x", to_epoch_ms(now), 50}, 2, now);
  EXPECT_FALSE(locks.any(now));
}

}  // namespace
}  // namespace keyward::service

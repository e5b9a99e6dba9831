// The per-network lockout table on its own: locks hold for one (account, network) pair, never
// extend themselves, and the account-wide hourly cap counts across networks.
#include "service/network_locks.h"

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

}  // namespace
}  // namespace keyward::service

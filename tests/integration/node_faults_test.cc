// Faults during a continuous revoke-and-verify workload on three nodes and one PostgreSQL: a node
// killed, a node frozen, a node's LISTEN connection cut, the database restarted, the database
// gone for 10 s. Through all of them no node may call a key valid once its revocation was
// acknowledged more than the staleness bound earlier, and no acknowledged write may be lost; a
// node without its database fails closed and recovers by itself.
#include <csignal>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "integration/cluster_fixture.h"
#include "support/test_postgres.h"

namespace keyward::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr milliseconds kStalenessBound{5000};  // keyward serve's default

class NodeFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override { workload.start(); }

  // Stops the workload, then checks and reports what the issue's checks count.
  void finish() {
    workload.stop();
    const int lost = workload.lost_writes();
    std::printf("revocations %d, verifications %d, valid after revocation %d, writes lost %d\n",
                workload.revocations(), workload.verifications(), workload.violations(), lost);
    EXPECT_EQ(workload.violations(), 0);
    EXPECT_EQ(lost, 0);
    EXPECT_GE(workload.revocations(), 5);  // the workload ran throughout, even on a busy machine
  }

  static void run_for(milliseconds d) { std::this_thread::sleep_for(d); }

  std::string listeners() const {
    return postgres_admin_value(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'keyward-listener'",
        cluster.postgres.uri());
  }

  Cluster cluster{3};
  RevokeVerifyWorkload workload{cluster, kStalenessBound};
};

TEST_F(NodeFaultsTest, ANodeKilledMidWorkLosesNothingItAcknowledged) {
  run_for(seconds(1));
  workload.avoid(1);
  cluster.node(1).kill_now();
  run_for(seconds(3));
  workload.stop();
  cluster.node(1).start();  // on a new port; lost_writes() asks it too
  finish();
}

TEST_F(NodeFaultsTest, ANodeFrozenForTenSecondsNeverAnswersFromWhatItKnewBefore) {
  run_for(seconds(2));
  workload.avoid(1);
  ::kill(cluster.node(1).pid(), SIGSTOP);
  run_for(seconds(10));
  ::kill(cluster.node(1).pid(), SIGCONT);
  workload.avoid(-1);
  run_for(seconds(2));
  finish();
}

TEST_F(NodeFaultsTest, ACutListenConnectionIsReplacedAndNothingIsMissed) {
  run_for(seconds(1));
  ASSERT_TRUE(within(seconds(5), [&] { return listeners() == "3"; }));
  for (int i = 0; i < 3; ++i) {
    postgres_admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
        "'keyward-listener'",
        cluster.postgres.uri());
    run_for(seconds(1));
  }
  EXPECT_TRUE(within(seconds(5), [&] { return listeners() == "3"; }));
  run_for(seconds(1));
  finish();
}

TEST_F(NodeFaultsTest, ARestartedDatabaseIsRejoinedWithoutRestartingTheNodes) {
  run_for(seconds(2));
  cluster.postgres.down();
  cluster.postgres.up();
  run_for(seconds(2));
  EXPECT_TRUE(within(seconds(5), [&] { return listeners() == "3"; }));
  finish();
}

TEST_F(NodeFaultsTest, NodesFailClosedWhileTheDatabaseIsGoneAndRecoverWhenItReturns) {
  run_for(seconds(2));
  // A key made before the outage, to ask every node about throughout.
  auto maker = cluster.client(0);
  const auto created = maker.post_json(
      cluster.keys_path(), R"({"name": "outage", "kind": "secret"})", cluster.admin_headers());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string token = std::string(created.json().at("token").as_string());
  ASSERT_TRUE(within(seconds(2), [&] {
    for (size_t i = 0; i < 3; ++i) {
      auto c = cluster.client(i);
      if (verify_key(c, token) != Verdict::kValid) return false;
    }
    return true;
  }));

  const auto outage = std::chrono::steady_clock::now();
  cluster.postgres.down();
  // Past the bound, every node refuses to answer for keys and tells its load balancer.
  run_for(kStalenessBound + seconds(2));
  for (size_t i = 0; i < 3; ++i) {
    auto c = cluster.client(i);
    EXPECT_EQ(verify_key(c, token), Verdict::kUnavailable) << "node " << i;
    const auto health = c.get("/healthz");
    EXPECT_EQ(health.status, 503) << health.body;
    EXPECT_EQ(std::string(health.json().at("status").as_string()), "stale");
  }
  run_for(seconds(10) -
          std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - outage));
  cluster.postgres.up();
  // Back without a restart: every node answers for keys again.
  for (size_t i = 0; i < 3; ++i) {
    auto c = cluster.client(i);
    EXPECT_TRUE(within(seconds(15), [&] { return verify_key(c, token) == Verdict::kValid; }))
        << "node " << i;
    EXPECT_EQ(c.get("/healthz").status, 200);
  }
  run_for(seconds(2));
  finish();
}

}  // namespace
}  // namespace keyward::testing

// Two real `keyward serve` processes over one store (PostgreSQL, and one SQLite file): the
// authentication-failure throttle and the sign-in lockout count every node's failures, so an
// attacker who spreads requests across nodes gets one budget, not one per node.
#include <filesystem>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "integration/integration_fixture.h"
#include "support/test_postgres.h"

namespace keyward::testing {
namespace {

using namespace std::chrono_literals;

// How often the nodes count together here, and a wait long enough for one node's counts to reach
// the other: its sync publishes them, the other's next sync reads them.
constexpr int kSyncMs = 100;
constexpr auto kSpread = std::chrono::milliseconds(5 * kSyncMs);

std::string config(int auth_failures_per_minute, int max_failed_logins) {
  return "limits_sync_ms = " + std::to_string(kSyncMs) +
         "\n[security]\nauth_failures_per_minute = " + std::to_string(auth_failures_per_minute) +
         "\nmax_failed_logins = " + std::to_string(max_failed_logins) + "\nlockout_seconds = 900\n";
}

struct TwoNodes {
  std::unique_ptr<TempDir> temp;
  std::unique_ptr<KeywardServer> first, second;
};

// Two nodes over one PostgreSQL schema; the second has copies of the first's pepper and master key.
TwoNodes on_postgres(const TestSchema& schema, const std::string& toml) {
  TwoNodes nodes;
  KeywardServer::Options o;
  o.store = schema.uri();
  o.config = toml;
  nodes.first = std::make_unique<KeywardServer>(o);
  nodes.temp = std::make_unique<TempDir>();
  const auto dir = *nodes.temp / "node-b";
  std::filesystem::create_directories(dir);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all);
  for (const char* file : {"pepper", "master.key"}) {
    std::filesystem::copy_file(nodes.first->data_dir() / file, dir / file);
  }
  o.data_dir = dir;
  nodes.second = std::make_unique<KeywardServer>(o);
  return nodes;
}

// Two processes serving one data directory, so one SQLite file.
TwoNodes on_sqlite(const std::string& toml) {
  TwoNodes nodes;
  KeywardServer::Options o;
  o.config = toml;
  nodes.first = std::make_unique<KeywardServer>(o);
  o.data_dir = nodes.first->data_dir();
  nodes.second = std::make_unique<KeywardServer>(o);
  return nodes;
}

// Bad credentials, as an attacker guessing keys sends them.
long guess(KeywardServer& node) {
  return node.client().get("/api/v1/auth", {{"Authorization", "Bearer kw_sk_guess"}}).status;
}

long sign_in(KeywardServer& node, const std::string& username, const std::string& password) {
  return node.client()
      .post_json("/api/v1/session", boost::json::serialize(boost::json::object{
                                        {"username", username}, {"password", password}}))
      .status;
}

// Six failures a minute allowed: three on each node are the sixth overall, and the next request
// is refused on either node, which alone has seen only three.
void expect_one_throttle(TwoNodes nodes) {
  for (int i = 0; i < 3; ++i) ASSERT_EQ(guess(*nodes.first), 401) << i;
  std::this_thread::sleep_for(kSpread);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(guess(*nodes.second), 401) << i;
  EXPECT_EQ(guess(*nodes.second), 429);
  std::this_thread::sleep_for(kSpread);
  const auto refused = nodes.first->client().get("/api/v1/auth", {{"Authorization", "Bearer x"}});
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_FALSE(refused.header("retry-after").empty());
}

// Four wrong passwords lock the account for the client's network: two on each node lock it on
// both, so even the right password is refused on either.
void expect_one_lockout(TwoNodes nodes) {
  const auto& admin = nodes.first->init();
  for (int i = 0; i < 2; ++i) ASSERT_EQ(sign_in(*nodes.first, admin.admin_username, "wrong"), 401);
  std::this_thread::sleep_for(kSpread);
  for (int i = 0; i < 2; ++i) ASSERT_EQ(sign_in(*nodes.second, admin.admin_username, "wrong"), 401);
  EXPECT_EQ(sign_in(*nodes.second, admin.admin_username, admin.admin_password), 401);
  std::this_thread::sleep_for(kSpread);
  EXPECT_EQ(sign_in(*nodes.first, admin.admin_username, admin.admin_password), 401);
}

TEST(LimitsAcrossNodesTest, PostgresNodesThrottleAuthenticationFailuresTogether) {
  TestSchema schema;
  expect_one_throttle(on_postgres(schema, config(6, 100)));
}

TEST(LimitsAcrossNodesTest, PostgresNodesLockAnAccountOutTogether) {
  TestSchema schema;
  expect_one_lockout(on_postgres(schema, config(1000, 4)));
}

TEST(LimitsAcrossNodesTest, ProcessesOnOneSqliteFileThrottleAuthenticationFailuresTogether) {
  expect_one_throttle(on_sqlite(config(6, 100)));
}

TEST(LimitsAcrossNodesTest, ProcessesOnOneSqliteFileLockAnAccountOutTogether) {
  expect_one_lockout(on_sqlite(config(1000, 4)));
}

}  // namespace
}  // namespace keyward::testing

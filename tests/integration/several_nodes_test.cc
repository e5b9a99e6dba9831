// Three `keyward serve` nodes on one PostgreSQL: what is done on one node holds on the others
// within milliseconds (each LISTENs for the commits of the others), and each says in /healthz
// whether it may be trusted to answer.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "integration/cluster_fixture.h"
#include "support/test_postgres.h"

namespace keyward::testing {
namespace {

using std::chrono::milliseconds;

class SeveralNodesTest : public ::testing::Test {
 protected:
  static std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

  Cluster cluster{3};
};

TEST_F(SeveralNodesTest, WhatOneNodeDoesToAKeyHoldsOnEveryOther) {
  auto a = cluster.client(0), b = cluster.client(1), c = cluster.client(2);
  const auto headers = cluster.admin_headers();
  const auto created =
      a.post_json(cluster.keys_path(), R"({"name": "shared", "kind": "secret"})", headers);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string token = text(created.json().at("token"));
  const std::string id = text(created.json().at("id"));
  // A second is far more than the notification needs; the poll alone would take 20 ms.
  EXPECT_TRUE(within(milliseconds(1000), [&] { return verify_key(b, token) == Verdict::kValid; }));
  EXPECT_TRUE(within(milliseconds(1000), [&] { return verify_key(c, token) == Verdict::kValid; }));

  // Rolled on C: the new token verifies everywhere, and the old one too, for its grace period.
  const auto rolled = c.post_json(cluster.keys_path() + "/" + id + "/roll", "{}", headers);
  ASSERT_EQ(rolled.status, 201) << rolled.body;
  const std::string next = text(rolled.json().at("token"));
  for (auto* client : {&a, &b}) {
    EXPECT_TRUE(
        within(milliseconds(1000), [&] { return verify_key(*client, next) == Verdict::kValid; }));
    EXPECT_EQ(verify_key(*client, token), Verdict::kValid);
  }

  // The old key deleted on B: it fails everywhere, and its successor goes on.
  ASSERT_EQ(b.del(cluster.keys_path() + "/" + id, headers).status, 204);
  for (auto* client : {&a, &c}) {
    EXPECT_TRUE(within(milliseconds(1000),
                       [&] { return verify_key(*client, token) == Verdict::kInvalid; }));
    EXPECT_EQ(verify_key(*client, next), Verdict::kValid);
  }
  // The successor deleted on B too: nothing is left anywhere.
  const std::string next_id = text(rolled.json().at("id"));
  ASSERT_EQ(b.del(cluster.keys_path() + "/" + next_id, headers).status, 204);
  for (auto* client : {&a, &c}) {
    EXPECT_TRUE(
        within(milliseconds(1000), [&] { return verify_key(*client, next) == Verdict::kInvalid; }));
  }
}

TEST_F(SeveralNodesTest, AnOrganizationApiKeyRotatedOnOneNodeIsReplacedOnEveryOther) {
  auto a = cluster.client(0), b = cluster.client(1), c = cluster.client(2);
  const auto old_headers = cluster.admin_headers();
  const std::string applications = "/Contrast/api/ng/applications";
  ASSERT_EQ(b.get(applications, old_headers).status, 200);

  const auto rotated =
      a.post_json("/api/v1/orgs/" + cluster.init().org_id + "/api-key/rotate", "", old_headers);
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  Headers new_headers = {{"Authorization", basic_credentials(cluster.init().admin_username,
                                                             cluster.init().admin_service_key)},
                         {"API-Key", text(rotated.json().at("api_key"))}};
  for (auto* client : {&b, &c}) {
    EXPECT_TRUE(within(milliseconds(1000),
                       [&] { return client->get(applications, new_headers).status == 200; }));
    EXPECT_EQ(client->get(applications, old_headers).status, 401);
  }
}

// Credits spent on one node reach the others through the store within a flush period (a second):
// each node's count is the store's, less what it spent since.
TEST_F(SeveralNodesTest, CreditsSpentOnOneNodeAreGoneOnTheOthers) {
  auto a = cluster.client(0), b = cluster.client(1);
  const auto created = a.post_json(cluster.keys_path(),
                                   R"({"name": "metered", "kind": "secret",
                                       "credits": {"remaining": 100}})",
                                   cluster.admin_headers());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string token = text(created.json().at("token"));
  const std::string body = R"({"key": ")" + token + R"(", "cost": 30})";
  ASSERT_TRUE(within(milliseconds(10000), [&] { return verify_key(b, token) == Verdict::kValid; }));
  // B spent 1 finding it; A spends 30 more (and may or may not have heard of B's 1 yet).
  const auto left = a.post_json("/api/v1/keys/verify", body).json().at("credits_remaining");
  EXPECT_TRUE(left == 70 || left == 69) << left;
  const std::string key_path = cluster.keys_path() + "/" + text(created.json().at("id"));
  // What a node says the count is; -1 while it cannot say (busy, or catching up).
  const auto remaining = [&](HttpClient& node) -> std::int64_t {
    try {
      const auto r = node.get(key_path, cluster.admin_headers());
      return r.status == 200 ? r.json().at("credits").at("remaining").as_int64() : -1;
    } catch (const std::exception&) {
      return -1;
    }
  };
  EXPECT_TRUE(within(milliseconds(10000), [&] { return remaining(b) == 69; }));
  EXPECT_TRUE(within(milliseconds(10000), [&] { return remaining(a) == 69; }));
}

TEST_F(SeveralNodesTest, EveryNodeSaysInHealthzThatItIsCurrent) {
  for (size_t i = 0; i < cluster.nodes.size(); ++i) {
    auto client = cluster.client(i);
    // The LISTEN connection is made by a thread of its own just after start: give it a moment.
    EXPECT_TRUE(within(milliseconds(3000), [&] { return client.get("/healthz").status == 200; }));
    const auto health = client.get("/healthz");
    EXPECT_EQ(text(health.json().at("status")), "ok") << health.body;
  }
  // Each node keeps one connection listening for the others' commits.
  EXPECT_TRUE(within(milliseconds(3000), [&] {
    return postgres_admin_value(
               "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
               "'keyward-listener'",
               cluster.postgres.uri()) == "3";
  }));
}

}  // namespace
}  // namespace keyward::testing

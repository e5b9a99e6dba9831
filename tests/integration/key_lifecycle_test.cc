// A named key's whole life over HTTPS: created, verified, rolled (both tokens work through the
// grace), the grace ends, deleted, and everything still there after a restart.
#include <gtest/gtest.h>

#include "core/key_token.h"
#include "integration/integration_fixture.h"

namespace keyward::testing {
namespace {

class KeyLifecycleTest : public ServerTest {};

TEST_F(KeyLifecycleTest, CreateVerifyRollGraceDelete) {
  auto client = server->client();
  const auto created = create_key("secret");
  const std::string old_token = text(created.at("token"));
  const std::string old_id = text(created.at("id"));
  EXPECT_EQ(parse_key_token(old_token), KeyKind::kSecret);
  EXPECT_TRUE(verifies(client, old_token));

  // The listing never shows a secret token again.
  const auto listed = client.get(org_path("/keys/" + old_id), server->admin_headers());
  ASSERT_EQ(listed.status, 200);
  EXPECT_FALSE(listed.json().as_object().contains("token"));
  EXPECT_EQ(listed.body.find(old_token), std::string::npos);
  EXPECT_EQ(client.get(org_path("/keys"), server->admin_headers()).body.find(old_token),
            std::string::npos);

  const auto rolled = client.post_json(org_path("/keys/" + old_id + "/roll"),
                                       R"({"grace_seconds": 2})", server->admin_headers());
  ASSERT_EQ(rolled.status, 201) << rolled.body;
  const std::string new_token = text(rolled.json().at("token"));
  const std::string new_id = text(rolled.json().at("id"));
  EXPECT_EQ(text(rolled.json().at("name")), "test");
  EXPECT_EQ(text(rolled.json().at("kind")), "secret");
  EXPECT_EQ(text(rolled.json().at("rolled_from")), old_id);
  EXPECT_TRUE(verifies(client, old_token));
  EXPECT_TRUE(verifies(client, new_token));
  const auto old_state = client.get(org_path("/keys/" + old_id), server->admin_headers()).json();
  EXPECT_EQ(text(old_state.at("status")), "rolling");
  EXPECT_TRUE(old_state.at("grace_ends_at").is_string());

  ASSERT_TRUE(eventually([&] { return !verifies(client, old_token); }, std::chrono::seconds(4)));
  EXPECT_TRUE(verifies(client, new_token));
  EXPECT_EQ(
      text(client.get(org_path("/keys/" + old_id), server->admin_headers()).json().at("status")),
      "expired");

  const auto deleted = client.del(org_path("/keys/" + new_id), server->admin_headers());
  EXPECT_EQ(deleted.status, 204);
  EXPECT_TRUE(deleted.body.empty());
  EXPECT_FALSE(verifies(client, new_token));  // at once, not eventually
  EXPECT_EQ(client.get(org_path("/keys/" + new_id), server->admin_headers()).status, 404);
  EXPECT_EQ(client.del(org_path("/keys/" + new_id), server->admin_headers()).status, 404);
}

TEST_F(KeyLifecycleTest, TheDefaultRollGraceIsTwelveHours) {
  auto client = server->client();
  const auto created = create_key("public");
  const auto rolled = client.post_json(org_path("/keys/" + text(created.at("id")) + "/roll"), "",
                                       server->admin_headers());
  ASSERT_EQ(rolled.status, 201) << rolled.body;
  const auto verified =
      client.post_json("/api/v1/keys/verify",
                       boost::json::serialize(boost::json::object{{"key", created.at("token")}}));
  const auto ends = parse_rfc3339(verified.json().at("expires_at").as_string());
  ASSERT_TRUE(ends);
  const auto now = std::chrono::system_clock::now();
  EXPECT_GT(*ends, now + std::chrono::hours(12) - std::chrono::minutes(1));
  EXPECT_LT(*ends, now + std::chrono::hours(12) + std::chrono::minutes(1));
}

TEST_F(KeyLifecycleTest, ARolledKeyCannotBeRolledAgain) {
  auto client = server->client();
  const auto created = create_key("secret");
  const std::string roll = org_path("/keys/" + text(created.at("id")) + "/roll");
  ASSERT_EQ(client.post_json(roll, "{}", server->admin_headers()).status, 201);
  const auto again = client.post_json(roll, "{}", server->admin_headers());
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(text(again.json().at("error").at("code")), "conflict");
}

TEST_F(KeyLifecycleTest, EverythingIsStillThereAfterARestart) {
  auto client = server->client();
  const auto kept = create_key("secret");
  const auto deleted = create_key("secret");
  ASSERT_EQ(client.del(org_path("/keys/" + text(deleted.at("id"))), server->admin_headers()).status,
            204);
  ASSERT_TRUE(verifies(client, text(kept.at("token"))));
  // Usage is flushed at least every second and on a graceful stop.
  ASSERT_EQ(server->stop(), 0) << server->log();
  server->start();
  auto after = server->client();
  EXPECT_TRUE(verifies(after, text(kept.at("token"))));
  EXPECT_FALSE(verifies(after, text(deleted.at("token"))));
  const auto key = after.get(org_path("/keys/" + text(kept.at("id"))), server->admin_headers());
  ASSERT_EQ(key.status, 200);
  EXPECT_TRUE(key.json().at("last_used_at").is_string()) << key.body;
  EXPECT_EQ(after.get("/Contrast/api/ng/applications", server->admin_headers()).status, 200);
}

TEST_F(KeyLifecycleTest, ExpiryIsValidated) {
  auto client = server->client();
  const auto past = client.post_json(
      org_path("/keys"), R"({"name":"x","kind":"secret","expires_at":"2001-01-01T00:00:00Z"})",
      server->admin_headers());
  EXPECT_EQ(past.status, 400);
  EXPECT_NE(past.body.find("future"), std::string::npos);
  const auto later = client.post_json(
      org_path("/keys"), R"({"name":"x","kind":"public","expires_at":"2099-01-01T00:00:00+02:00"})",
      server->admin_headers());
  ASSERT_EQ(later.status, 201);
  EXPECT_EQ(text(later.json().at("expires_at")), "2098-12-31T22:00:00Z");
}

}  // namespace
}  // namespace keyward::testing

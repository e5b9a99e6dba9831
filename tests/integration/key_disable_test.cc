// Disabling a named key over HTTPS (seed 004: "you can disable that key without disabling access
// to all of your other integrations"): it fails at once exactly as a deleted key does, stays
// listed as disabled, and the same token works again once it is enabled. Only the organization's
// administrators (and its secret keys) may do either.
#include <gtest/gtest.h>

#include "integration/security_fixture.h"

namespace keyward::testing {
namespace {

class KeyDisableTest : public SecurityTest {
 protected:
  // A secret key of Acme, created by its administrator: {id, token}.
  std::pair<std::string, std::string> acme_key(const std::string& name) {
    auto client = server->client();
    const auto r = client.post_json(acme_path("/keys"),
                                    R"({"name": ")" + name + R"(", "kind": "secret"})", ada());
    EXPECT_EQ(r.status, 201) << r.body;
    return {text(r.json().at("id")), text(r.json().at("token"))};
  }

  // The key as Acme's listing shows it (null when it is not listed).
  boost::json::value listed(const std::string& id) {
    auto client = server->client();
    const auto r = client.get(acme_path("/keys"), ada());
    EXPECT_EQ(r.status, 200) << r.body;
    const auto body = r.json();
    for (const auto& k : body.at("keys").as_array()) {
      if (text(k.at("id")) == id) return k;
    }
    return nullptr;
  }
};

TEST_F(KeyDisableTest, ADisabledKeyFailsLikeADeletedOneAndWorksAgainWhenEnabled) {
  auto client = server->client();
  const auto [id, token] = acme_key("billing");
  const auto [other_id, other_token] = acme_key("search");
  const auto [deleted_id, deleted_token] = acme_key("retired");
  ASSERT_EQ(client.del(acme_path("/keys/" + deleted_id), ada()).status, 204);
  const Headers as_key = bearer(token);
  ASSERT_EQ(client.get(acme_path("/keys"), as_key).status, 200);
  const auto deleted_refusal = client.get(acme_path("/keys"), bearer(deleted_token));
  ASSERT_EQ(deleted_refusal.status, 401);

  const auto disabled = client.post_json(acme_path("/keys/" + id + "/disable"), "", ada());
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(text(disabled.json().at("id")), id);
  EXPECT_EQ(text(disabled.json().at("status")), "disabled");
  const std::string disabled_at = text(disabled.json().at("disabled_at"));
  EXPECT_TRUE(parse_rfc3339(disabled_at));
  EXPECT_FALSE(disabled.json().as_object().contains("token"));

  // At once, not eventually: verify says no, and a request with it gets the deleted key's 401.
  const auto verified = client.post_json(
      "/api/v1/keys/verify", boost::json::serialize(boost::json::object{{"key", token}}));
  EXPECT_EQ(verified.status, 200);
  EXPECT_EQ(verified.json(), boost::json::parse(R"({"valid": false})"));
  const auto refusal = client.get(acme_path("/keys"), as_key);
  EXPECT_EQ(refusal.status, 401);
  EXPECT_EQ(refusal.body, deleted_refusal.body);
  EXPECT_EQ(refusal.header("www-authenticate"), deleted_refusal.header("www-authenticate"));
  EXPECT_EQ(refusal.header("content-type"), deleted_refusal.header("content-type"));
  EXPECT_EQ(client.get("/api/v1/auth", as_key).status, 401);
  // Only that key: the organization's other integrations go on working.
  EXPECT_TRUE(verifies(client, other_token));
  EXPECT_EQ(client.get(acme_path("/keys"), bearer(other_token)).status, 200);

  // Listed, as disabled, for administrators and members alike.
  const auto row = listed(id);
  ASSERT_TRUE(row.is_object());
  EXPECT_EQ(text(row.at("status")), "disabled");
  EXPECT_EQ(text(row.at("disabled_at")), disabled_at);
  EXPECT_EQ(text(client.get(acme_path("/keys/" + id), max()).json().at("status")), "disabled");
  EXPECT_TRUE(listed(other_id).at("disabled_at").is_null());

  // Disabling again changes nothing; a disabled key is not rolled.
  const auto again = client.post_json(acme_path("/keys/" + id + "/disable"), "", ada());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(text(again.json().at("disabled_at")), disabled_at);
  const auto roll = client.post_json(acme_path("/keys/" + id + "/roll"), "", ada());
  EXPECT_EQ(roll.status, 409);
  EXPECT_NE(roll.body.find("enable the key before rolling it"), std::string::npos) << roll.body;

  const auto enabled = client.post_json(acme_path("/keys/" + id + "/enable"), "{}", ada());
  ASSERT_EQ(enabled.status, 200) << enabled.body;
  EXPECT_EQ(text(enabled.json().at("status")), "active");
  EXPECT_TRUE(enabled.json().at("disabled_at").is_null());
  EXPECT_TRUE(verifies(client, token));  // the same token, at once
  EXPECT_EQ(client.get(acme_path("/keys"), as_key).status, 200);
  EXPECT_EQ(text(listed(id).at("status")), "active");

  // Recorded: who did it, and the refused request as a disabled key.
  ASSERT_TRUE(eventually([&] {
    const auto audit = acme_audit();
    return has_record(audit, "key.disable") && has_record(audit, "key.enable") &&
           has_record(audit, "auth.failure", "disabled key");
  })) << acme_audit();
  const auto audit = acme_audit();
  const auto* record = find_record(audit, "key.disable");
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(text(record->at("target")), "key:" + id);
  EXPECT_EQ(text(record->at("outcome")), "success");
}

TEST_F(KeyDisableTest, ADeletedKeyOrAnUnknownOneIsNotFound) {
  auto client = server->client();
  const auto [id, token] = acme_key("gone");
  ASSERT_EQ(client.del(acme_path("/keys/" + id), ada()).status, 204);
  for (const char* action : {"/disable", "/enable"}) {
    EXPECT_EQ(client.post_json(acme_path("/keys/" + id + action), "", ada()).status, 404);
    EXPECT_EQ(client
                  .post_json(
                      acme_path(std::string("/keys/00000000-0000-4000-8000-000000000000") + action),
                      "", ada())
                  .status,
              404);
    EXPECT_EQ(
        client.post_json(acme_path(std::string("/keys/not-a-key") + action), "", ada()).status,
        404);
  }
}

TEST_F(KeyDisableTest, AFieldInTheBodyIsRefusedAndChangesNothing) {
  auto client = server->client();
  const auto [id, token] = acme_key("strict");
  const auto r =
      client.post_json(acme_path("/keys/" + id + "/disable"), R"({"reason": "leaked"})", ada());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("unknown field \\\"reason\\\""), std::string::npos) << r.body;
  EXPECT_TRUE(verifies(client, token));
  EXPECT_EQ(text(listed(id).at("status")), "active");
}

TEST_F(KeyDisableTest, AnotherOrganizationsAdministratorIsToldThereIsNoSuchOrganization) {
  auto client = server->client();
  const auto [id, token] = acme_key("guarded");
  for (const char* action : {"/disable", "/enable"}) {
    const auto r = client.post_json(acme_path("/keys/" + id + action), "", eve());
    EXPECT_EQ(r.status, 404) << action << ": " << r.body;
  }
  EXPECT_TRUE(verifies(client, token));
  EXPECT_EQ(text(listed(id).at("status")), "active");
}

TEST_F(KeyDisableTest, AMemberOrAPublicKeyMayNotAndNothingChanges) {
  auto client = server->client();
  const auto [id, token] = acme_key("members-look");
  const auto public_key =
      text(client.post_json(acme_path("/keys"), R"({"name": "widget", "kind": "public"})", ada())
               .json()
               .at("token"));
  for (const Headers& who : {max(), bearer(public_key)}) {
    const auto r = client.post_json(acme_path("/keys/" + id + "/disable"), "", who);
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(text(r.json().at("error").at("code")), "permission_denied");
  }
  EXPECT_TRUE(verifies(client, token));
  EXPECT_EQ(text(listed(id).at("status")), "active");
  EXPECT_FALSE(has_record(acme_audit(), "key.disable"));

  // Once an administrator has disabled it, a member cannot enable it either.
  ASSERT_EQ(client.post_json(acme_path("/keys/" + id + "/disable"), "", ada()).status, 200);
  EXPECT_EQ(client.post_json(acme_path("/keys/" + id + "/enable"), "", max()).status, 403);
  EXPECT_FALSE(verifies(client, token));
  EXPECT_EQ(text(listed(id).at("status")), "disabled");
}

TEST_F(KeyDisableTest, ASecretKeyOfTheOrganizationMayDisableAnotherKey) {
  auto client = server->client();
  const auto [admin_id, admin_token] = acme_key("automation");
  const auto [id, token] = acme_key("leaked");
  const auto r = client.post_json(acme_path("/keys/" + id + "/disable"), "", bearer(admin_token));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(verifies(client, token));
  EXPECT_TRUE(verifies(client, admin_token));
  ASSERT_EQ(client.post_json(acme_path("/keys/" + id + "/enable"), "", bearer(admin_token)).status,
            200);
  EXPECT_TRUE(verifies(client, token));
}

TEST_F(KeyDisableTest, ADisabledKeyStaysDisabledAfterARestart) {
  auto client = server->client();
  const auto [id, token] = acme_key("persistent");
  ASSERT_EQ(client.post_json(acme_path("/keys/" + id + "/disable"), "", ada()).status, 200);
  ASSERT_EQ(server->stop(), 0) << server->log();
  server->start();
  auto after = server->client();
  EXPECT_FALSE(verifies(after, token));
  EXPECT_EQ(text(listed(id).at("status")), "disabled");
  ASSERT_EQ(after.post_json(acme_path("/keys/" + id + "/enable"), "", ada()).status, 200);
  EXPECT_TRUE(verifies(after, token));
}

}  // namespace
}  // namespace keyward::testing

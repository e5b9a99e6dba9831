// Every way credentials can be wrong gets the same 401, over real HTTPS, on both API families.
#include <set>

#include <gtest/gtest.h>

#include "integration/integration_fixture.h"

namespace keyward::testing {
namespace {

class AuthenticationTest : public ServerTest {
 protected:
  std::string creds(const std::string& username, const std::string& key) const {
    return basic_credentials(username, key);
  }
  const InitResult& init() const { return server->init(); }

  // Asserts that every header set gets a 401 with one and the same body on `path`.
  void expect_identical_refusals(const std::string& path, const std::vector<Headers>& cases) {
    auto client = server->client();
    std::set<std::string> bodies;
    for (const auto& headers : cases) {
      const auto r = client.get(path, headers);
      EXPECT_EQ(r.status, 401) << path << ": " << r.body;
      EXPECT_EQ(r.header("www-authenticate"), "Bearer realm=\"keyward\"");
      bodies.insert(r.body);
    }
    EXPECT_EQ(bodies.size(), 1u) << "401 bodies differ on " << path;
  }

  std::vector<Headers> wrong_credentials() const {
    const std::string good = creds(init().admin_username, init().admin_service_key);
    return {
        {},
        {{"Authorization", good}},
        {{"API-Key", init().org_api_key}},
        {{"Authorization", good}, {"API-Key", "WrongApiKey0000000000000000000000"}},
        {{"Authorization", creds(init().admin_username, "WrongServiceKey00000000000000000")},
         {"API-Key", init().org_api_key}},
        {{"Authorization", creds("intruder@example.com", init().admin_service_key)},
         {"API-Key", init().org_api_key}},
        {{"Authorization", creds(init().admin_username, init().admin_password)},
         {"API-Key", init().org_api_key}},
        {{"Authorization", "@@@ not base64 @@@"}, {"API-Key", init().org_api_key}},
        {{"Authorization", "Basic"}, {"API-Key", init().org_api_key}},
        {{"Authorization", "Bearer"}},
        {{"Authorization", "Bearer kw_sk_0000000000000000000000000000000000000000000000000"}},
        {{"Authorization", "Bearer " + init().org_api_key}},
    };
  }
};

TEST_F(AuthenticationTest, EveryWrongCredentialGetsTheSame401OnTheManagementApi) {
  expect_identical_refusals(org_path("/keys"), wrong_credentials());
}

TEST_F(AuthenticationTest, EveryWrongCredentialGetsTheSame401OnTheContrastApi) {
  expect_identical_refusals("/Contrast/api/ng/applications", wrong_credentials());
  auto client = server->client();
  const auto r = client.get("/Contrast/api/ng/applications");
  const auto body = r.json();
  EXPECT_FALSE(body.at("success").as_bool());
  EXPECT_EQ(body.at("messages").as_array().size(), 1u);
}

TEST_F(AuthenticationTest, AgentCredentialsAreRefusedOnTheUserAndManagementApis) {
  const auto created = server->cli({"org", "create", "--name", "Agents Inc", "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const auto org = created.json();
  eventually([&] {  // the server learns of the new organization from the journal
    auto c = server->client();
    return c.get("/api/v1/auth", {{"Authorization", creds(text(org.at("agent_username")),
                                                          text(org.at("agent_service_key")))},
                                  {"API-Key", text(org.at("api_key"))}})
               .status == 204;
  });
  const Headers agent{
      {"Authorization", creds(text(org.at("agent_username")), text(org.at("agent_service_key")))},
      {"API-Key", text(org.at("api_key"))}};
  auto client = server->client();
  const auto management = client.get("/api/v1/orgs/" + text(org.at("id")), agent);
  const auto contrast = client.get("/Contrast/api/ng/applications", agent);
  EXPECT_EQ(management.status, 401);
  EXPECT_EQ(contrast.status, 401);
  EXPECT_EQ(management.body, client.get(org_path()).body);  // the ordinary 401
}

TEST_F(AuthenticationTest, ALockedAccountGetsTheOrdinary401) {
  auto client = server->client();
  ASSERT_EQ(client.get(org_path("/keys"), server->admin_headers()).status, 200);
  const std::string ordinary = client.get(org_path("/keys")).body;
  auto db = open_database();
  User admin = *db->find_user(init().admin_username);
  admin.locked_until =
      from_epoch_ms(to_epoch_ms(std::chrono::time_point_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now())) +
                    3'600'000);
  admin.version += 1;
  store::WriteBatch lock;
  lock.users.push_back(admin);
  ASSERT_TRUE(db->apply(lock));
  ASSERT_TRUE(eventually(
      [&] { return client.get(org_path("/keys"), server->admin_headers()).status == 401; }));
  EXPECT_EQ(client.get(org_path("/keys"), server->admin_headers()).body, ordinary);
}

TEST_F(AuthenticationTest, WithTheApiKeyLayerOffUsersStillNeedTheApiKey) {
  auto client = server->client();
  auto db = open_database();
  Organization org = *db->get_organization(Uuid::parse(init().org_id).value());
  org.api_key_enabled = false;
  org.version += 1;
  store::WriteBatch disable;
  disable.organizations.push_back(org);
  ASSERT_TRUE(db->apply(disable));
  const Headers without_api_key{
      {"Authorization", basic_credentials(init().admin_username, init().admin_service_key)}};
  EXPECT_EQ(client.get(org_path("/keys"), server->admin_headers()).status, 200);
  EXPECT_EQ(client.get(org_path("/keys"), without_api_key).status, 401);
}

TEST_F(AuthenticationTest, ExpiredAndRevokedKeysGetTheOrdinary401) {
  auto client = server->client();
  const std::string ordinary = client.get(org_path("/keys")).body;
  const auto soon = format_rfc3339(std::chrono::time_point_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now() + std::chrono::milliseconds(1500)));
  const auto expiring = create_key("secret", R"(, "expires_at": ")" + soon + "\"");
  const auto revoked = create_key("secret");
  const Headers expiring_bearer{{"Authorization", "Bearer " + text(expiring.at("token"))}};
  const Headers revoked_bearer{{"Authorization", "Bearer " + text(revoked.at("token"))}};
  EXPECT_EQ(client.get(org_path("/keys"), expiring_bearer).status, 200);
  ASSERT_EQ(client.del(org_path("/keys/" + text(revoked.at("id"))), server->admin_headers()).status,
            204);
  const auto after_revoke = client.get(org_path("/keys"), revoked_bearer);
  EXPECT_EQ(after_revoke.status, 401);
  EXPECT_EQ(after_revoke.body, ordinary);
  ASSERT_TRUE(
      eventually([&] { return client.get(org_path("/keys"), expiring_bearer).status == 401; }));
  EXPECT_EQ(client.get(org_path("/keys"), expiring_bearer).body, ordinary);
}

TEST_F(AuthenticationTest, AMemberOfAnotherOrganizationSeesNothingOfThisOne) {
  const auto other = server->cli({"org", "create", "--name", "Other", "--json"});
  ASSERT_EQ(other.exit_code, 0);
  const auto user = server->cli({"user", "create", "--org", text(other.json().at("id")),
                                 "--username", "eve@other.example", "--role", "admin", "--json"});
  ASSERT_EQ(user.exit_code, 0) << user.err;
  const Headers eve{
      {"Authorization", creds("eve@other.example", text(user.json().at("service_key")))},
      {"API-Key", text(other.json().at("api_key"))}};
  auto client = server->client();
  ASSERT_TRUE(eventually([&] { return client.get("/api/v1/orgs", eve).status == 200; }));
  EXPECT_EQ(client.get(org_path("/keys"), eve).status, 404);
  EXPECT_EQ(client.get(org_path(), eve).status, 404);
  EXPECT_EQ(client.post_json(org_path("/keys"), R"({"name":"x","kind":"secret"})", eve).status,
            404);
  const auto mine = client.get("/api/v1/orgs", eve).json().at("organizations").as_array();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("name").as_string(), "Other");
}

TEST_F(AuthenticationTest, APublicKeyIdentifiesItsOrganizationAndNothingMore) {
  auto client = server->client();
  const auto listing = client.get(org_path("/keys"), server->admin_headers()).json();
  const std::string token(listing.at("keys").as_array()[0].at("token").as_string());
  const Headers pub{{"Authorization", "Bearer " + token}};
  EXPECT_EQ(client.get("/api/v1/auth", pub).status, 204);
  const auto read = client.get(org_path("/keys"), pub);
  EXPECT_EQ(read.status, 403);
  EXPECT_NE(read.body.find("public key only identifies its organization"), std::string::npos)
      << read.body;
  const auto write = client.post_json(org_path("/keys"), R"({"name":"x","kind":"secret"})", pub);
  EXPECT_EQ(write.status, 403);
  // Nothing was written.
  EXPECT_EQ(
      client.get(org_path("/keys"), server->admin_headers()).json().at("keys").as_array().size(),
      listing.at("keys").as_array().size());
}

TEST_F(AuthenticationTest, AMemberMayReadKeysButNotManageThem) {
  const auto member = server->cli({"user", "create", "--org", init().org_id, "--username",
                                   "mo@example.com", "--role", "member", "--json"});
  ASSERT_EQ(member.exit_code, 0) << member.err;
  const Headers mo{
      {"Authorization", creds("mo@example.com", text(member.json().at("service_key")))},
      {"API-Key", init().org_api_key}};
  auto client = server->client();
  ASSERT_TRUE(eventually([&] { return client.get(org_path("/keys"), mo).status == 200; }));
  EXPECT_EQ(client.post_json(org_path("/keys"), R"({"name":"x","kind":"secret"})", mo).status, 403);
  EXPECT_EQ(client.post_json("/api/v1/orgs", R"({"name":"x"})", mo).status, 403);
}

}  // namespace
}  // namespace keyward::testing

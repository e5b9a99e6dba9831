// Organization members over real HTTPS and through the real command: a one-time password that
// only opens a session together with a new one, roles, unlocking, removal (effective at once, and
// from the command line within the journal's tenth of a second), the last administrator, and the
// agent configuration with its audit record.
#include <gtest/gtest.h>

#include "integration/security_fixture.h"

namespace keyward::testing {
namespace {

class MemberAdministrationTest : public SecurityTest {
 protected:
  std::string members_path(const std::string& rest = "") const {
    return acme_path("/members" + rest);
  }
  HttpResponse sign_in(const boost::json::object& body) {
    auto client = server->client();
    return client.post_json("/api/v1/session", boost::json::serialize(body));
  }
  std::string id_of(const std::string& username) {
    auto client = server->client();
    const auto r = client.get(members_path(), ada());
    EXPECT_EQ(r.status, 200) << r.body;
    const auto body = r.json();
    for (const auto& m : body.at("members").as_array()) {
      if (text(m.at("username")) == username) return text(m.at("user_id"));
    }
    return "";
  }
};

TEST_F(MemberAdministrationTest, AnAddedPersonSignsInOnlyByChoosingTheirOwnPassword) {
  auto client = server->client();
  const auto added = client.post_json(
      members_path(), R"({"username": "bob@acme.example", "role": "member"})", ada());
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string once = text(added.json().at("one_time_password"));
  EXPECT_TRUE(added.json().at("member").at("password_change_required").as_bool());

  const auto alone = sign_in({{"username", "bob@acme.example"}, {"password", once}});
  EXPECT_EQ(alone.status, 403);
  EXPECT_EQ(text(alone.json().at("error").at("code")), "password_change_required");
  EXPECT_TRUE(alone.header("set-cookie").empty());
  const auto wrong = sign_in({{"username", "bob@acme.example"},
                              {"password", "guess"},
                              {"new_password", "a long enough phrase"}});
  EXPECT_EQ(wrong.status, 401);  // a new password does not help a wrong one
  const auto chosen = sign_in({{"username", "bob@acme.example"},
                               {"password", once},
                               {"new_password", "bob's own pass phrase"}});
  ASSERT_EQ(chosen.status, 201) << chosen.body;
  EXPECT_FALSE(chosen.header("set-cookie").empty());
  EXPECT_EQ(sign_in({{"username", "bob@acme.example"}, {"password", once}}).status, 401);
  EXPECT_EQ(
      sign_in({{"username", "bob@acme.example"}, {"password", "bob's own pass phrase"}}).status,
      201);
  EXPECT_TRUE(has_record(acme_audit(), "org.member.add", "bob@acme.example as member"));
}

TEST_F(MemberAdministrationTest, ARemovedMembersServiceKeyFailsAtOnceOverHttps) {
  auto client = server->client();
  ASSERT_EQ(client.get("/Contrast/api/ng/applications", max()).status, 200);
  const auto removed = client.del(members_path("/" + id_of(max_user.username)), ada());
  ASSERT_EQ(removed.status, 204) << removed.body;
  EXPECT_EQ(client.get("/Contrast/api/ng/applications", max()).status, 401);
  EXPECT_EQ(client.get(members_path(), max()).status, 401);
  EXPECT_TRUE(has_record(acme_audit(), "org.member.remove"));
}

TEST_F(MemberAdministrationTest, RolesAndLocksChangeWhatTheServerAllows) {
  auto client = server->client();
  const std::string max_id = id_of(max_user.username);
  EXPECT_EQ(client.post_json(acme_path("/agent-key/rotate"), "", max()).status, 403);
  ASSERT_EQ(client.put_json(members_path("/" + max_id), R"({"role": "admin"})", ada()).status, 200);
  EXPECT_EQ(client.post_json(acme_path("/agent-key/rotate"), "", max()).status, 200);

  for (int i = 0; i < 5; ++i) {
    sign_in({{"username", max_user.username}, {"password", "wrong"}});
  }
  EXPECT_EQ(client.get("/api/v1/auth", max()).status, 401);  // a locked user's key fails too
  const auto unlocked = client.post_json(members_path("/" + max_id + "/unlock"), "", ada());
  ASSERT_EQ(unlocked.status, 200) << unlocked.body;
  EXPECT_FALSE(unlocked.json().at("locked").as_bool());
  EXPECT_EQ(client.get("/api/v1/auth", max()).status, 204);
  EXPECT_EQ(sign_in({{"username", max_user.username}, {"password", max_user.password}}).status,
            201);
}

TEST_F(MemberAdministrationTest, TheCommandManagesMembersAndTheServerFollows) {
  const auto added = server->cli({"member", "add", "--org", acme.org_id, "--username",
                                  "cy@acme.example", "--role", "member", "--json"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_FALSE(text(added.json().at("one_time_password")).empty());
  // An existing account from another organization: the command acts as a system administrator.
  const auto existing = server->cli({"member", "add", "--org", acme.org_id, "--username",
                                     "eve@globex.example", "--role", "member"});
  ASSERT_EQ(existing.exit_code, 0) << existing.err;
  EXPECT_NE(existing.out.find("An existing account"), std::string::npos) << existing.out;

  const auto listed = server->cli({"member", "list", "--org", acme.org_id});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("cy@acme.example  member, has not chosen a password yet"),
            std::string::npos)
      << listed.out;

  auto client = server->client();
  ASSERT_EQ(client.get("/Contrast/api/ng/applications", max()).status, 200);
  const auto removed =
      server->cli({"member", "remove", "--org", acme.org_id, "--username", max_user.username});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_TRUE(
      eventually([&] { return client.get("/Contrast/api/ng/applications", max()).status == 401; }));

  const auto last = server->cli({"member", "role", "--org", acme.org_id, "--username",
                                 "ada@acme.example", "--role", "member"});
  EXPECT_EQ(last.exit_code, 1);
  EXPECT_NE(last.err.find("only administrator"), std::string::npos) << last.err;
  const auto stranger =
      server->cli({"member", "unlock", "--org", acme.org_id, "--username", "nobody@acme.example"});
  EXPECT_EQ(stranger.exit_code, 1);
  EXPECT_NE(stranger.err.find("is not a member of \"Acme\""), std::string::npos) << stranger.err;
}

TEST_F(MemberAdministrationTest, TheAgentConfigurationIsTheOrganizationsLiveCredentials) {
  auto client = server->client();
  const auto r = client.get(acme_path("/agent-config"), ada());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/yaml; charset=utf-8");
  EXPECT_NE(r.body.find("  url: \"" + server->url() + "/Contrast\"\n"), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("  api_key: \"" + acme.api_key + "\"\n"), std::string::npos);
  EXPECT_NE(r.body.find("  user_name: \"" + acme.agent_username + "\"\n"), std::string::npos);
  EXPECT_NE(r.body.find("  service_key: \"" + acme.agent_service_key + "\"\n"), std::string::npos);
  EXPECT_EQ(client.get(acme_path("/agent-config"), max()).status, 403);
  EXPECT_EQ(client.get(acme_path("/agent-config"), eve()).status, 404);
  EXPECT_TRUE(has_record(acme_audit(), "org.credentials.reveal", "contrast_security.yaml"));

  const auto file = server->temp_dir() / "contrast_security.yaml";
  const auto cli = server->cli({"org", "agent-config", "--org", acme.org_id, "--url", server->url(),
                                "--output", file.string()});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const auto run = run_keyward({"agent-demo", "--url", server->url() + "/Contrast", "--api-key",
                                acme.api_key, "--agent-user", acme.agent_username, "--agent-key",
                                acme.agent_service_key, "--ca-file", server->ca_file()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
}

}  // namespace
}  // namespace keyward::testing

// An organization's credentials, users' service keys, application keys and the key policy,
// administered over real HTTPS by each kind of caller, with the audit log watching.
#include <gtest/gtest.h>

#include "integration/security_fixture.h"

namespace keyward::testing {
namespace {

bool is_masked(const std::string& shown, const std::string& secret) {
  return shown != secret && shown.starts_with("****") &&
         secret.ends_with(shown.substr(shown.size() - 4));
}

std::vector<std::string> details(const HttpResponse& r) {
  std::vector<std::string> out;
  const auto body = r.json();  // keep the parsed document alive while reading from it
  const auto& e = body.at("error").as_object();
  if (const auto* d = e.if_contains("details")) {
    for (const auto& item : d->as_array()) out.emplace_back(item.as_string());
  }
  return out;
}

using SecurityAdminTest = SecurityTest;

TEST_F(SecurityAdminTest, CredentialsAreMaskedUntilAnAdministratorRevealsThem) {
  auto client = server->client();
  const auto shown = client.get(acme_path("/credentials"), ada());
  ASSERT_EQ(shown.status, 200) << shown.body;
  const auto c = shown.json();
  EXPECT_EQ(text(c.at("organization_uuid")), acme.org_id);
  EXPECT_EQ(text(c.at("agent_username")), acme.agent_username);
  EXPECT_TRUE(is_masked(text(c.at("api_key")), acme.api_key)) << c;
  EXPECT_TRUE(is_masked(text(c.at("agent_service_key")), acme.agent_service_key)) << c;
  EXPECT_TRUE(c.at("api_key_enabled").as_bool());
  EXPECT_FALSE(c.at("revealed").as_bool());

  const auto revealed = client.get(acme_path("/credentials?reveal=true"), ada()).json();
  EXPECT_EQ(text(revealed.at("api_key")), acme.api_key);
  EXPECT_EQ(text(revealed.at("agent_service_key")), acme.agent_service_key);

  // A member sees the masked view without the last four characters or what the key's policy
  // says of them, and may not reveal; another organization may not even look.
  const auto member_view = client.get(acme_path("/credentials"), max());
  ASSERT_EQ(member_view.status, 200);
  EXPECT_EQ(text(member_view.json().at("api_key")), "****");
  EXPECT_EQ(text(member_view.json().at("agent_service_key")), "****");
  EXPECT_TRUE(member_view.json().at("api_key_violations").as_array().empty());
  EXPECT_EQ(member_view.body.find(acme.api_key.substr(acme.api_key.size() - 4)), std::string::npos);
  const auto refused = client.get(acme_path("/credentials?reveal=true"), max());
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.body.find(acme.api_key), std::string::npos);
  EXPECT_EQ(client.get(acme_path("/credentials"), eve()).status, 404);
  // The system administrator selects any organization.
  EXPECT_EQ(text(client.get(acme_path("/credentials?reveal=true"), root()).json().at("api_key")),
            acme.api_key);

  const auto audit = acme_audit();
  EXPECT_TRUE(has_record(audit, "org.credentials.reveal"));
}

TEST_F(SecurityAdminTest, RotatedApiKeyFailsAtOnceAndTheAuditLogSaysARotatedKeyWasPresented) {
  auto client = server->client();
  const Headers old_ada = ada();
  const auto rotated = client.post_json(acme_path("/api-key/rotate"), "", ada());
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string new_key = text(rotated.json().at("api_key"));
  EXPECT_NE(new_key, acme.api_key);
  EXPECT_EQ(new_key.size(), 32u);  // the default policy's length

  // The old value fails on the very next request: the ordinary 401, nothing more.
  const auto stale = client.get(ng("/applications"), old_ada);
  EXPECT_EQ(stale.status, 401);
  EXPECT_EQ(stale.body.find("rotated"), std::string::npos);
  acme.api_key = new_key;
  EXPECT_EQ(client.get(ng("/applications"), ada()).status, 200);
  // Agents present the same key: theirs fails too until they are given the new one.
  EXPECT_EQ(
      client
          .post_json("/Contrast/api/engine/applications", R"({"name":"shop","language":"Java"})",
                     agent(Tenant{acme.org_id, old_ada[1].second, acme.agent_username,
                                  acme.agent_service_key, ""}))
          .status,
      401);

  const auto audit = acme_audit();
  EXPECT_TRUE(has_record(audit, "org.api_key.rotate"));
  EXPECT_TRUE(has_record(audit, "auth.failure", "rotated API key")) << audit;
}

TEST_F(SecurityAdminTest, RotatedAgentServiceKeyFailsAtOnceAndIsDiagnosable) {
  auto client = server->client();
  const Tenant old_agent = acme;
  const auto rotated = client.post_json(acme_path("/agent-key/rotate"), "", ada());
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  acme.agent_service_key = text(rotated.json().at("agent_service_key"));
  EXPECT_NE(acme.agent_service_key, old_agent.agent_service_key);

  const std::string registration = R"({"name":"shop","language":"Java"})";
  EXPECT_EQ(
      client.post_json("/Contrast/api/engine/applications", registration, agent(old_agent)).status,
      401);
  EXPECT_EQ(client.post_json("/Contrast/api/engine/applications", registration, agent(acme)).status,
            201);
  EXPECT_TRUE(has_record(acme_audit(), "auth.failure", "rotated agent service key"));
  // Members may not rotate it.
  EXPECT_EQ(client.post_json(acme_path("/agent-key/rotate"), "", max()).status, 403);
}

TEST_F(SecurityAdminTest, AChosenApiKeyMustSatisfyThePolicyAndEveryBrokenRuleIsNamed) {
  auto client = server->client();
  const auto refused = client.put_json(acme_path("/api-key"), R"({"value":"short"})", ada());
  ASSERT_EQ(refused.status, 422) << refused.body;
  const auto broken = details(refused);
  ASSERT_EQ(broken.size(), 3u) << refused.body;  // too short, numerals, upper case
  EXPECT_NE(broken[0].find("at least 32 characters"), std::string::npos) << broken[0];
  EXPECT_NE(refused.body.find("numerals"), std::string::npos);
  EXPECT_NE(refused.body.find("upper-case"), std::string::npos);
  EXPECT_EQ(client.get(ng("/applications"), ada()).status, 200) << "the old key must still work";

  const std::string chosen = "Acme2026ChosenKeyWith32Characters";
  const auto set = client.put_json(acme_path("/api-key"), R"({"value":")" + chosen + "\"}", ada());
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.body.find(chosen), std::string::npos) << "the reply masks what was sent";
  EXPECT_EQ(client.get(ng("/applications"), ada()).status, 401);
  acme.api_key = chosen;
  EXPECT_EQ(client.get(ng("/applications"), ada()).status, 200);
  EXPECT_TRUE(has_record(acme_audit(), "org.api_key.set"));

  // Malformed bodies are refused with a reason, and change nothing.
  for (const std::string& body : {std::string(R"({"value": 7})"), std::string(R"({})"),
                                  std::string(R"({"value":"x","extra":1})"), std::string("{")}) {
    const auto r = client.put_json(acme_path("/api-key"), body, ada());
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
  }
  EXPECT_EQ(client.get(ng("/applications"), ada()).status, 200);
}

TEST_F(SecurityAdminTest, TheApiKeyIsALayerAnOrganizationTurnsOnAndOffForItsAgents) {
  auto client = server->client();
  const auto secret =
      client.post_json(acme_path("/keys"), R"({"name":"ops","kind":"secret"})", ada());
  ASSERT_EQ(secret.status, 201);
  const Headers ops = bearer(text(secret.json().at("token")));
  const Headers agent_alone{
      {"Authorization", basic_credentials(acme.agent_username, acme.agent_service_key)}};
  const auto report = [&](const Headers& as) {
    return client
        .post_json("/Contrast/api/engine/applications", R"({"name":"shop","language":"Java"})", as)
        .status;
  };
  EXPECT_EQ(report(agent_alone), 401);  // on by default: the agent needs the API key

  ASSERT_EQ(client.post_json(acme_path("/api-key/disable"), "", ada()).status, 200);
  EXPECT_EQ(report(agent_alone), 201);  // registered
  EXPECT_EQ(report(agent(acme)), 200);
  // The User API needs the API key whether the layer is on or off.
  EXPECT_EQ(client.get(ng("/applications"), ada()).status, 200);
  EXPECT_EQ(client.get(ng("/applications"), max()).status, 200);
  const Headers ada_alone{
      {"Authorization", basic_credentials("ada@acme.example", acme.user_service_key)}};
  EXPECT_EQ(client.get(ng("/applications"), ada_alone).status, 401);
  const auto creds = client.get(acme_path("/credentials"), ops);
  ASSERT_EQ(creds.status, 200) << "named keys do not use the API key";
  EXPECT_FALSE(creds.json().at("api_key_enabled").as_bool());

  ASSERT_EQ(client.post_json(acme_path("/api-key/enable"), "", ops).status, 200);
  EXPECT_EQ(report(agent_alone), 401);
  EXPECT_EQ(report(agent(acme)), 200);
  const auto audit = acme_audit();
  EXPECT_TRUE(has_record(audit, "org.api_key.disable"));
  EXPECT_TRUE(has_record(audit, "org.api_key.enable"));
}

TEST_F(SecurityAdminTest, UsersSeeAndRotateTheirOwnServiceKey) {
  auto client = server->client();
  const auto me = client.get("/api/v1/users/me", max());
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(text(me.json().at("username")), max_user.username);
  EXPECT_TRUE(is_masked(text(me.json().at("service_key")), max_user.service_key));
  EXPECT_EQ(text(client.get("/api/v1/users/me?reveal=true", max()).json().at("service_key")),
            max_user.service_key);

  const Headers old_max = max();
  const auto rotated = client.post_json("/api/v1/users/me/service-key/rotate", "", max());
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  max_user.service_key = text(rotated.json().at("service_key"));
  EXPECT_EQ(client.get("/api/v1/users/me", old_max).status, 401);
  EXPECT_EQ(client.get("/api/v1/users/me", max()).status, 200);
  // Only their own: the path has no user in it, and keys and agents have no "me".
  EXPECT_EQ(client.get("/api/v1/users/me", agent(acme)).status, 401);
  EXPECT_TRUE(has_record(acme_audit(), "auth.failure", "rotated user service key"));
}

TEST_F(SecurityAdminTest, ApplicationKeysFollowTheirOwnPolicy) {
  const std::string app = register_app("shop", "Java");
  auto client = server->client();
  const std::string path = acme_path("/applications/" + app + "/key");
  const auto rotated = client.post_json(path + "/rotate", "", ada());
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string key = text(rotated.json().at("application_key"));
  EXPECT_EQ(key.size(), 32u);

  // A member sees that a key is set and nothing of its characters; an administrator, its last four.
  const auto shown = client.get(path, max()).json();
  EXPECT_EQ(text(shown.at("application_key")), "****");
  EXPECT_TRUE(shown.at("complies").as_bool());
  EXPECT_TRUE(is_masked(text(client.get(path, ada()).json().at("application_key")), key));
  EXPECT_EQ(client.get(path + "?reveal=true", max()).status, 403);
  EXPECT_EQ(text(client.get(path + "?reveal=true", ada()).json().at("application_key")), key);

  // A stricter application-key policy: the key stays, is reported, and new ones comply.
  ASSERT_EQ(client
                .put_json("/api/v1/system/key-policy",
                          R"({"application_key":{"length":48,"min_numerals":10}})", root())
                .status,
            200);
  const auto after = client.get(path + "?reveal=true", ada()).json();
  EXPECT_EQ(text(after.at("application_key")), key);
  EXPECT_FALSE(after.at("complies").as_bool());
  EXPECT_EQ(client.put_json(path, R"({"value":")" + key + "\"}", ada()).status, 422);
  const std::string fresh =
      text(client.post_json(path + "/rotate", "", ada()).json().at("application_key"));
  EXPECT_EQ(fresh.size(), 48u);
  EXPECT_GE(
      std::count_if(fresh.begin(), fresh.end(), [](char ch) { return ch >= '0' && ch <= '9'; }),
      10);
  EXPECT_EQ(client.put_json(path, R"({"value":")" + fresh + "X\"}", max()).status, 403);
  const auto audit = acme_audit();
  EXPECT_TRUE(has_record(audit, "application.key.rotate"));
}

TEST_F(SecurityAdminTest, OnlyTheSystemAdministratorSetsTheKeyPolicy) {
  auto client = server->client();
  const auto current = client.get("/api/v1/system/key-policy", root());
  ASSERT_EQ(current.status, 200) << current.body;
  EXPECT_EQ(current.json().at("org_api_key").at("length").as_int64(), 32);
  EXPECT_FALSE(current.json().at("mask_invalid_ips").as_bool());
  for (const auto& who : {ada(), max(), eve()}) {
    EXPECT_EQ(client.get("/api/v1/system/key-policy", who).status, 403);
    EXPECT_EQ(
        client.put_json("/api/v1/system/key-policy", R"({"mask_invalid_ips":true})", who).status,
        403);
  }

  // Nonsense is refused with every reason, and the policy stays as it was.
  const auto nonsense = client.put_json(
      "/api/v1/system/key-policy",
      R"({"org_api_key":{"length":20,"min_numerals":-1,"min_upper":15,"min_lower":15}})", root());
  ASSERT_EQ(nonsense.status, 400) << nonsense.body;
  EXPECT_EQ(details(nonsense).size(), 2u) << nonsense.body;  // negative; minimums past the length
  EXPECT_EQ(
      client.put_json("/api/v1/system/key-policy", R"({"org_api_key":{"length":100000}})", root())
          .status,
      400);
  EXPECT_EQ(client.put_json("/api/v1/system/key-policy", R"({"org_api_key":{"lenght":40}})", root())
                .status,
            400);
  EXPECT_EQ(client.get("/api/v1/system/key-policy", root()).body, current.body);

  // A stricter policy leaves today's key working, lists it as non-compliant, shapes new keys.
  ASSERT_EQ(client
                .put_json("/api/v1/system/key-policy",
                          R"({"org_api_key":{"length":40,"min_numerals":8}})", root())
                .status,
            200);
  EXPECT_EQ(client.get(ng("/applications"), ada()).status, 200);
  const auto creds = client.get(acme_path("/credentials"), ada()).json();
  EXPECT_FALSE(creds.at("api_key_complies").as_bool());
  EXPECT_FALSE(creds.at("api_key_violations").as_array().empty());
  const auto compliance = client.get("/api/v1/system/key-compliance", root());
  ASSERT_EQ(compliance.status, 200);
  EXPECT_GE(compliance.json().at("non_compliant").as_int64(), 3);  // three organizations
  const std::string fresh =
      text(client.post_json(acme_path("/api-key/rotate"), "", ada()).json().at("api_key"));
  EXPECT_EQ(fresh.size(), 40u);
  EXPECT_TRUE(has_record(acme_audit(), "org.api_key.rotate"));
  const auto system = client.get("/api/v1/system/audit?limit=200", root());
  ASSERT_EQ(system.status, 200);
  EXPECT_TRUE(has_record(system.json().at("events").as_array(), "system.settings.update"));
}

TEST_F(SecurityAdminTest, TheAuditLogIsPagedAndEachOrganizationSeesOnlyItsOwn) {
  auto client = server->client();
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(client.post_json(acme_path("/agent-key/rotate"), "", ada()).status, 200);
  }
  const auto first = client.get(acme_path("/audit?limit=2"), ada());
  ASSERT_EQ(first.status, 200) << first.body;
  const auto page = first.json();
  ASSERT_EQ(page.at("events").as_array().size(), 2u);
  // Authentication failures are written a second late, so they may sit among the rotations.
  const auto all = acme_audit();
  int rotations = 0;
  for (const auto& e : all) {
    if (text(e.at("action")) == "org.agent_key.rotate") ++rotations;
  }
  EXPECT_EQ(rotations, 3);
  const auto* newest = find_record(all, "org.agent_key.rotate");
  ASSERT_NE(newest, nullptr);
  EXPECT_TRUE(text(newest->at("actor")).starts_with("user:")) << *newest;
  EXPECT_TRUE(text(newest->at("actor")).ends_with(" ada@acme.example")) << *newest;
  EXPECT_EQ(text(newest->at("org_id")), acme.org_id);
  EXPECT_EQ(text(newest->at("outcome")), "success");
  EXPECT_EQ(text(newest->at("client_ip")), "127.0.0.1");
  const auto before = page.at("next_before").as_int64();
  const auto second =
      client.get(acme_path("/audit?limit=2&before=" + std::to_string(before)), ada()).json();
  EXPECT_LT(second.at("events").as_array()[0].at("id").as_int64(), before);

  EXPECT_EQ(client.get(acme_path("/audit"), max()).status, 403);
  EXPECT_EQ(client.get(acme_path("/audit"), eve()).status, 404);
  EXPECT_EQ(client.get("/api/v1/system/audit", ada()).status, 403);
  const auto globex_audit = client.get("/api/v1/orgs/" + globex.org_id + "/audit", eve()).json();
  EXPECT_FALSE(has_record(globex_audit.at("events").as_array(), "org.agent_key.rotate"));
  EXPECT_EQ(client.get(acme_path("/audit?limit=0"), ada()).status, 400);
  EXPECT_EQ(client.get(acme_path("/audit?before=abc"), ada()).status, 400);
}

// Every operation, by every role: what each gets (2xx, 403, or 404 across organizations).
TEST_F(SecurityAdminTest, EachRoleGetsExactlyWhatTheSeedsGiveIt) {
  const std::string app = register_app("shop", "Java");
  struct Op {
    std::string method, path, body;
    int admin, member, other_admin;  // expected for ada, max, eve; root is always allowed
  };
  const std::string app_key = acme_path("/applications/" + app + "/key");
  const std::vector<Op> ops{
      {"GET", acme_path("/credentials"), "", 200, 200, 404},
      {"GET", acme_path("/credentials?reveal=true"), "", 200, 403, 404},
      {"POST", acme_path("/agent-key/rotate"), "", 200, 403, 404},
      {"PUT", acme_path("/api-key"), R"({"value":"x"})", 422, 403, 404},
      {"GET", app_key, "", 200, 200, 404},
      {"POST", app_key + "/rotate", "", 200, 403, 404},
      {"GET", acme_path("/audit"), "", 200, 403, 404},
      {"GET", "/api/v1/system/key-policy", "", 403, 403, 403},
      {"PUT", "/api/v1/system/key-policy", "{}", 403, 403, 403},
      {"GET", "/api/v1/system/key-compliance", "", 403, 403, 403},
      {"GET", "/api/v1/system/audit", "", 403, 403, 403},
      {"GET", "/api/v1/users/me", "", 200, 200, 200},
  };
  auto client = server->client();
  for (const auto& op : ops) {
    Headers json_type{{"Content-Type", "application/json"}};
    auto as = [&](Headers h) {
      if (!op.body.empty()) h.emplace_back("Content-Type", "application/json");
      return client.request(op.method, op.path, h, op.body).status;
    };
    EXPECT_EQ(as(ada()), op.admin) << op.method << " " << op.path << " as an administrator";
    EXPECT_EQ(as(max()), op.member) << op.method << " " << op.path << " as a member";
    EXPECT_EQ(as(eve()), op.other_admin) << op.method << " " << op.path << " as another org";
    const long by_root = as(root());
    EXPECT_TRUE(by_root == 200 || by_root == 422) << op.method << " " << op.path << " as root";
    EXPECT_EQ(as({}), 401) << op.method << " " << op.path << " without credentials";
  }
}

// The audit record is written in the same transaction as the change: when it cannot be written,
// the change does not happen.
TEST_F(SecurityAdminTest, AChangeWhoseAuditRecordCannotBeWrittenDoesNotHappen) {
  auto client = server->client();
  const auto before = client.get(acme_path("/credentials?reveal=true"), ada()).json();
  execute_sql(
      "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events "
      "BEGIN SELECT RAISE(ABORT, 'audit storage is full'); END;");
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", acme_path("/api-key/rotate")},
           {"POST", acme_path("/agent-key/rotate")},
           {"POST", acme_path("/api-key/disable")},
           {"POST", "/api/v1/users/me/service-key/rotate"}}) {
    const auto r = client.request(method, path, ada());
    EXPECT_EQ(r.status, 503) << method << " " << path << ": " << r.body;
    EXPECT_EQ(r.body.find("audit storage is full"), std::string::npos) << "no internals leak";
  }
  const auto refused_policy =
      client.put_json("/api/v1/system/key-policy", R"({"mask_invalid_ips":true})", root());
  EXPECT_EQ(refused_policy.status, 503);

  // Showing the keys needs its record written first, so that is refused too, showing nothing.
  const auto unrecorded = client.get(acme_path("/credentials?reveal=true"), ada());
  EXPECT_EQ(unrecorded.status, 503);
  EXPECT_EQ(unrecorded.body.find(text(before.at("api_key"))), std::string::npos);
  EXPECT_FALSE(
      client.get("/api/v1/system/key-policy", root()).json().at("mask_invalid_ips").as_bool());
  execute_sql("DROP TRIGGER refuse_audit;");

  // Nothing changed: the same credentials, still enabled, still working; the same policy.
  const auto after = client.get(acme_path("/credentials?reveal=true"), ada());
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.json().at("api_key"), before.at("api_key"));
  EXPECT_EQ(after.json().at("agent_service_key"), before.at("agent_service_key"));
  EXPECT_TRUE(after.json().at("api_key_enabled").as_bool());
  EXPECT_EQ(client.post_json(acme_path("/api-key/rotate"), "", ada()).status, 200);
}

// A chosen API key must not become a way to test guesses of other organizations' keys.
TEST_F(SecurityAdminTest, AChosenApiKeyIsNoOracleForOtherOrganizationsKeys) {
  auto client = server->client();
  const auto set = [&](const std::string& value) {
    return client.put_json(acme_path("/api-key"), R"({"value":")" + value + "\"}", ada());
  };
  // Another organization's key, this organization's own key, and a key rotated away elsewhere
  // all get the same answer, and nothing changes.
  const std::string globex_old = globex.api_key;
  const auto taken = set(globex.api_key);
  EXPECT_EQ(taken.status, 422) << taken.body;
  EXPECT_NE(taken.body.find("cannot be used as an API key"), std::string::npos) << taken.body;
  EXPECT_EQ(taken.body.find("exists"), std::string::npos);
  EXPECT_EQ(set(acme.api_key).body, taken.body);
  const auto rotated =
      client.post_json("/api/v1/orgs/" + globex.org_id + "/api-key/rotate", "", eve());
  ASSERT_EQ(rotated.status, 200);
  globex.api_key = text(rotated.json().at("api_key"));
  EXPECT_EQ(set(globex_old).body, taken.body);
  EXPECT_EQ(client.get("/api/v1/auth", ada()).status, 204);
  EXPECT_EQ(client.get("/api/v1/auth", eve()).status, 204);

  // Ten attempts an hour per organization, whatever their outcome; then 429 with Retry-After.
  int attempts = 3;
  while (attempts < 10) {
    EXPECT_EQ(set("short").status, 422);
    ++attempts;
  }
  const auto capped = set("Chosen0ApiKey1ForTheAcmeOrganization2026");
  EXPECT_EQ(capped.status, 429) << capped.body;
  EXPECT_FALSE(capped.header("retry-after").empty());
  EXPECT_EQ(client.get("/api/v1/auth", ada()).status, 204) << "the key did not change";

  // Every refusal is in the audit log, none saying whose the value is.
  ASSERT_TRUE(eventually([&] {
    const auto audit = acme_audit();
    return has_record(audit, "org.api_key.set", "unusable value") &&
           has_record(audit, "org.api_key.set", "breaks the key policy") &&
           has_record(audit, "org.api_key.set", "too many chosen values");
  }));
  int refusals = 0;
  for (const auto& r : acme_audit()) {
    if (text(r.at("action")) != "org.api_key.set") continue;
    EXPECT_NE(text(r.at("outcome")), "success");
    EXPECT_EQ(text(r.at("detail")).find(globex.org_id), std::string::npos);
    ++refusals;
  }
  EXPECT_EQ(refusals, 11);
}

}  // namespace
}  // namespace keyward::testing

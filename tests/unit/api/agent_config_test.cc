// GET /api/v1/orgs/{orgId}/agent-config: contrast_security.yaml with the organization's live
// credentials, for administrators, recorded as a reveal.
#include <gtest/gtest.h>

#include "unit/api/api_fixture.h"
#include "unit/service/audit_records.h"

namespace keyward::api {
namespace {

class AgentConfigTest : public testing::ApiTest {
 protected:
  std::string path() const { return "/api/v1/orgs/" + org_a.org.id.to_string() + "/agent-config"; }
};

TEST_F(AgentConfigTest, HoldsTheOrganizationsUrlKeysAndAgentUsername) {
  auto headers = user(admin_a, org_a);
  headers.emplace_back("Host", "keys.example.com:8443");
  const auto r = call(http::Method::get, path(), headers);
  ASSERT_EQ(r.result_int(), 200u) << r.body();
  EXPECT_EQ(r[http::beast_http::field::content_type], "application/yaml; charset=utf-8");
  EXPECT_EQ(r["Content-Disposition"], "attachment; filename=\"contrast_security.yaml\"");
  EXPECT_EQ(r[http::beast_http::field::cache_control], "no-store");
  const std::string& yaml = r.body();
  EXPECT_NE(yaml.find("api:\n  url: \"https://keys.example.com:8443/Contrast\"\n"),
            std::string::npos)
      << yaml;
  EXPECT_NE(yaml.find("  api_key: \"" + org_a.api_key + "\"\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("  user_name: \"" + org_a.org.agent_username + "\"\n"), std::string::npos);
  EXPECT_NE(yaml.find("  service_key: \"" + org_a.agent_service_key + "\"\n"), std::string::npos);

  ASSERT_TRUE(audit.flush());
  store::AuditQuery q;
  q.action = "org.credentials.reveal";
  const auto records = memory.list_audit(q);
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ(records->front().detail, "as the agent configuration (contrast_security.yaml)");
  EXPECT_EQ(records->front().org_id, org_a.org.id);
}

TEST_F(AgentConfigTest, OnlyAdministratorsGetIt) {
  EXPECT_EQ(call(http::Method::get, path(), user(member_a, org_a)).result_int(), 403u);
  EXPECT_EQ(call(http::Method::get, path(), user(admin_b, org_b)).result_int(), 404u);
  EXPECT_EQ(call(http::Method::get, path(), agent(org_a)).result_int(), 401u);
  EXPECT_EQ(call(http::Method::get, path()).result_int(), 401u);
}

// Showing a secret in full writes its audit record first; when that write fails, the answer is
// 503 and holds no secret.
TEST_F(AgentConfigTest, RevealsAreAuditedBeforeTheSecretLeavesOrNotShownAtAll) {
  const std::string org = "/api/v1/orgs/" + org_a.org.id.to_string();
  const std::string app_key = org + "/applications/" + app_a.id.to_string() + "/key";
  ASSERT_EQ(call(http::Method::post, app_key + "/rotate", user(admin_a, org_a)).result_int(), 200u);
  for (const std::string& target :
       {path(), org + "/credentials?reveal=true", app_key + "?reveal=true",
        std::string("/api/v1/users/me?reveal=true")}) {
    const auto before = testing::audit_records(memory).size();
    store.fail_next_writes(1);
    const auto refused = call(http::Method::get, target, user(admin_a, org_a));
    EXPECT_EQ(refused.result_int(), 503u) << target << ": " << refused.body();
    EXPECT_EQ(refused.body().find(org_a.api_key), std::string::npos) << target;
    EXPECT_EQ(refused.body().find(org_a.agent_service_key), std::string::npos) << target;
    EXPECT_EQ(refused.body().find(admin_a.service_key), std::string::npos) << target;
    EXPECT_EQ(testing::audit_records(memory).size(), before) << target;
    // With the store back, the same request shows the secret and its record is there at once,
    // before any flush.
    const auto shown = call(http::Method::get, target, user(admin_a, org_a));
    EXPECT_EQ(shown.result_int(), 200u) << target << ": " << shown.body();
    EXPECT_EQ(testing::audit_records(memory).size(), before + 1) << target;
  }
}

}  // namespace
}  // namespace keyward::api

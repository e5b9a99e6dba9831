// The audit log's filters and pages as the console's Audit log screens use them.
#include <gtest/gtest.h>

#include "unit/api/api_fixture.h"

namespace keyward::api {
namespace {

class AuditFilterTest : public testing::ApiTest {
 protected:
  std::vector<std::string> actions(const std::string& query) {
    const auto r =
        call(http::Method::get, "/api/v1/orgs/" + org_a.org.id.to_string() + "/audit" + query,
             user(admin_a, org_a));
    EXPECT_EQ(r.result_int(), 200u) << r.body();
    std::vector<std::string> out;
    const auto body = json(r);
    for (const auto& e : body.at("events").as_array()) out.emplace_back(e.at("action").as_string());
    return out;
  }
};

TEST_F(AuditFilterTest, FiltersByActionFamilyAndOutcome) {
  org_a.api_key = *organizations.rotate_api_key(actor, org_a.org.id);
  ASSERT_TRUE(organizations.set_api_key_enabled(actor, org_a.org.id, false));
  ASSERT_TRUE(organizations.set_api_key_enabled(actor, org_a.org.id, true));
  ASSERT_TRUE(organizations.rotate_agent_key(actor, org_a.org.id));
  EXPECT_EQ(actions("?action=org.api_key"),
            (std::vector<std::string>{"org.api_key.enable", "org.api_key.disable",
                                      "org.api_key.rotate"}));
  EXPECT_EQ(actions("?action=org.agent_key.rotate&outcome=success"),
            std::vector<std::string>{"org.agent_key.rotate"});
  EXPECT_TRUE(actions("?action=org.api_key&outcome=denied").empty());
  const auto paged = actions("?action=org.api_key&limit=1");
  EXPECT_EQ(paged, std::vector<std::string>{"org.api_key.enable"});
}

TEST_F(AuditFilterTest, AnUnknownOutcomeOrAnOverlongActionIsA400) {
  const auto base = "/api/v1/orgs/" + org_a.org.id.to_string() + "/audit";
  const auto bad = call(http::Method::get, base + "?outcome=maybe", user(admin_a, org_a));
  EXPECT_EQ(bad.result_int(), 400u);
  EXPECT_NE(bad.body().find("outcome must be"), std::string::npos) << bad.body();
  EXPECT_EQ(call(http::Method::get, base + "?action=" + std::string(101, 'a'), user(admin_a, org_a))
                .result_int(),
            400u);
}

}  // namespace
}  // namespace keyward::api

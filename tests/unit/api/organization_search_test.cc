// GET /api/v1/orgs?q=: what a system administrator's organization picker searches with.
#include <algorithm>

#include <gtest/gtest.h>

#include "unit/api/api_fixture.h"

namespace keyward::api {
namespace {

class OrganizationSearchTest : public testing::ApiTest {
 protected:
  std::vector<std::string> names(const std::string& target, const testing::Headers& as) {
    const auto r = call(http::Method::get, target, as);
    EXPECT_EQ(r.result_int(), 200u) << r.body();
    std::vector<std::string> out;
    const auto body = json(r);
    for (const auto& o : body.at("organizations").as_array()) {
      out.emplace_back(o.at("name").as_string());
    }
    std::ranges::sort(out);  // created in the same instant of the test's clock: order by name
    return out;
  }
};

TEST_F(OrganizationSearchTest, MatchesPartOfANameIgnoringCaseOrAWholeId) {
  ASSERT_TRUE(organizations.create(actor, "Globex Europe"));
  const auto as = user(root, org_a);
  EXPECT_EQ(names("/api/v1/orgs", as),
            (std::vector<std::string>{"Globex Europe", "Org A", "Org B"}));
  EXPECT_EQ(names("/api/v1/orgs?q=GLOBEX", as), std::vector<std::string>{"Globex Europe"});
  EXPECT_EQ(names("/api/v1/orgs?q=org", as), (std::vector<std::string>{"Org A", "Org B"}));
  EXPECT_EQ(names("/api/v1/orgs?q=" + org_b.org.id.to_string(), as),
            std::vector<std::string>{"Org B"});
  EXPECT_TRUE(names("/api/v1/orgs?q=initech", as).empty());
  EXPECT_EQ(names("/api/v1/orgs?q=", as).size(), 3u);  // empty means no filter
}

TEST_F(OrganizationSearchTest, SearchingNeverWidensWhatACallerSees) {
  EXPECT_EQ(names("/api/v1/orgs?q=org", user(admin_a, org_a)), std::vector<std::string>{"Org A"});
  EXPECT_TRUE(names("/api/v1/orgs?q=" + org_b.org.id.to_string(), user(admin_a, org_a)).empty());
}

}  // namespace
}  // namespace keyward::api

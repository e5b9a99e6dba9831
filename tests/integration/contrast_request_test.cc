// The request of the seed's "Accessing The API" page, as Contrast clients send it.
#include <gtest/gtest.h>

#include "crypto/random.h"
#include "integration/integration_fixture.h"

namespace keyward::testing {
namespace {

class ContrastRequestTest : public ServerTest {
 protected:
  // Two applications of the demo organization and one of another, written straight into the
  // store (the Engine API that agents write them with is not part of this test).
  void seed_applications() {
    auto db = open_database();
    crypto::SystemRandom random;
    const Uuid org = Uuid::parse(server->init().org_id).value();
    store::WriteBatch batch;
    std::int64_t created = 1'800'000'000'000;
    for (const auto& [name, language] :
         {std::pair{"Test Application", "Java"}, std::pair{"Storefront", "Node"}}) {
      Application app;
      app.id = Uuid::random(random);
      app.org_id = org;
      app.name = name;
      app.language = language;
      app.created_at = app.last_seen_at = from_epoch_ms(created++);  // listed oldest first
      batch.applications.push_back(app);
    }
    ASSERT_TRUE(db->apply(batch));
  }
};

TEST_F(ContrastRequestTest, TheSeedsSampleRequestListsTheOrganizationsApplications) {
  seed_applications();
  auto client = server->client();
  // curl -HAccept:application/json -HAuthorization:<b64> -HAPI-Key:<key>
  // .../Contrast/api/ng/applications
  const auto r = client.get("/Contrast/api/ng/applications",
                            {{"Accept", "application/json"},
                             {"Authorization", basic_credentials(server->init().admin_username,
                                                                 server->init().admin_service_key)},
                             {"API-Key", server->init().org_api_key}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  const auto apps = r.json().as_array();
  ASSERT_EQ(apps.size(), 2u);
  const auto& first = apps[0].as_object();
  EXPECT_EQ(first.at("name").as_string(), "Test Application");
  EXPECT_TRUE(Uuid::parse(first.at("appId").as_string()).has_value());
  EXPECT_EQ(first.at("language").as_string(), "Java");
  const auto& links = first.at("links").as_array();
  ASSERT_FALSE(links.empty());
  for (const auto& link : links) {
    EXPECT_TRUE(link.at("rel").is_string());
    EXPECT_EQ(link.at("method").as_string(), "GET");
    EXPECT_TRUE(std::string(link.at("href").as_string()).starts_with(server->url() + "/Contrast/"));
  }
}

TEST_F(ContrastRequestTest, AnOrganizationWithoutApplicationsGetsAnEmptyArray) {
  auto client = server->client();
  const auto r = client.get("/Contrast/api/ng/applications", server->admin_headers());
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "[]");
}

TEST_F(ContrastRequestTest, TheOlderPutReadAndTheBasicPrefixAnswerTheSame) {
  seed_applications();
  auto client = server->client();
  const auto get = client.get("/Contrast/api/ng/applications", server->admin_headers());
  const auto put = client.request(
      "PUT", "/Contrast/api/ng/applications",
      {{"Authorization", "Basic " + basic_credentials(server->init().admin_username,
                                                      server->init().admin_service_key)},
       {"API-Key", server->init().org_api_key},
       {"Content-Type", "application/json"}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.body, get.body);
}

TEST_F(ContrastRequestTest, XmlIsServedWhenTheClientAsksForIt) {
  seed_applications();
  auto client = server->client();
  auto headers = server->admin_headers();
  headers.emplace_back("Accept", "application/xml");
  const auto r = client.get("/Contrast/api/ng/applications", headers);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/xml; charset=utf-8");
  EXPECT_NE(r.body.find("<applications><application><appId>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<name>Test Application</name>"), std::string::npos);
  EXPECT_NE(r.body.find("<links><link><rel>"), std::string::npos);
}

TEST_F(ContrastRequestTest, APublicKeyReadsNoApplicationsButASecretKeyDoes) {
  seed_applications();
  auto client = server->client();
  const auto keys = client.get(org_path("/keys"), server->admin_headers()).json();
  const std::string public_token(keys.at("keys").as_array()[0].at("token").as_string());
  const auto refused =
      client.get("/Contrast/api/ng/applications", {{"Authorization", "Bearer " + public_token}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.body.find("Test Application"), std::string::npos);
  const auto secret = create_key("secret");
  const auto r = client.get("/Contrast/api/ng/applications",
                            {{"Authorization", "Bearer " + text(secret.at("token"))}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().as_array().size(), 2u);
}

TEST_F(ContrastRequestTest, TheOlderListIsPagedWithLimitAndOffsetOldestFirst) {
  seed_applications();
  auto client = server->client();
  const auto names = [&](const std::string& query, const std::string& method = "GET") {
    const auto r =
        client.request(method, "/Contrast/api/ng/applications" + query, server->admin_headers());
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    if (r.status != 200) return out;
    const auto body = r.json();
    for (const auto& app : body.as_array()) out.push_back(text(app.at("name")));
    return out;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(names(""), (Names{"Test Application", "Storefront"}));  // the whole list by default
  EXPECT_EQ(names("?limit=1"), (Names{"Test Application"}));
  EXPECT_EQ(names("?limit=1&offset=1"), (Names{"Storefront"}));
  EXPECT_EQ(names("?limit=1&offset=1", "PUT"), (Names{"Storefront"}));
  EXPECT_EQ(names("?offset=2"), Names{});
  EXPECT_EQ(names("?limit=1000"), (Names{"Test Application", "Storefront"}));
  for (const std::string bad : {"?limit=0", "?limit=1001", "?limit=ten", "?offset=-1"}) {
    const auto r = client.get("/Contrast/api/ng/applications" + bad, server->admin_headers());
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    const std::string name = bad.substr(1, bad.find('=') - 1);
    EXPECT_NE(r.body.find(name + " must be a whole number between"), std::string::npos) << r.body;
  }
}

}  // namespace
}  // namespace keyward::testing

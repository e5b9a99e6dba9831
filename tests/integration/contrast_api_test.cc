// The Contrast-compatible User API over real HTTPS, fed by an agent through the Engine API: the
// end-to-end flow, every client quirk of docs/../shared/contrast-user-api.md, and field types in
// JSON and XML.
#include <gtest/gtest.h>

#include "integration/contrast_fixture.h"

namespace keyward::testing {
namespace {

// The Accept header of a Java client that sets none (HttpURLConnection's default).
constexpr char kJavaAccept[] = "text/html, image/gif, image/jpeg, */*; q=0.2";

class ContrastApiTest : public ContrastTest {
 protected:
  std::vector<std::string> hashes_of(const HttpResponse& r) {
    std::vector<std::string> out;
    const auto body = r.json();  // the loop below must not iterate a temporary
    for (const auto& t : body.at("traces").as_array()) out.push_back(text(t.at("hash")));
    return out;
  }
  static void expect_envelope(const boost::json::value& body) {
    EXPECT_TRUE(body.at("success").as_bool());
    EXPECT_TRUE(body.at("messages").is_array());
    EXPECT_TRUE(body.at("messages").as_array().empty());
  }
};

TEST_F(ContrastApiTest, FromAgentReportToAUserReadingIt) {
  const std::string app = seed_shop();
  auto client = server->client();

  // The user finds their organization...
  const auto orgs = client.get("/Contrast/api/ng/profile/organizations", ada());
  ASSERT_EQ(orgs.status, 200) << orgs.body;
  expect_envelope(orgs.json());
  EXPECT_EQ(orgs.json().at("count").as_int64(), 1);
  EXPECT_EQ(text(orgs.json().at("organizations").as_array()[0].at("organization_uuid")),
            acme.org_id);
  const auto def = client.get("/Contrast/api/ng/profile/organizations/default", ada());
  EXPECT_EQ(text(def.json().at("organization").at("name")), "Acme");
  EXPECT_EQ(text(def.json().at("roles").as_array()[0]), "ROLE_ADMIN");
  EXPECT_FALSE(def.json().at("enterprise").as_bool());

  // ...the application...
  const auto apps = client.get(ng("/applications?base=false"), ada());
  ASSERT_EQ(apps.status, 200) << apps.body;
  expect_envelope(apps.json());
  EXPECT_EQ(apps.json().at("count").as_int64(), 1);
  EXPECT_EQ(text(apps.json().at("applications").as_array()[0].at("app_id")), app);
  const auto found = client.get("/Contrast/api/ng/integrations/organizations/" + acme.org_id +
                                    "/applications?name=shop&language=JAVA",
                                ada());
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(text(found.json().at("application").at("app_id")), app);

  // ...filters its traces and opens one.
  const auto filtered =
      client.get(ng("/traces/" + app + "/filter?severities=CRITICAL,HIGH&sort=-severity"), ada());
  ASSERT_EQ(filtered.status, 200) << filtered.body;
  expect_envelope(filtered.json());
  EXPECT_EQ(filtered.json().at("count").as_int64(), 2);
  EXPECT_EQ(filtered.json().at("licensedCount").as_int64(), 2);
  EXPECT_EQ(hashes_of(filtered), (std::vector<std::string>{"h-crit", "h-high"}));
  const std::string trace_id = text(filtered.json().at("traces").as_array()[0].at("uuid"));
  const auto one = client.get(ng("/traces/" + app + "/filter/" + trace_id), ada());
  ASSERT_EQ(one.status, 200) << one.body;
  expect_envelope(one.json());
  EXPECT_EQ(text(one.json().at("trace").at("severity")), "Critical");
  EXPECT_EQ(text(one.json().at("trace").at("application").at("app_id")), app);
  EXPECT_EQ(client.get(ng("/orgtraces/filter/" + trace_id), ada()).body, one.body);

  // A repeat report does not duplicate: the count stays, the times received grow.
  ASSERT_EQ(report(app, {finding("h-crit", "Critical")}).status, 200);
  const auto again = client.get(ng("/orgtraces/filter"), ada());
  EXPECT_EQ(again.json().at("count").as_int64(), 3);
  const auto repeated = client.get(ng("/orgtraces/filter/" + trace_id), ada());
  EXPECT_EQ(repeated.json().at("trace").at("total_traces_received").as_int64(), 2);

  // Someone else's organization is 403, an unknown application 404, a wrong key 401.
  for (const auto& path : {ng("/applications"), ng("/traces/" + app + "/filter"),
                           ng("/orgtraces/filter"), ng("/applications/" + app)}) {
    const auto r = client.get(path, eve());
    EXPECT_EQ(r.status, 403) << path;
    EXPECT_FALSE(r.json().at("success").as_bool());
  }
  const std::string nobody = "00000000-0000-4000-8000-000000000000";
  EXPECT_EQ(client.get(ng("/applications/" + nobody), ada()).status, 404);
  EXPECT_EQ(client.get(ng("/traces/" + nobody + "/filter"), ada()).status, 404);
  EXPECT_EQ(client.get(ng("/orgtraces/filter/" + nobody), ada()).status, 404);
  const auto wrong = client.get(
      ng("/applications"),
      {{"Authorization", basic_credentials("ada@acme.example", "NotTheServiceKey000000000000000")},
       {"API-Key", acme.api_key}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_FALSE(wrong.json().at("success").as_bool());
  EXPECT_EQ(wrong.json().at("messages").as_array().size(), 1u);
}

TEST_F(ContrastApiTest, JavaClientQuirks) {
  const std::string app = seed_shop();
  auto client = server->client();
  const Headers java = with(ada(), "Accept", kJavaAccept);
  // Trailing slash, comma-joined severities, tracked/untracked, appVersionTags and servers that
  // this server does not model.
  const auto r = client.get(ng("/traces/" + app +
                               "/filter/?severities=MEDIUM,HIGH,CRITICAL&appVersionTags=v1%2Cv2"
                               "&servers=1,2&tracked=true&untracked=false"),
                            java);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.json().at("count").as_int64(), 2);
  // The filter text as a bare query item, and the org traces with a trailing slash.
  const auto bare = client.get(ng("/orgtraces/filter/?reviews&tracked=true&untracked=false"), java);
  ASSERT_EQ(bare.status, 200) << bare.body;
  EXPECT_EQ(hashes_of(bare), (std::vector<std::string>{"h-high"}));
  // The POST filter body the Java SDK sends (TraceFilterBody, nulls omitted).
  auto post = with(java, "Content-Type", "application/json; charset=UTF-8");
  const auto body = client.request(
      "POST", ng("/traces/" + app + "/filter"), post,
      R"({"severities":["CRITICAL"],"quickFilter":"all","tracked":false,"untracked":false,)"
      R"("applicationId":")" +
          app + R"(","servers":[],"startDate":"Feb 20, 2025, 8:15:00 PM"})");
  ASSERT_EQ(body.status, 200) << body.body;
  EXPECT_EQ(hashes_of(body), (std::vector<std::string>{"h-crit"}));
  // Applications: the list and the filter as the Java SDK builds them.
  EXPECT_EQ(client.get(ng("/applications?base=false"), java).status, 200);
  const auto filter = client.get(
      ng("/applications/filter?filterText=sho&includeArchived=false&includeOnlyLicensed=false"
         "&includeMerged=true&sort=appName&limit=1"),
      java);
  ASSERT_EQ(filter.status, 200) << filter.body;
  EXPECT_EQ(filter.json().at("count").as_int64(), 1);
  // Global properties: max_failed_attempts must be an int for the Java binder.
  const auto props = client.get("/Contrast/api/ng/global/properties", java);
  ASSERT_EQ(props.status, 200);
  EXPECT_TRUE(props.json().at("max_failed_attempts").is_int64());
  EXPECT_TRUE(props.json().at("teamserver_url").is_string());
}

TEST_F(ContrastApiTest, PythonClientQuirks) {
  const std::string app = seed_shop();
  auto client = server->client();
  // Python sends JSON Content-Type and Accept on every request, GET included, and empty params.
  const Headers python =
      with(with(ada(), "Accept", "application/json"), "Content-type", "application/json");
  const auto r = client.get(ng("/orgtraces/filter?filterTags=&severities=&status=&vulnTypes="
                               "&servers=&environments=&urls=&modules=&timestampFilter=&expand="
                               "&limit=20&offset=0&sort=-lastTimeSeen&includeMerged=False"),
                            python);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("count").as_int64(), 3);
  // A POST with an empty body and the filter in the query.
  const auto empty_post =
      client.request("POST", ng("/traces/" + app + "/filter?severities=LOW&limit=20"), python);
  ASSERT_EQ(empty_post.status, 200) << empty_post.body;
  EXPECT_EQ(hashes_of(empty_post), (std::vector<std::string>{"h-low"}));
  // The newer filter body: lists as comma strings, Python booleans in the query.
  const auto body = client.request(
      "POST", ng("/orgtraces/filter?expand=&limit=20&offset=0&sort=-lastTimeSeen"), python,
      R"({"severities":"HIGH,CRITICAL","status":"","quickFilter":"ALL","tracked":true,)"
      R"("untracked":true,"licensedOnly":true,"applicationID":")" +
          app + R"(","metadataFilters":[]})");
  ASSERT_EQ(body.status, 200) << body.body;
  EXPECT_EQ(body.json().at("count").as_int64(), 2);
  // Booleans in any case for the applications filter.
  const auto apps = client.request(
      "POST",
      ng("/applications/filter?expand=&includeMerged=False&limit=20&offset=0&sort=-appName"),
      python, R"({"filterText":["sho"],"includeArchived":false,"quickFilter":"ALL"})");
  ASSERT_EQ(apps.status, 200) << apps.body;
  EXPECT_EQ(apps.json().at("count").as_int64(), 1);
}

TEST_F(ContrastApiTest, JavaScriptClientQuirksAndOddlyCasedParameters) {
  seed_shop();
  auto client = server->client();
  const auto r =
      client.get(ng("/orgtraces/filter?severities%5B0%5D=HIGH&severities%5B1%5D=CRITICAL"), ada());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("count").as_int64(), 2);
  const auto cased =
      client.get(ng("/orgtraces/filter?FILTERTEXT=missing&Limit=1&SORT=title"), ada());
  ASSERT_EQ(cased.status, 200) << cased.body;
  EXPECT_EQ(hashes_of(cased), (std::vector<std::string>{"h-low"}));
  const auto paged = client.get(ng("/orgtraces/filter?sort=title&limit=1&offset=1"), ada());
  EXPECT_EQ(paged.json().at("count").as_int64(), 3);
  EXPECT_EQ(paged.json().at("traces").as_array().size(), 1u);
}

TEST_F(ContrastApiTest, FieldTypesInJson) {
  const std::string app = seed_shop();
  auto client = server->client();
  const auto r =
      client.get(ng("/applications/" + app + "?expand=trace_breakdown,scores,license"), ada());
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = r.json();
  const auto& a = body.at("application");
  for (const char* s :
       {"app_id", "name", "language", "path", "status", "short_name", "importance_description"}) {
    EXPECT_TRUE(a.at(s).is_string()) << s;
  }
  for (const char* n : {"importance", "created", "last_seen", "total_modules"}) {
    EXPECT_TRUE(a.at(n).is_int64()) << n;
  }
  for (const char* b : {"archived", "master"}) EXPECT_TRUE(a.at(b).is_bool()) << b;
  EXPECT_TRUE(a.at("group_name").is_null());
  EXPECT_TRUE(a.at("tags").is_array());
  EXPECT_EQ(text(a.at("status")), "online");
  EXPECT_EQ(a.at("trace_breakdown").at("criticals").as_int64(), 1);
  EXPECT_EQ(a.at("trace_breakdown").at("traceCount").as_int64(), 3);
  EXPECT_TRUE(a.at("scores").at("grade").is_int64());
  EXPECT_TRUE(a.at("license").at("end").is_int64());
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  EXPECT_NEAR(static_cast<double>(a.at("created").as_int64()), static_cast<double>(now_ms),
              60000.0);

  const auto traces = client.get(ng("/orgtraces/filter"), ada());
  const auto traces_body = traces.json();
  const auto& t = traces_body.at("traces").as_array()[0];
  for (const char* s : {"uuid", "title", "rule_name", "severity", "status", "language", "hash",
                        "category", "confidence", "impact", "likelihood"}) {
    EXPECT_TRUE(t.at(s).is_string()) << s;
  }
  for (const char* n : {"first_time_seen", "last_time_seen", "total_traces_received"}) {
    EXPECT_TRUE(t.at(n).is_int64()) << n;
  }
  EXPECT_TRUE(t.at("visible").as_bool());
  for (const char* l : {"tags", "server_environments", "servers", "notes"}) {
    EXPECT_TRUE(t.at(l).is_array()) << l;
  }
  EXPECT_EQ(text(t.at("application").at("name")), "shop");
}

TEST_F(ContrastApiTest, FieldTypesInXml) {
  const std::string app = seed_shop();
  auto client = server->client();
  const auto r = client.get(ng("/applications/" + app), with(ada(), "Accept", "application/xml"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/xml; charset=utf-8");
  EXPECT_NE(r.body.find("<response><success>true</success><messages/><application>"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<importance>2</importance>"), std::string::npos);
  EXPECT_NE(r.body.find("<archived>false</archived>"), std::string::npos);
  const auto created = r.body.find("<created>");
  ASSERT_NE(created, std::string::npos);
  const std::string digits =
      r.body.substr(created + 9, r.body.find('<', created + 9) - created - 9);
  EXPECT_EQ(digits.find_first_not_of("0123456789"), std::string::npos) << digits;
  const auto traces =
      client.get(ng("/orgtraces/filter?severities=HIGH"), with(ada(), "Accept", "application/xml"));
  EXPECT_NE(traces.body.find("<count>1</count><licensedCount>1</licensedCount><traces><trace>"),
            std::string::npos)
      << traces.body;
  EXPECT_NE(traces.body.find("<visible>true</visible>"), std::string::npos);
  const auto denied = client.get(ng("/applications"), with(eve(), "Accept", "application/xml"));
  EXPECT_EQ(denied.status, 403);
  EXPECT_NE(denied.body.find("<success>false</success><messages><message>"), std::string::npos)
      << denied.body;
}

TEST_F(ContrastApiTest, BadFiltersAreClearErrorsInTheContrastEnvelope) {
  const std::string app = seed_shop();
  auto client = server->client();
  for (const auto& path :
       {ng("/orgtraces/filter?severities=URGENT"), ng("/orgtraces/filter?status=Solved"),
        ng("/orgtraces/filter?limit=lots"), ng("/applications/filter?limit=100000"),
        "/Contrast/api/ng/integrations/organizations/" + acme.org_id + "/applications?name=shop"}) {
    const auto r = client.get(path, ada());
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_FALSE(r.json().at("success").as_bool());
    EXPECT_FALSE(text(r.json().at("messages").as_array()[0]).empty());
  }
  const auto lookup = client.get("/Contrast/api/ng/integrations/organizations/" + acme.org_id +
                                     "/applications?name=shop&language=Node",
                                 ada());
  EXPECT_EQ(lookup.status, 404);
  EXPECT_EQ(text(lookup.json().at("messages").as_array()[0]), "application not found");
}

TEST_F(ContrastApiTest, PublicKeysOnlyIdentifyTheirOrganization) {
  const std::string app = seed_shop();
  auto client = server->client();
  const auto key = client.post_json("/api/v1/orgs/" + acme.org_id + "/keys",
                                    R"({"name":"browser sdk","kind":"public"})", ada());
  ASSERT_EQ(key.status, 201) << key.body;
  const std::string token = text(key.json().at("token"));
  const Headers bearer{{"Authorization", "Bearer " + token}};
  // It says whose it is...
  EXPECT_EQ(client.get("/api/v1/auth", bearer).status, 204);
  const auto verified =
      client.post_json("/api/v1/keys/verify", R"({"key":")" + token + R"("})", bearer);
  EXPECT_EQ(verified.status, 200);
  EXPECT_EQ(text(verified.json().at("org_id")), acme.org_id);
  // ...and reads nothing of the organization's, on either API.
  for (const std::string& path :
       {ng("/orgtraces/filter"), ng("/applications"), ng("/traces/" + app + "/filter"),
        std::string("/Contrast/api/ng/profile"), std::string("/Contrast/api/ng/applications"),
        "/api/v1/orgs/" + acme.org_id + "/keys", "/api/v1/orgs/" + acme.org_id + "/credentials",
        "/api/v1/orgs/" + acme.org_id, "/api/v1/orgs/" + acme.org_id + "/members"}) {
    const auto r = client.get(path, bearer);
    EXPECT_EQ(r.status, 403) << path << ": " << r.body;
    EXPECT_NE(r.body.find("public key only identifies"), std::string::npos) << r.body;
  }
  // The Default API Key every organization starts with is a public key too.
  // The parsed body is kept: a range-for over a temporary's member would read freed memory.
  const auto keys = client.get("/api/v1/orgs/" + acme.org_id + "/keys", ada()).json();
  int defaults = 0;
  for (const auto& k : keys.at("keys").as_array()) {
    if (text(k.at("name")) != "Default API Key") continue;
    ++defaults;
    const Headers default_key{{"Authorization", "Bearer " + text(k.at("token"))}};
    EXPECT_EQ(client.get("/api/v1/auth", default_key).status, 204);
    EXPECT_EQ(client.get(ng("/applications"), default_key).status, 403);
    EXPECT_EQ(client.get("/api/v1/orgs/" + acme.org_id + "/keys", default_key).status, 403);
  }
  EXPECT_EQ(defaults, 1);
}

TEST_F(ContrastApiTest, SecretKeysReadTheUserApiAsTheirScopesAllow) {
  seed_shop();
  auto client = server->client();
  const auto bearer_of = [&](const std::string& body) {
    const auto key = client.post_json("/api/v1/orgs/" + acme.org_id + "/keys", body, ada());
    EXPECT_EQ(key.status, 201) << key.body;
    return Headers{{"Authorization", "Bearer " + text(key.json().at("token"))}};
  };
  const Headers reader = bearer_of(R"({"name":"reader","kind":"secret","scopes":["read"]})");
  EXPECT_EQ(client.get(ng("/orgtraces/filter"), reader).json().at("count").as_int64(), 3);
  EXPECT_EQ(
      client
          .request("POST", ng("/orgtraces/filter"),
                   with(reader, "Content-Type", "application/json"), R"({"severities":["LOW"]})")
          .json()
          .at("count")
          .as_int64(),
      1);
  EXPECT_EQ(client
                .post_json("/api/v1/orgs/" + acme.org_id + "/keys",
                           R"({"name":"more","kind":"secret"})", reader)
                .status,
            403);
  // A key that may only write reads nothing.
  const Headers writer = bearer_of(R"({"name":"writer","kind":"secret","scopes":["write"]})");
  const auto refused = client.get(ng("/orgtraces/filter"), writer);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("read scope"), std::string::npos) << refused.body;
  // A key of another organization sees nothing here.
  const auto globex_key = client.post_json("/api/v1/orgs/" + globex.org_id + "/keys",
                                           R"({"name":"reader","kind":"secret"})", eve());
  const Headers other{{"Authorization", "Bearer " + text(globex_key.json().at("token"))}};
  EXPECT_EQ(client.get(ng("/orgtraces/filter"), other).status, 403);
}

TEST_F(ContrastApiTest, EveryUserApiReadAnswersPutTheSameWay) {
  const std::string app = seed_shop();
  auto client = server->client();
  const auto listed = client.get(ng("/orgtraces/filter"), ada());
  const std::string trace = text(listed.json().at("traces").as_array()[0].at("uuid"));
  const std::string org = "/Contrast/api/ng/profile/organizations/" + acme.org_id;
  for (const std::string& path :
       {std::string("/Contrast/api/ng/profile"),
        std::string("/Contrast/api/ng/profile/organizations"),
        std::string("/Contrast/api/ng/profile/organizations/default"), org,
        std::string("/Contrast/api/ng/global/properties"),
        std::string("/Contrast/api/ng/applications"), ng("/applications"),
        ng("/applications/filter"), ng("/applications/" + app),
        "/Contrast/api/ng/integrations/organizations/" + acme.org_id +
            "/applications?name=shop&language=Java",
        ng("/traces/" + app + "/filter"), ng("/orgtraces/filter"),
        ng("/traces/" + app + "/filter/" + trace), ng("/orgtraces/filter/" + trace)}) {
    const auto get = client.get(path, ada());
    const auto put = client.request("PUT", path, ada());
    EXPECT_EQ(get.status, 200) << path << ": " << get.body;
    EXPECT_EQ(put.status, get.status) << path << ": " << put.body;
    EXPECT_EQ(put.body, get.body) << path;
  }
}

}  // namespace
}  // namespace keyward::testing

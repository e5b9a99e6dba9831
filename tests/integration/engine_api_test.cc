// The Engine API over real HTTPS: agents only, their own organization only, idempotent writes,
// and bad reports refused whole with nothing stored.
#include <gtest/gtest.h>

#include "integration/contrast_fixture.h"
#include "support/raw_tls_client.h"

namespace keyward::testing {
namespace {

class EngineApiTest : public ContrastTest {
 protected:
  std::int64_t trace_count() {
    auto client = server->client();
    return client.get(ng("/orgtraces/filter"), ada()).json().at("count").as_int64();
  }
};

TEST_F(EngineApiTest, RegistrationIsIdempotentByNameAndLanguage) {
  auto client = server->client();
  const auto first =
      client.post_json("/Contrast/api/engine/applications",
                       R"({"name":"shop","language":"JAVA","path":"/shop"})", agent(acme));
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_TRUE(first.json().at("created").as_bool());
  EXPECT_EQ(text(first.json().at("language")), "Java");
  const auto again = client.post_json("/Contrast/api/engine/applications",
                                      R"({"name":"shop","language":"java"})", agent(acme));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_FALSE(again.json().at("created").as_bool());
  EXPECT_EQ(again.json().at("app_id"), first.json().at("app_id"));
  const auto node = client.post_json("/Contrast/api/engine/applications",
                                     R"({"name":"shop","language":"Node"})", agent(acme));
  EXPECT_EQ(node.status, 201);
  const auto apps = client.get(ng("/applications"), ada()).json();
  EXPECT_EQ(apps.at("count").as_int64(), 2);
}

TEST_F(EngineApiTest, HeartbeatsMoveLastSeen) {
  const std::string app = register_app("shop", "Java");
  auto client = server->client();
  const auto before = client.get(ng("/applications/" + app), ada()).json();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const auto beat =
      client.post_json("/Contrast/api/engine/applications/" + app + "/heartbeat", "", agent(acme));
  EXPECT_EQ(beat.status, 204) << beat.body;
  const auto after = client.get(ng("/applications/" + app), ada()).json();
  EXPECT_GT(after.at("application").at("last_seen").as_int64(),
            before.at("application").at("last_seen").as_int64());
}

TEST_F(EngineApiTest, OnlyAgentCredentialsAreAccepted) {
  const std::string app = register_app("shop", "Java");
  auto client = server->client();
  const std::string ordinary = client.get("/api/v1/orgs").body;
  const auto key = client.post_json("/api/v1/orgs/" + acme.org_id + "/keys",
                                    R"({"name":"s","kind":"secret"})", ada());
  for (const auto& headers :
       {ada(), Headers{{"Authorization", "Bearer " + text(key.json().at("token"))}}, Headers{},
        agent(Tenant{acme.org_id, globex.api_key, acme.agent_username, acme.agent_service_key,
                     ""})}) {
    const auto r = client.post_json("/Contrast/api/engine/applications",
                                    R"({"name":"x","language":"Java"})", headers);
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(r.body, ordinary);
  }
  // Globex's agent cannot touch Acme's application.
  EXPECT_EQ(
      client.post_json("/Contrast/api/engine/applications/" + app + "/heartbeat", "", agent(globex))
          .status,
      404);
  EXPECT_EQ(report(app, {finding("h", "High")}, &globex).status, 404);
  EXPECT_EQ(trace_count(), 0);
}

TEST_F(EngineApiTest, AReportWithOneBadFindingStoresNothing) {
  const std::string app = register_app("shop", "Java");
  boost::json::object bad = finding("", "High");
  const auto r = report(app, {finding("a", "High"), finding("b", "Low"), bad});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(text(r.json().at("error").at("message")).find("traces[2]: hash must not be empty"),
            std::string::npos)
      << r.body;
  boost::json::object wrong_severity = finding("c", "Catastrophic");
  const auto s = report(app, {finding("a", "High"), wrong_severity});
  EXPECT_EQ(s.status, 400);
  EXPECT_NE(s.body.find("traces[1]: \\\"severity\\\""), std::string::npos) << s.body;
  boost::json::object extra = finding("d", "High");
  extra["cvss"] = 9.8;
  EXPECT_EQ(report(app, {extra}).status, 400);
  EXPECT_EQ(trace_count(), 0);
}

TEST_F(EngineApiTest, MalformedReportsAreClear400s) {
  const std::string app = register_app("shop", "Java");
  auto client = server->client();
  const std::string path = "/Contrast/api/engine/applications/" + app + "/traces";
  for (const char* body : {R"({"traces": [{"title": "x",)", R"({"findings": []})",
                           R"({"traces": 5})", R"([1, 2])", ""}) {
    const auto r = client.post_json(path, body, agent(acme));
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    EXPECT_FALSE(text(r.json().at("error").at("message")).empty());
  }
  EXPECT_EQ(trace_count(), 0);
}

TEST_F(EngineApiTest, ReportsUpToTheLimitAreAcceptedAndLargerOnesRefusedUnread) {
  const std::string app = register_app("shop", "Java");
  // About 1 MiB: 900 findings with long titles.
  boost::json::array findings;
  for (int i = 0; i < 900; ++i) {
    findings.push_back(finding("hash-" + std::to_string(i), "Medium", std::string(1000, 't')));
  }
  const auto big = report(app, findings);
  ASSERT_EQ(big.status, 200) << big.body.substr(0, 300);
  EXPECT_EQ(big.json().at("created").as_int64(), 900);
  EXPECT_EQ(trace_count(), 900);

  std::string request = "POST /Contrast/api/engine/applications/" + app +
                        "/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        "Content-Length: 3000000\r\n";
  for (const auto& [k, v] : agent(acme)) request += k + ": " + v + "\r\n";
  const auto response = raw_exchange(server->url(), server->ca_file(), request + "\r\n{");
  EXPECT_EQ(raw_status(response), 413) << response.substr(0, 200);
}

TEST_F(EngineApiTest, ReportsMayBeXml) {
  const std::string app = register_app("shop", "Java");
  auto client = server->client();
  const auto r = client.request(
      "POST", "/Contrast/api/engine/applications/" + app + "/traces",
      with(agent(acme), "Content-Type", "application/xml"),
      "<report><traces><trace><title>XSS</title><rule_name>reflected-xss</rule_name>"
      "<severity>HIGH</severity><hash>x1</hash></trace><trace><title>SQLi</title>"
      "<rule_name>sql-injection</rule_name><severity>critical</severity><hash>x2</hash>"
      "<tags><tag>pci</tag></tags></trace></traces></report>");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("created").as_int64(), 2);
  EXPECT_EQ(trace_count(), 2);
}

TEST_F(EngineApiTest, TheDemoAgentFillsTheUserApi) {
  const std::vector<std::string> args{"agent-demo",        "--url",          server->url(),
                                      "--api-key",         acme.api_key,     "--agent-user",
                                      acme.agent_username, "--agent-key",    acme.agent_service_key,
                                      "--ca-file",         server->ca_file()};
  const auto first = run_keyward(args);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("4 new"), std::string::npos) << first.out;
  auto insecure = args;
  insecure.resize(args.size() - 2);
  insecure.push_back("--insecure");
  const auto second = run_keyward(insecure);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("4 seen before"), std::string::npos) << second.out;
  EXPECT_EQ(trace_count(), 4);

  auto wrong_key = args;
  wrong_key[8] = "NotTheAgentKey000000000000000000";
  const auto refused = run_keyward(wrong_key);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("HTTP 401"), std::string::npos) << refused.err;
  auto untrusted = args;
  untrusted.resize(args.size() - 2);
  const auto tls = run_keyward(untrusted);
  EXPECT_EQ(tls.exit_code, 1);
  EXPECT_NE(tls.err.find("--insecure"), std::string::npos) << tls.err;
  EXPECT_EQ(run_keyward({"agent-demo", "--url", "ftp://x", "--api-key", "a", "--agent-user", "b",
                         "--agent-key", "c"})
                .exit_code,
            2);
}

TEST_F(EngineApiTest, QuickstartPrintsTheDemoAgentLine) {
  const auto r = server->cli({"quickstart", "--url", server->url()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(" agent-demo --url " + server->url()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--agent-user agent_"), std::string::npos);
  EXPECT_NE(r.out.find("/orgtraces/filter"), std::string::npos);
}

}  // namespace
}  // namespace keyward::testing

// The verify path over real HTTPS: batch verification, the gateway route's indifference to
// Accept, revocations made by another process, and a node that fails closed when it cannot read
// its store.
#include <limits>

#include <gtest/gtest.h>

#include "integration/integration_fixture.h"
#include "support/in_process_node.h"

namespace keyward::testing {
namespace {

using namespace std::chrono_literals;

class VerifyPathTest : public ServerTest {
 protected:
  HttpResponse verify_json(HttpClient& client, const std::string& body) {
    return client.post_json("/api/v1/keys/verify", body);
  }
};

TEST_F(VerifyPathTest, ABatchAnswersEveryKeyInOrderAsTheSingleFormWould) {
  const auto a = create_key("secret");
  const auto b = create_key("public");
  const auto deleted = create_key("secret");
  auto client = server->client();
  ASSERT_EQ(client.del(org_path("/keys/" + text(deleted.at("id"))), server->admin_headers()).status,
            204);
  boost::json::array keys{a.at("token"), "kw_sk_not-a-key", deleted.at("token"), b.at("token"),
                          a.at("token")};
  const auto r = verify_json(client, boost::json::serialize(boost::json::object{{"keys", keys}}));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = r.json();
  const auto& results = body.at("results").as_array();
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].at("key_id"), a.at("id"));
  EXPECT_EQ(results[0].at("kind"), "secret");
  EXPECT_EQ(results[1], (boost::json::object{{"valid", false}}));
  EXPECT_EQ(results[2], (boost::json::object{{"valid", false}}));
  EXPECT_EQ(results[3].at("key_id"), b.at("id"));
  EXPECT_EQ(results[4].at("key_id"), a.at("id"));
  // Each item is exactly what the single form answers.
  const auto single =
      verify_json(client, boost::json::serialize(boost::json::object{{"key", a.at("token")}}));
  EXPECT_EQ(results[0], single.json());
}

TEST_F(VerifyPathTest, ABadBatchIsAClear400) {
  auto client = server->client();
  boost::json::array too_many;
  for (int i = 0; i < 1001; ++i) too_many.emplace_back("kw_sk_x");
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"keys": []})", "1 to 1000"},
      {boost::json::serialize(boost::json::object{{"keys", too_many}}), "1 to 1000"},
      {R"({"keys": ["kw_sk_a", 7]})", "keys[1] must be a string"},
      {R"({"keys": "kw_sk_a"})", "1 to 1000"},
      {R"({"key": "kw_sk_a", "keys": ["kw_sk_a"]})", "or {\"keys\""},
      {R"({"token": "kw_sk_a"})", "or {\"keys\""},
  };
  for (const auto& [body, message] : cases) {
    const auto r = verify_json(client, body);
    EXPECT_EQ(r.status, 400) << body.substr(0, 60);
    const auto answer = r.json();
    EXPECT_NE(text(answer.at("error").at("message")).find(message), std::string::npos) << r.body;
  }
}

// nginx's auth_request subrequest carries the client's own Accept header, whatever it is; the
// answer has no body, so there is nothing to negotiate.
TEST_F(VerifyPathTest, TheGatewayRouteIgnoresAccept) {
  const auto key = create_key("secret");
  auto client = server->client();
  for (const std::string accept : {"image/png", "text/html", "application/xml", "*/*"}) {
    const auto ok = client.get(
        "/api/v1/auth", {{"Authorization", "Bearer " + text(key.at("token"))}, {"Accept", accept}});
    EXPECT_EQ(ok.status, 204) << accept;
    EXPECT_EQ(ok.header("x-keyward-key-id"), text(key.at("id")));
    const auto refused =
        client.get("/api/v1/auth", {{"Authorization", "Bearer kw_sk_wrong"}, {"Accept", accept}});
    EXPECT_EQ(refused.status, 401) << accept;
  }
}

TEST_F(VerifyPathTest, AKeyDeletedByAnotherProcessStopsVerifyingHereAtOnce) {
  const auto key = create_key("secret");
  auto client = server->client();
  ASSERT_TRUE(verifies(client, text(key.at("token"))));
  const auto deleted = server->cli(
      {"key", "delete", "--org", server->init().org_id, "--key", text(key.at("id")), "--json"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(eventually([&] { return !verifies(client, text(key.at("token"))); }, 5s));
  // Not a performance assertion (bench/revocation.sh measures the distribution): a node that
  // still answered after a second would be following its journal far too slowly.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

// A node whose store cannot be read (a broken disk, a database that is down) could be serving
// keys deleted elsewhere: past the staleness bound it answers for no credential, says so in
// /healthz and the log, and recovers by itself once the store is back.
TEST(StaleNodeTest, ANodeThatCannotReadItsJournalFailsClosedAndRecoversByItself) {
  InProcessNode::Options options;
  options.staleness_bound = 400ms;
  InProcessNode node(options);
  const auto eventually = [](const std::function<bool()>& condition) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!condition()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(20ms);
    }
    return true;
  };
  auto client = node.client();
  const auto created =
      client.post_json("/api/v1/orgs/" + node.first().org.org.id.to_string() + "/keys",
                       R"({"name": "k", "kind": "secret"})", node.admin_headers());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string token(created.json().at("token").as_string());
  const std::string verify_body = R"({"key": ")" + token + R"("})";
  ASSERT_EQ(client.post_json("/api/v1/keys/verify", verify_body).json().at("valid"), true);
  ASSERT_EQ(client.get("/healthz").status, 200);

  node.faults().fail_next_reads(std::numeric_limits<int>::max());
  ASSERT_TRUE(eventually([&] { return client.get("/healthz").status == 503; }));
  EXPECT_EQ(client.get("/healthz").json().at("status"), "stale");
  const auto verify = client.post_json("/api/v1/keys/verify", verify_body);
  EXPECT_EQ(verify.status, 503) << verify.body;
  EXPECT_EQ(verify.header("retry-after"), "1");
  EXPECT_EQ(verify.body.find("\"valid\""), std::string::npos) << "a stale node never says valid";
  EXPECT_EQ(client.get("/api/v1/auth", {{"Authorization", "Bearer " + token}}).status, 503);
  EXPECT_EQ(client.get("/api/v1/orgs", node.admin_headers()).status, 503);

  node.faults().fail_next_reads(0);
  EXPECT_TRUE(eventually([&] { return client.get("/healthz").status == 200; }));
  EXPECT_EQ(client.post_json("/api/v1/keys/verify", verify_body).json().at("valid"), true);
}

}  // namespace
}  // namespace keyward::testing

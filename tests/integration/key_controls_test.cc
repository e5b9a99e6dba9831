// Per-key controls over real HTTPS against `keyward serve`: scopes of the organization's own, rate
// limits, credits and allowed networks, set when a key is made and changed on a live key, checked
// at verify, at /api/v1/auth and on the Bearer path, each with its allow and deny paths.
#include <atomic>
#include <thread>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "integration/integration_fixture.h"

namespace keyward::testing {
namespace {

class KeyControlsTest : public ServerTest {
 protected:
  KeywardServer::Options server_options() const override {
    KeywardServer::Options o;
    o.config = "usage_flush_ms = 100\n";  // spent credits reach the store quickly
    return o;
  }

  boost::json::value verify(const std::string& token, const std::string& extra = "") {
    auto client = server->client();
    const auto r =
        client.post_json("/api/v1/keys/verify", R"({"key": ")" + token + "\"" + extra + "}");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  std::string code(const boost::json::value& answer) {
    const auto* c = answer.as_object().if_contains("code");
    return c ? text(*c) : "";
  }
  HttpResponse patch(const std::string& id, const std::string& body) {
    auto client = server->client();
    auto headers = server->admin_headers();
    headers.emplace_back("Content-Type", "application/json");
    return client.request("PATCH", org_path("/keys/" + id), headers, body);
  }
  HttpResponse get_key(const std::string& id) {
    auto client = server->client();
    return client.get(org_path("/keys/" + id), server->admin_headers());
  }
};

TEST_F(KeyControlsTest, AKeyShowsItsControlsAndAPatchChangesThemOnTheLiveKey) {
  const auto key = create_key(
      "secret",
      R"(, "scopes": ["read", "invoices:read"], "rate_limits": [{"limit": 100, "window_seconds": 1}],
         "credits": {"remaining": 1000, "refill": {"amount": 1000, "interval_seconds": 86400}},
         "allowed_ips": ["203.0.113.0/24", "2001:db8::/32"])");
  const std::string id = text(key.at("id"));
  const auto shown = get_key(id).json();
  EXPECT_EQ(shown.at("scopes"), boost::json::parse(R"(["read", "invoices:read"])"));
  EXPECT_EQ(shown.at("rate_limits"),
            boost::json::parse(R"([{"limit": 100, "window_seconds": 1}])"));
  EXPECT_EQ(shown.at("credits"),
            boost::json::parse(
                R"({"remaining": 1000, "refill": {"amount": 1000, "interval_seconds": 86400}})"));
  EXPECT_EQ(shown.at("allowed_ips"), boost::json::parse(R"(["203.0.113.0/24", "2001:db8::/32"])"));

  const auto changed = patch(id, R"({"scopes": ["invoices:write"], "credits": null,
                                     "allowed_ips": [], "name": "renamed"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  const auto after = get_key(id).json();
  EXPECT_EQ(after.at("scopes"), boost::json::parse(R"(["invoices:write"])"));
  EXPECT_TRUE(after.at("credits").is_null());
  EXPECT_EQ(after.at("allowed_ips"), boost::json::array{});
  EXPECT_EQ(after.at("rate_limits").as_array().size(), 1u);  // not sent: unchanged
  EXPECT_EQ(text(after.at("name")), "renamed");
  // The change holds at once: the key now holds invoices:write and nothing else.
  const std::string token = text(key.at("token"));
  EXPECT_TRUE(verify(token, R"(, "scopes": ["invoices:write"])").at("valid").as_bool());
  EXPECT_EQ(code(verify(token, R"(, "scopes": ["invoices:read"])")), "insufficient_scope");
}

TEST_F(KeyControlsTest, BadControlsAreRefusedWithWhatIsWrongAndChangeNothing) {
  const auto key = create_key("secret", R"(, "rate_limits": [{"limit": 5, "window_seconds": 60}])");
  const std::string id = text(key.at("id"));
  const std::string before = get_key(id).body;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"scopes": ["Invoices Read"]})", "Invoices Read"},
      {R"({"rate_limits": [{"limit": 0, "window_seconds": 1}]})", "rate_limits[0].limit"},
      {R"({"rate_limits": [{"limit": 5}]})", "rate_limits[0].window_seconds"},
      {R"({"rate_limits": [{"limit": 5, "window_seconds": 1, "burst": 2}]})", "burst"},
      {R"({"credits": {"remaining": -1}})", "credits.remaining"},
      {R"({"credits": {"remaining": 5, "refill": {"amount": 5, "interval_seconds": 5}}})",
       "interval_seconds"},
      {R"({"allowed_ips": ["203.0.113.7/24"]})", "allowed_ips[0]"},
      {R"({"allowed_ips": "10.0.0.0/8"})", "allowed_ips"},
      {R"({})", "at least one"},
      {R"({"kind": "public"})", "kind"},
  };
  for (const auto& [body, expected] : cases) {
    const auto r = patch(id, body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_NE(r.body.find(expected), std::string::npos) << body << " -> " << r.body;
  }
  EXPECT_EQ(get_key(id).body, before);
  // The same checks at creation, which then creates nothing.
  auto client = server->client();
  const auto refused = client.post_json(
      org_path("/keys"), R"({"name": "x", "kind": "secret", "allowed_ips": ["nowhere"]})",
      server->admin_headers());
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(
      client.get(org_path("/keys"), server->admin_headers()).json().at("keys").as_array().size(),
      2u);  // the default key and the one above
}

TEST_F(KeyControlsTest, ScopesAreCheckedAtVerifyAuthAndTheBearerPathAndOnlyForAGoodKey) {
  const auto key = create_key("secret", R"(, "scopes": ["invoices:read"])");
  const std::string token = text(key.at("token"));
  const auto held = verify(token, R"(, "scopes": ["invoices:read"])");
  EXPECT_TRUE(held.at("valid").as_bool());
  EXPECT_EQ(held.at("scopes"), boost::json::parse(R"(["invoices:read"])"));
  const auto missing = verify(token, R"(, "scopes": ["invoices:read", "invoices:write"])");
  EXPECT_FALSE(missing.at("valid").as_bool());
  EXPECT_EQ(code(missing), "insufficient_scope");
  EXPECT_EQ(text(missing.at("key_id")), text(key.at("id")));
  EXPECT_EQ(text(missing.at("org_id")), server->init().org_id);
  // A bad key says nothing more than that, whatever was asked of it.
  const auto bad = verify("kw_sk_" + std::string(48, 'A'), R"(, "scopes": ["invoices:read"])");
  EXPECT_EQ(boost::json::serialize(bad), R"({"valid":false})");

  auto client = server->client();
  const Headers bearer{{"Authorization", "Bearer " + token}};
  EXPECT_EQ(client.get("/api/v1/auth?scope=invoices:read", bearer).status, 204);
  const auto refused = client.get("/api/v1/auth?scope=invoices:write", bearer);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("does not hold the scope"), std::string::npos);
  EXPECT_EQ(client.get("/api/v1/auth?scope=invoices:read,invoices:write", bearer).status, 403);
  // A key given only scopes of the organization's own holds neither read nor write on Keyward.
  EXPECT_EQ(client.get(org_path("/keys"), bearer).status, 403);
}

TEST_F(KeyControlsTest, AnAllowListChecksTheAddressVerifyIsGivenAndTheClientOfAuth) {
  const auto key = create_key("secret", R"(, "allowed_ips": ["203.0.113.0/24", "127.0.0.0/8"])");
  const std::string token = text(key.at("token"));
  EXPECT_TRUE(verify(token, R"(, "client_ip": "203.0.113.50")").at("valid").as_bool());
  EXPECT_EQ(code(verify(token, R"(, "client_ip": "198.51.100.1")")), "ip_not_allowed");
  EXPECT_EQ(code(verify(token)), "ip_not_allowed");  // not given: refused, never assumed
  auto client = server->client();
  const auto malformed =
      client.post_json("/api/v1/keys/verify", R"({"key": ")" + token + R"(", "client_ip": "x"})");
  EXPECT_EQ(malformed.status, 400);
  // The test connects from 127.0.0.1.
  const Headers bearer{{"Authorization", "Bearer " + token}};
  EXPECT_EQ(client.get("/api/v1/auth", bearer).status, 204);
  ASSERT_EQ(patch(text(key.at("id")), R"({"allowed_ips": ["10.0.0.0/8"]})").status, 200);
  const auto refused = client.get("/api/v1/auth", bearer);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("from your address"), std::string::npos);
  EXPECT_EQ(client.get(org_path("/keys"), bearer).status, 403);  // the Bearer path too
}

TEST_F(KeyControlsTest, ARateLimitPassesExactlyItsLimitEvenUnderConcurrencyThen429WithRetryAfter) {
  const auto key =
      create_key("secret", R"(, "rate_limits": [{"limit": 50, "window_seconds": 3600}])");
  const std::string token = text(key.at("token"));
  std::atomic<int> valid{0}, limited{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      auto c = server->client();
      for (int i = 0; i < 25; ++i) {
        const auto r = c.post_json("/api/v1/keys/verify", R"({"key": ")" + token + "\"}").json();
        if (r.at("valid").as_bool()) ++valid;
        if (const auto* cd = r.as_object().if_contains("code"); cd && *cd == "rate_limited") {
          EXPECT_GT(r.at("retry_after").as_int64(), 0);
          EXPECT_LE(r.at("retry_after").as_int64(), 3600);
          ++limited;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(valid.load(), 50);
  EXPECT_EQ(limited.load(), 150);
  auto client = server->client();
  const auto r = client.get("/api/v1/auth", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(r.status, 429);
  const int retry = std::stoi(r.header("retry-after"));
  EXPECT_GT(retry, 0);
  EXPECT_LE(retry, 3600);
}

TEST_F(KeyControlsTest, AThousandConcurrentVerificationsSpendExactlyAHundredCredits) {
  const auto key = create_key("secret", R"(, "credits": {"remaining": 100})");
  const std::string token = text(key.at("token"));
  std::atomic<int> valid{0}, exceeded{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 10; ++t) {
    threads.emplace_back([&] {
      auto c = server->client();
      for (int i = 0; i < 100; ++i) {
        const auto r = c.post_json("/api/v1/keys/verify", R"({"key": ")" + token + "\"}").json();
        if (r.at("valid").as_bool()) {
          ++valid;
          EXPECT_GE(r.at("credits_remaining").as_int64(), 0);
        } else if (r.at("code") == "usage_exceeded") {
          ++exceeded;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(valid.load(), 100);
  EXPECT_EQ(exceeded.load(), 900);
  auto client = server->client();
  EXPECT_EQ(client.get("/api/v1/auth", {{"Authorization", "Bearer " + token}}).status, 429);
  EXPECT_EQ(get_key(text(key.at("id"))).json().at("credits").at("remaining").as_int64(), 0);
}

TEST_F(KeyControlsTest, ACostIsSpentAtOnceAndSpentCreditsSurviveARestart) {
  const auto key = create_key("secret", R"(, "credits": {"remaining": 100})");
  const std::string token = text(key.at("token"));
  EXPECT_EQ(verify(token, R"(, "cost": 30)").at("credits_remaining").as_int64(), 70);
  EXPECT_EQ(code(verify(token, R"(, "cost": 71)")), "usage_exceeded");  // all or nothing
  EXPECT_EQ(verify(token, R"(, "cost": 0)").at("credits_remaining").as_int64(), 70);
  EXPECT_EQ(verify(token).at("credits_remaining").as_int64(), 69);
  // Written back within a flush period (100 ms here), so a restart finds the count.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  server->kill_now();
  server->start();
  EXPECT_EQ(get_key(text(key.at("id"))).json().at("credits").at("remaining").as_int64(), 69);
  EXPECT_EQ(verify(token).at("credits_remaining").as_int64(), 68);
  // Setting the count afresh replaces it.
  ASSERT_EQ(patch(text(key.at("id")), R"({"credits": {"remaining": 5}})").status, 200);
  EXPECT_EQ(verify(token).at("credits_remaining").as_int64(), 4);
}

TEST_F(KeyControlsTest, AKeysControlsGoWithItWhenItIsRolled) {
  const auto key =
      create_key("secret", R"(, "scopes": ["invoices:read"], "credits": {"remaining": 10},
                   "rate_limits": [{"limit": 1000, "window_seconds": 60}])");
  ASSERT_EQ(verify(text(key.at("token")), R"(, "cost": 4)").at("credits_remaining").as_int64(), 6);
  auto client = server->client();
  const auto rolled = client.post_json(org_path("/keys/" + text(key.at("id")) + "/roll"), "{}",
                                       server->admin_headers());
  ASSERT_EQ(rolled.status, 201) << rolled.body;
  EXPECT_EQ(rolled.json().at("scopes"), boost::json::parse(R"(["invoices:read"])"));
  EXPECT_EQ(rolled.json().at("rate_limits").as_array().size(), 1u);
  const auto answer = verify(text(rolled.json().at("token")), R"(, "scopes": ["invoices:read"])");
  EXPECT_TRUE(answer.at("valid").as_bool());
  EXPECT_EQ(answer.at("credits_remaining").as_int64(), 5);  // the count as it stood, less one
}

}  // namespace
}  // namespace keyward::testing

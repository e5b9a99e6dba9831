// Lockout, sessions, emailed links and throttling are all about time. These tests run a real node
// in-process, over real HTTPS, on a clock the test moves: a fifteen-minute lockout ends without
// the test waiting fifteen minutes.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "crypto/base64.h"
#include "service/account_service.h"
#include "support/in_process_node.h"

namespace keyward::testing {
namespace {

using namespace std::chrono_literals;

std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

std::string sign_in_body(const std::string& username, const std::string& password) {
  return boost::json::serialize(
      boost::json::object{{"username", username}, {"password", password}});
}

// The value of the session cookie a sign-in set.
std::string session_cookie(const HttpResponse& r) {
  const std::string set = r.header("set-cookie");
  const auto start = set.find("keyward_session=");
  if (start == std::string::npos) return "";
  const auto value = start + std::string("keyward_session=").size();
  return set.substr(value, set.find(';', value) - value);
}

class TimedSecurityTest : public ::testing::Test {
 protected:
  explicit TimedSecurityTest(InProcessNode::Options options = lockout_after_three())
      : node(std::move(options)) {}

  static InProcessNode::Options lockout_after_three() {
    InProcessNode::Options o;
    o.sign_in.max_failed_logins = 3;
    o.sign_in.lockout = 15min;
    o.sign_in.session_lifetime = 12h;
    return o;
  }

  // A member of the first organization, made as `keyward user create` makes one.
  service::CreatedUser add_member(const std::string& username) {
    service::AccountService accounts(node.context());
    auto made = accounts.create(service::Actor::command(),
                                {username, Membership{node.first().org.org.id, Role::kMember}});
    EXPECT_TRUE(made) << made.error().message;
    return *made;
  }

  Headers contrast(const service::CreatedUser& u) const {
    return {{"Authorization", crypto::base64_encode(u.user.username + ":" + u.service_key)},
            {"API-Key", node.first().org.api_key}};
  }

  HttpResponse sign_in(HttpClient& client, const std::string& username,
                       const std::string& password) {
    return client.post_json("/api/v1/session", sign_in_body(username, password));
  }

  // The system-wide audit log, newest first, as the system administrator reads it.
  boost::json::array audit() {
    auto client = node.client();
    const auto r = client.get("/api/v1/system/audit?limit=500", node.admin_headers());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("events").as_array();
  }

  // Waits until the audit log has a record of `action` (authentication failures are written by
  // the node's flusher, a moment after the answer) and returns it.
  boost::json::object wait_for_record(const std::string& action) {
    for (int i = 0; i < 100; ++i) {
      for (const auto& e : audit()) {
        if (text(e.at("action")) == action) return e.as_object();
      }
      std::this_thread::sleep_for(20ms);
    }
    ADD_FAILURE() << "no audit record of " << action;
    return {};
  }

  InProcessNode node;
};

TEST_F(TimedSecurityTest, RepeatedWrongPasswordsLockTheAccountUntilTheLockoutEnds) {
  const auto max = add_member("max@acme.example");
  auto client = node.client();
  ASSERT_EQ(client.get("/api/v1/auth", contrast(max)).status, 204);

  const auto first_failure = sign_in(client, max.user.username, "wrong password");
  ASSERT_EQ(first_failure.status, 401) << first_failure.body;
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(sign_in(client, max.user.username, "wrong again").body, first_failure.body);
  }

  // Locked: the right password gets the same answer as a wrong one, and the API refuses the
  // user's service key too.
  const auto locked = sign_in(client, max.user.username, max.password);
  EXPECT_EQ(locked.status, 401);
  EXPECT_EQ(locked.body, first_failure.body);
  EXPECT_TRUE(locked.header("set-cookie").empty());
  EXPECT_EQ(client.get("/api/v1/auth", contrast(max)).status, 401);
  EXPECT_EQ(client.get("/Contrast/api/ng/profile/organizations", contrast(max)).status, 401);
  const auto lockout = wait_for_record("user.lockout");
  EXPECT_EQ(text(lockout.at("target")), "user:" + max.user.id.to_string());
  EXPECT_NE(text(lockout.at("detail")).find("3 failed sign-ins"), std::string::npos);

  // Further attempts while locked do not extend the lock.
  node.clock().advance(14min);
  EXPECT_EQ(sign_in(client, max.user.username, "still wrong").status, 401);
  EXPECT_EQ(sign_in(client, max.user.username, max.password).status, 401);
  node.clock().advance(1min + 1s);

  EXPECT_EQ(client.get("/api/v1/auth", contrast(max)).status, 204);
  const auto back = sign_in(client, max.user.username, max.password);
  ASSERT_EQ(back.status, 201) << back.body;
  EXPECT_FALSE(session_cookie(back).empty());
}

TEST_F(TimedSecurityTest, ASessionEndsWhenItsLifetimeIsOverOrWhenSignedOut) {
  const auto max = add_member("max@acme.example");
  auto client = node.client();
  const auto signed_in = sign_in(client, max.user.username, max.password);
  ASSERT_EQ(signed_in.status, 201) << signed_in.body;
  const std::string cookie = session_cookie(signed_in);
  const std::string csrf = text(signed_in.json().at("csrf_token"));
  const std::string set = signed_in.header("set-cookie");
  for (const char* flag : {"HttpOnly", "Secure", "SameSite=Strict", "Path=/"}) {
    EXPECT_NE(set.find(flag), std::string::npos) << flag << " missing from " << set;
  }
  const Headers session{{"Cookie", "keyward_session=" + cookie}};

  const auto me = client.get("/api/v1/users/me", session);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(text(me.json().at("username")), max.user.username);

  node.clock().advance(12h - 1s);
  EXPECT_EQ(client.get("/api/v1/users/me", session).status, 200);
  node.clock().advance(2s);
  EXPECT_EQ(client.get("/api/v1/users/me", session).status, 401);

  // A fresh session ends at once when signed out, with the CSRF token.
  const auto again = sign_in(client, max.user.username, max.password);
  ASSERT_EQ(again.status, 201);
  const Headers fresh{{"Cookie", "keyward_session=" + session_cookie(again)},
                      {"X-CSRF-Token", text(again.json().at("csrf_token"))}};
  const auto out = client.del("/api/v1/session", fresh);
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(client.get("/api/v1/users/me", fresh).status, 401);
  EXPECT_NE(csrf, text(again.json().at("csrf_token")));
}

// The emailed link: read from the outbox (no SMTP server configured), redeemed by its recipient
// once, and only within ten minutes.
class EmailedLinkTest : public TimedSecurityTest {
 protected:
  // The token of the newest message in the outbox.
  std::string newest_link_token() {
    std::filesystem::path newest;
    for (const auto& e : std::filesystem::directory_iterator(node.outbox())) {
      if (newest.empty() || e.path().filename() > newest.filename()) newest = e.path();
    }
    std::ifstream in(newest);
    std::stringstream message;
    message << in.rdbuf();
    const std::string m = message.str();
    const auto at = m.find("/console/reveal#token=");
    EXPECT_NE(at, std::string::npos) << m;
    if (at == std::string::npos) return "";
    const auto start = at + std::string("/console/reveal#token=").size();
    const auto end = m.find_first_of("\r\n", start);
    return m.substr(start, end - start);
  }

  HttpResponse redeem(const std::string& token, const Headers& as) {
    auto client = node.client();
    return client.post_json("/api/v1/reveal",
                            boost::json::serialize(boost::json::object{{"token", token}}), as);
  }

  std::string org_path(const std::string& rest) const {
    return "/api/v1/orgs/" + node.first().org.org.id.to_string() + rest;
  }
};

TEST_F(EmailedLinkTest, TheLinkRevealsTheKeyOnceToItsRecipientAndExpiresAfterTenMinutes) {
  const auto max = add_member("max@acme.example");
  auto client = node.client();
  const auto sent = client.post_json(org_path("/api-key/email"), "{}", contrast(max));
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(text(sent.json().at("sent_to")), max.user.username);
  const std::string token = newest_link_token();
  ASSERT_FALSE(token.empty());

  // Someone else, even the system administrator, cannot use max's link; that costs max nothing.
  EXPECT_EQ(redeem(token, node.admin_headers()).status, 404);
  node.clock().advance(9min);
  const auto revealed = redeem(token, contrast(max));
  ASSERT_EQ(revealed.status, 200) << revealed.body;
  EXPECT_EQ(text(revealed.json().at("value")), node.first().org.api_key);
  EXPECT_EQ(text(revealed.json().at("credential")), "org_api_key");
  const auto twice = redeem(token, contrast(max));
  EXPECT_EQ(twice.status, 404);
  EXPECT_NE(twice.body.find("not valid"), std::string::npos) << twice.body;

  // A second link, left for more than ten minutes, no longer works.
  ASSERT_EQ(client.post_json(org_path("/api-key/email"), "{}", contrast(max)).status, 200);
  const std::string late = newest_link_token();
  ASSERT_NE(late, token);
  node.clock().advance(10min + 1s);
  EXPECT_EQ(redeem(late, contrast(max)).status, 404);
  EXPECT_EQ(redeem("not-a-token", contrast(max)).status, 404);

  const auto record = wait_for_record("credential.reveal");
  EXPECT_NE(text(record.at("actor")).find(max.user.username), std::string::npos);
}

// Throttling: past the allowed authentication failures per minute, a client gets 429 with
// Retry-After, even with good credentials, until the minute has passed.
class ThrottleTest : public TimedSecurityTest {
 protected:
  ThrottleTest() : TimedSecurityTest(three_failures_a_minute()) {}
  static InProcessNode::Options three_failures_a_minute() {
    InProcessNode::Options o;
    o.auth_failures_per_minute = 3;
    return o;
  }
};

TEST_F(ThrottleTest, TooManyFailuresFromOneClientAre429UntilTheMinuteHasPassed) {
  auto client = node.client();
  const Headers wrong{{"Authorization", crypto::base64_encode("nobody:nothing")},
                      {"API-Key", node.first().org.api_key}};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(client.get("/api/v1/auth", wrong).status, 401) << i;
  }
  const auto throttled = client.get("/api/v1/auth", node.admin_headers());
  ASSERT_EQ(throttled.status, 429) << throttled.body;
  const int retry_after = std::stoi(throttled.header("retry-after"));
  EXPECT_GT(retry_after, 0);
  EXPECT_LE(retry_after, 60);
  EXPECT_NE(throttled.json().at("error").at("message").as_string().find("try again in"),
            std::string::npos);
  // Sign-in counts against the same budget.
  EXPECT_EQ(client
                .post_json("/api/v1/session", sign_in_body(node.first().admin.user.username,
                                                           node.first().admin.password))
                .status,
            429);
  // The verify endpoint is for other services and stays open.
  EXPECT_EQ(client.post_json("/api/v1/keys/verify", R"({"key":"kw_pub_nothing"})").status, 200);

  node.clock().advance(std::chrono::seconds(retry_after) + 1s);
  EXPECT_EQ(client.get("/api/v1/auth", node.admin_headers()).status, 204);
}

// Mask invalid IPs: behind a trusted proxy, failed sign-ins are recorded with the client's
// network only, IPv4 /24 and IPv6 /48.
class MaskedAddressTest : public TimedSecurityTest {
 protected:
  MaskedAddressTest() : TimedSecurityTest(behind_a_proxy()) {}
  static InProcessNode::Options behind_a_proxy() {
    InProcessNode::Options o;
    o.trusted_proxies = {"127.0.0.1"};
    return o;
  }

  std::vector<std::string> failed_sign_in_addresses() {
    std::vector<std::string> out;
    for (const auto& e : audit()) {
      if (text(e.at("action")) == "session.sign_in" && text(e.at("outcome")) != "success") {
        out.push_back(text(e.at("client_ip")));
      }
    }
    return out;
  }
};

TEST_F(MaskedAddressTest, FailedSignInsAreRecordedWithTheClientNetworkOnlyWhenTheSettingIsOn) {
  auto client = node.client();
  const auto fail_from = [&](const std::string& address) {
    return client
        .request("POST", "/api/v1/session",
                 {{"Content-Type", "application/json"}, {"X-Forwarded-For", address}},
                 sign_in_body("nobody@example.com", "guess"))
        .status;
  };
  // Off (the default): the forwarded address, in full, since the proxy is trusted.
  ASSERT_EQ(fail_from("203.0.113.77"), 401);
  EXPECT_EQ(failed_sign_in_addresses(), std::vector<std::string>{"203.0.113.77"});

  ASSERT_EQ(client
                .put_json("/api/v1/system/key-policy", R"({"mask_invalid_ips":true})",
                          node.admin_headers())
                .status,
            200);
  ASSERT_EQ(fail_from("198.51.100.23"), 401);
  ASSERT_EQ(fail_from("2001:db8:85a3:8d3::1"), 401);
  // A chain: the address the trusted proxy saw is the one before it.
  ASSERT_EQ(fail_from("192.0.2.200, 198.51.100.99"), 401);
  const auto addresses = failed_sign_in_addresses();
  ASSERT_EQ(addresses.size(), 4u);
  EXPECT_EQ(addresses[0], "198.51.100.0/24");
  EXPECT_EQ(addresses[1], "2001:db8:85a3::/48");
  EXPECT_EQ(addresses[2], "198.51.100.0/24");
  EXPECT_EQ(addresses[3], "203.0.113.77");

  // Failed API authentication is masked as well.
  const Headers wrong{{"Authorization", crypto::base64_encode("nobody:nothing")},
                      {"API-Key", "wrong"},
                      {"X-Forwarded-For", "203.0.113.9"}};
  EXPECT_EQ(client.get("/api/v1/auth", wrong).status, 401);
  const auto failure = wait_for_record("auth.failure");
  EXPECT_EQ(text(failure.at("client_ip")), "203.0.113.0/24");
}

// Without trusted proxies, X-Forwarded-For is whatever a client wants it to be: ignored.
TEST_F(TimedSecurityTest, ForwardedAddressesFromUntrustedPeersAreIgnored) {
  auto client = node.client();
  ASSERT_EQ(
      client
          .request("POST", "/api/v1/session",
                   {{"Content-Type", "application/json"}, {"X-Forwarded-For", "203.0.113.77"}},
                   sign_in_body("nobody@example.com", "guess"))
          .status,
      401);
  const auto record = wait_for_record("session.sign_in");
  EXPECT_EQ(text(record.at("client_ip")), "127.0.0.1");
}

// Lockout as a weapon: a stranger's wrong passwords lock the account where they come from, and
// never for its owner on another network; an administrator can lock and unlock it outright.
class NetworkLockoutTest : public TimedSecurityTest {
 protected:
  NetworkLockoutTest() : TimedSecurityTest(behind_a_proxy_locking_after_three()) {}
  static InProcessNode::Options behind_a_proxy_locking_after_three() {
    InProcessNode::Options o = lockout_after_three();
    o.trusted_proxies = {"127.0.0.1"};
    return o;
  }
  HttpResponse sign_in_from(HttpClient& client, const std::string& address,
                            const std::string& username, const std::string& password) {
    return client.request("POST", "/api/v1/session",
                          {{"Content-Type", "application/json"}, {"X-Forwarded-For", address}},
                          sign_in_body(username, password));
  }
  Headers contrast_from(const service::CreatedUser& u, const std::string& address) const {
    auto h = contrast(u);
    h.emplace_back("X-Forwarded-For", address);
    return h;
  }
};

TEST_F(NetworkLockoutTest, AStrangersFailuresNeverLockTheOwnerOutElsewhere) {
  const auto max = add_member("max@acme.example");
  auto client = node.client();
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(sign_in_from(client, "203.0.113." + std::to_string(i + 1), max.user.username, "guess")
                  .status,
              401);
  }
  // The stranger's /24 is locked out, the right password included, and the service key too.
  EXPECT_EQ(sign_in_from(client, "203.0.113.50", max.user.username, max.password).status, 401);
  EXPECT_EQ(client.get("/api/v1/auth", contrast_from(max, "203.0.113.50")).status, 401);
  // The owner, at home, signs in and uses the API.
  EXPECT_EQ(sign_in_from(client, "198.51.100.7", max.user.username, max.password).status, 201);
  EXPECT_EQ(client.get("/api/v1/auth", contrast_from(max, "198.51.100.7")).status, 204);
  const auto lockout = wait_for_record("user.lockout");
  EXPECT_NE(text(lockout.at("detail")).find("from 203.0.113.0/24"), std::string::npos) << lockout;
}

TEST_F(NetworkLockoutTest, AnAdministratorLocksAndUnlocksAnAccountOutright) {
  const auto max = add_member("max@acme.example");
  auto client = node.client();
  const std::string member =
      "/api/v1/orgs/" + node.first().org.org.id.to_string() + "/members/" + max.user.id.to_string();
  const auto locked = client.post_json(member + "/lock", "", node.admin_headers());
  ASSERT_EQ(locked.status, 200) << locked.body;
  EXPECT_TRUE(locked.json().at("locked").as_bool());
  node.clock().advance(24h * 7);
  EXPECT_EQ(sign_in_from(client, "198.51.100.7", max.user.username, max.password).status, 401);
  EXPECT_EQ(client.get("/api/v1/auth", contrast_from(max, "198.51.100.7")).status, 401);
  // Nobody locks themselves out by mistake.
  EXPECT_EQ(client
                .post_json("/api/v1/orgs/" + node.first().org.org.id.to_string() + "/members/" +
                               node.first().admin.user.id.to_string() + "/lock",
                           "", node.admin_headers())
                .status,
            403);
  ASSERT_EQ(client.post_json(member + "/unlock", "", node.admin_headers()).status, 200);
  EXPECT_EQ(sign_in_from(client, "198.51.100.7", max.user.username, max.password).status, 201);
  EXPECT_NE(wait_for_record("org.member.lock").size(), 0u);
}

}  // namespace
}  // namespace keyward::testing

// The request pipeline's defences, as a client meets them: the throttle on repeated
// authentication failures per client address (429 with Retry-After), the CSRF token a console
// session's changes need, and the session cookie sign-in hands out.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/dispatcher.h"
#include "unit/api/api_fixture.h"
#include "unit/service/audit_records.h"

namespace keyward::api {
namespace {

using namespace std::chrono_literals;

std::string message_of(const http::Response& r) {
  return std::string(boost::json::parse(r.body()).at("error").at("message").as_string());
}

class DispatcherSecurityTest : public testing::ApiTest {
 protected:
  // A request from `ip` through a dispatcher whose throttle allows 3 failures a minute, and which
  // trusts the proxies in 10.0.0.0/8 to say who their client is.
  http::Response from(const std::string& ip, http::Method method, const std::string& target,
                      const testing::Headers& headers = {}, const std::string& body = "") {
    http::Request request{method, target, 11};
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty()) request.set(http::beast_http::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
    return throttled.answer(request, http::ClientInfo{boost::asio::ip::make_address(ip), true});
  }
  http::Response list_keys(const std::string& ip, const testing::Headers& headers) {
    return from(ip, http::Method::get, keys_path(), headers);
  }
  std::string keys_path() const { return "/api/v1/orgs/" + org_a.org.id.to_string() + "/keys"; }
  testing::Headers good() const { return user(admin_a, org_a); }
  testing::Headers bad() const {
    return {{"Authorization", basic(admin_a.user.username, "wrong")}, {"API-Key", org_a.api_key}};
  }
  void fail_from(const std::string& ip, int times) {
    for (int i = 0; i < times; ++i) ASSERT_EQ(list_keys(ip, bad()).result_int(), 401u);
  }
  static std::string sign_in_body(const std::string& username, const std::string& password) {
    return boost::json::serialize(
        boost::json::object{{"username", username}, {"password", password}});
  }

  service::WindowLimiter strict{3, std::chrono::minutes(1)};
  http::TrustedProxies behind_proxy = http::TrustedProxies::parse({"10.0.0.0/8"}).value();
  ApiContext strict_ctx = context_with(strict);
  Routes strict_routes = build_routes(strict_ctx);
  Dispatcher throttled{strict_routes, gatekeeper_with(strict, behind_proxy), nullptr};
};

TEST_F(DispatcherSecurityTest, AfterTooManyFailuresEvenGoodCredentialsGet429WithRetryAfter) {
  ASSERT_EQ(list_keys("192.0.2.10", good()).result_int(), 200u);
  fail_from("192.0.2.10", 3);
  const auto r = list_keys("192.0.2.10", good());
  EXPECT_EQ(r.result_int(), 429u);
  EXPECT_EQ(r["Retry-After"], "60");
  EXPECT_EQ(json(r).at("error").at("code").as_string(), "rate_limited");
  // The message says what happened and when to come back.
  EXPECT_EQ(message_of(r),
            "too many failed authentication attempts from your address; try again in 60 seconds");
}

TEST_F(DispatcherSecurityTest, AnotherAddressIsUnaffected) {
  fail_from("192.0.2.10", 3);
  EXPECT_EQ(list_keys("192.0.2.11", good()).result_int(), 200u);
  EXPECT_EQ(list_keys("2001:db8::10", good()).result_int(), 200u);
}

TEST_F(DispatcherSecurityTest, RetryAfterCountsDownAndTheAddressIsFreeAfterTheMinute) {
  fail_from("192.0.2.10", 1);
  clock.advance(20s);
  fail_from("192.0.2.10", 2);
  clock.advance(25s);
  EXPECT_EQ(list_keys("192.0.2.10", good())["Retry-After"], "15");  // the first failure's minute
  clock.advance(15s - 1ms);
  EXPECT_EQ(list_keys("192.0.2.10", good()).result_int(), 429u);
  clock.advance(1ms);
  EXPECT_EQ(list_keys("192.0.2.10", good()).result_int(), 200u);
}

TEST_F(DispatcherSecurityTest, RefusedRequestsDoNotExtendTheWait) {
  fail_from("192.0.2.10", 3);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(list_keys("192.0.2.10", bad()).result_int(), 429u);
  clock.advance(1min);
  EXPECT_EQ(list_keys("192.0.2.10", good()).result_int(), 200u);
}

TEST_F(DispatcherSecurityTest, VerifyingAKeyIsNotThrottled) {
  // The key being verified is the credential, not the caller's: a service checking keys for
  // many users must not be locked out by one user's typos.
  fail_from("192.0.2.10", 3);
  const auto r = from("192.0.2.10", http::Method::post, "/api/v1/keys/verify", {},
                      R"({"key": ")" + secret_a.token + R"("})");
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_TRUE(json(r).at("valid").as_bool());
}

TEST_F(DispatcherSecurityTest, ForwardedForFromAnUntrustedPeerDoesNotEscapeTheThrottle) {
  fail_from("192.0.2.10", 3);
  auto headers = good();
  headers.emplace_back("X-Forwarded-For", "203.0.113.50");
  EXPECT_EQ(list_keys("192.0.2.10", headers).result_int(), 429u);
}

TEST_F(DispatcherSecurityTest, BehindATrustedProxyEachClientIsThrottledOnItsOwn) {
  auto bad_one = bad();
  bad_one.emplace_back("X-Forwarded-For", "198.51.100.1");
  for (int i = 0; i < 3; ++i) ASSERT_EQ(list_keys("10.0.0.1", bad_one).result_int(), 401u);
  auto good_one = good();
  good_one.emplace_back("X-Forwarded-For", "198.51.100.1");
  EXPECT_EQ(list_keys("10.0.0.1", good_one).result_int(), 429u);
  // Everyone else behind the same proxy goes on.
  auto good_two = good();
  good_two.emplace_back("X-Forwarded-For", "198.51.100.2");
  EXPECT_EQ(list_keys("10.0.0.1", good_two).result_int(), 200u);
}

TEST_F(DispatcherSecurityTest, FailedSignInsCountAndSignInIsThrottledToo) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(from("192.0.2.10", http::Method::post, "/api/v1/session", {},
                   sign_in_body(root.user.username, "wrong"))
                  .result_int(),
              401u);
  }
  EXPECT_EQ(list_keys("192.0.2.10", good()).result_int(), 429u);
  const auto r = from("192.0.2.10", http::Method::post, "/api/v1/session", {},
                      sign_in_body(root.user.username, root.password));
  EXPECT_EQ(r.result_int(), 429u);
  EXPECT_EQ(r["Retry-After"], "60");
  EXPECT_TRUE(r[http::beast_http::field::set_cookie].empty());
}

TEST_F(DispatcherSecurityTest, FailuresAreAuditedWithTheReasonTheClientIsNotTold) {
  fail_from("192.0.2.10", 1);
  ASSERT_TRUE(audit.flush());
  const auto records = testing::audit_records(memory, "auth.failure");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].detail, "unknown credentials");
  EXPECT_EQ(records[0].org_id, org_a.org.id);
  EXPECT_EQ(records[0].client_ip, "192.0.2.10");
  EXPECT_EQ(records[0].outcome, AuditOutcome::kFailure);
  EXPECT_NE(records[0].target.find("/keys"), std::string::npos);
}

TEST_F(DispatcherSecurityTest, FailuresAreAuditedMaskedWhenThePolicySaysSo) {
  SystemSettings masking = settings.get();
  masking.mask_invalid_ips = true;
  ASSERT_TRUE(policies.set(actor, masking));
  fail_from("192.0.2.10", 3);
  ASSERT_TRUE(audit.flush());
  const auto records = testing::audit_records(memory, "auth.failure");
  ASSERT_EQ(records.size(), 3u);
  for (const auto& r : records) EXPECT_EQ(r.client_ip, "192.0.2.0/24");
  // The throttle still counts the real address, not the whole network.
  EXPECT_EQ(list_keys("192.0.2.11", good()).result_int(), 200u);
}

// A console sign-in through the fixture's dispatcher: the cookie's value and the CSRF token.
class ConsoleSessionTest : public testing::ApiTest {
 protected:
  struct Console {
    std::string cookie;  // "keyward_session=..."
    std::string csrf;
  };
  Console sign_in(const service::CreatedUser& who) {
    const auto r = call(http::Method::post, "/api/v1/session", {},
                        boost::json::serialize(boost::json::object{{"username", who.user.username},
                                                                   {"password", who.password}}),
                        "application/json");
    EXPECT_EQ(r.result_int(), 201u) << r.body();
    const std::string set_cookie(r[http::beast_http::field::set_cookie]);
    return {set_cookie.substr(0, set_cookie.find(';')),
            std::string(json(r).at("csrf_token").as_string())};
  }
  static testing::Headers with(const Console& c, std::optional<std::string> csrf = std::nullopt) {
    testing::Headers h{{"Cookie", "theme=dark; " + c.cookie}};
    if (csrf) h.emplace_back("X-CSRF-Token", *csrf);
    return h;
  }
  std::string rotate_path() const {
    return "/api/v1/orgs/" + org_a.org.id.to_string() + "/api-key/rotate";
  }
  std::string current_api_key() { return organizations.reveal_credentials(org_a.org.id)->api_key; }
};

TEST_F(ConsoleSessionTest, SignInSetsAnHttpOnlySecureSameSiteStrictCookie) {
  const auto r = call(http::Method::post, "/api/v1/session", {},
                      boost::json::serialize(boost::json::object{{"username", root.user.username},
                                                                 {"password", root.password}}),
                      "application/json");
  ASSERT_EQ(r.result_int(), 201u) << r.body();
  const std::string cookie(r[http::beast_http::field::set_cookie]);
  EXPECT_TRUE(cookie.starts_with("keyward_session=")) << cookie;
  for (const char* attribute :
       {"; HttpOnly", "; Secure", "; SameSite=Strict", "; Path=/", "; Max-Age=43200"}) {
    EXPECT_NE(cookie.find(attribute), std::string::npos) << attribute << " in " << cookie;
  }
  const std::string value = cookie.substr(16, cookie.find(';') - 16);
  EXPECT_GE(value.size(), 40u);
  // Scripts cannot read an HttpOnly cookie; the body must not hand its value out either.
  EXPECT_EQ(r.body().find(value), std::string::npos);
  const auto body = json(r);
  EXPECT_FALSE(body.at("csrf_token").as_string().empty());
  EXPECT_EQ(body.at("user").at("username").as_string(), root.user.username);
}

TEST_F(ConsoleSessionTest, EverySignInFailureGetsTheSameAnswer) {
  const auto attempt = [&](const std::string& username, const std::string& password) {
    return call(
        http::Method::post, "/api/v1/session", {},
        boost::json::serialize(boost::json::object{{"username", username}, {"password", password}}),
        "application/json");
  };
  const auto wrong_password = attempt(member_a.user.username, "wrong");
  const auto unknown_user = attempt("nobody@example.com", member_a.password);
  EXPECT_EQ(wrong_password.result_int(), 401u);
  EXPECT_EQ(wrong_password.body(), unknown_user.body());
  for (int i = 0; i < 5; ++i) attempt(member_a.user.username, "wrong");  // locks the account
  const auto locked = attempt(member_a.user.username, member_a.password);
  EXPECT_EQ(locked.result_int(), 401u);
  EXPECT_EQ(locked.body(), wrong_password.body());
  EXPECT_EQ(json(locked).at("error").at("code").as_string(), "sign_in_failed");
  EXPECT_TRUE(locked[http::beast_http::field::set_cookie].empty());
}

TEST_F(ConsoleSessionTest, ReadsWithTheCookieNeedNoCsrfToken) {
  const Console c = sign_in(root);
  EXPECT_EQ(
      call(http::Method::get, "/api/v1/orgs/" + org_a.org.id.to_string() + "/credentials", with(c))
          .result_int(),
      200u);
}

TEST_F(ConsoleSessionTest, AChangeWithoutTheRightCsrfTokenIsRefusedAndChangesNothing) {
  const Console c = sign_in(root);
  const Console other = sign_in(admin_a);
  const std::string cookie_value = c.cookie.substr(c.cookie.find('=') + 1);
  for (const auto& headers :
       {with(c), with(c, ""), with(c, "made-up"), with(c, other.csrf), with(c, cookie_value)}) {
    const auto r = call(http::Method::post, rotate_path(), headers);
    EXPECT_EQ(r.result_int(), 403u);
    EXPECT_NE(message_of(r).find("X-CSRF-Token"), std::string::npos) << message_of(r);
  }
  EXPECT_EQ(current_api_key(), org_a.api_key);
  EXPECT_TRUE(testing::audit_records(memory, "org.api_key.rotate").empty());
}

TEST_F(ConsoleSessionTest, WithTheRightCsrfTokenTheChangeIsMade) {
  const Console c = sign_in(root);
  const auto r = call(http::Method::post, rotate_path(), with(c, c.csrf));
  ASSERT_EQ(r.result_int(), 200u) << r.body();
  EXPECT_EQ(json(r).at("api_key").as_string(), current_api_key());
  EXPECT_NE(current_api_key(), org_a.api_key);
  const auto records = testing::audit_records(memory, "org.api_key.rotate");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].actor, "user:" + root.user.id.to_string() + " " + root.user.username);
}

TEST_F(ConsoleSessionTest, ApiCredentialsNeedNoCsrfToken) {
  const auto r = call(http::Method::post, rotate_path(), user(admin_a, org_a));
  EXPECT_EQ(r.result_int(), 200u) << r.body();
  EXPECT_NE(current_api_key(), org_a.api_key);
}

TEST_F(ConsoleSessionTest, SigningOutNeedsTheTokenThenEndsTheSessionAndClearsTheCookie) {
  const Console c = sign_in(root);
  EXPECT_EQ(call(http::Method::delete_, "/api/v1/session", with(c)).result_int(), 403u);
  EXPECT_EQ(call(http::Method::get, "/api/v1/auth", with(c)).result_int(), 204u);

  const auto r = call(http::Method::delete_, "/api/v1/session", with(c, c.csrf));
  EXPECT_EQ(r.result_int(), 204u);
  const std::string cleared(r[http::beast_http::field::set_cookie]);
  EXPECT_TRUE(cleared.starts_with("keyward_session=;")) << cleared;
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;
  EXPECT_EQ(call(http::Method::get, "/api/v1/auth", with(c)).result_int(), 401u);
  EXPECT_EQ(testing::audit_records(memory, "session.sign_out").size(), 1u);
}

}  // namespace
}  // namespace keyward::api

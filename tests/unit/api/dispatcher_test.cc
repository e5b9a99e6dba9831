// The request pipeline, driven without sockets: negotiation, routing errors, body parsing and the
// error envelopes, for what a user of the API would see.
#include "api/dispatcher.h"

#include <gtest/gtest.h>

#include "unit/api/api_fixture.h"

namespace keyward::api {
namespace {

class DispatcherTest : public testing::ApiTest {
 protected:
  std::string keys_path() const { return "/api/v1/orgs/" + org_a.org.id.to_string() + "/keys"; }
  size_t key_count() { return keys.list(org_a.org.id)->size(); }
};

TEST_F(DispatcherTest, AnUnknownRouteIsANotFoundWithAPointerToTheDocs) {
  const auto r = call(http::Method::get, "/api/v1/nothing-here");
  EXPECT_EQ(r.result_int(), 404u);
  const auto body = json(r);
  EXPECT_EQ(body.at("error").at("code").as_string(), "not_found");
  EXPECT_NE(std::string(body.at("error").at("message").as_string()).find("openapi"),
            std::string::npos);
}

TEST_F(DispatcherTest, AWrongMethodIsA405ListingTheAllowedOnes) {
  const auto r = call(http::Method::patch, keys_path(), user(admin_a, org_a));
  EXPECT_EQ(r.result_int(), 405u);
  EXPECT_EQ(r[http::beast_http::field::allow], "POST, GET");
  EXPECT_EQ(json(r).at("error").at("code").as_string(), "method_not_allowed");
}

TEST_F(DispatcherTest, AnUnservableAcceptIsA406) {
  auto headers = user(admin_a, org_a);
  headers.emplace_back("Accept", "text/html");
  const auto r = call(http::Method::get, keys_path(), headers);
  EXPECT_EQ(r.result_int(), 406u);
  EXPECT_EQ(json(r).at("error").at("code").as_string(), "not_acceptable");
}

TEST_F(DispatcherTest, XmlIsServedWhenPreferred) {
  auto headers = user(admin_a, org_a);
  headers.emplace_back("Accept", "application/xml");
  const auto r = call(http::Method::get, keys_path(), headers);
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_EQ(r[http::beast_http::field::content_type], "application/xml; charset=utf-8");
  EXPECT_TRUE(r.body().starts_with("<?xml"));
  EXPECT_NE(r.body().find("<keys><key><id>"), std::string::npos);
}

TEST_F(DispatcherTest, MalformedJsonIsA400SayingWhereAndChangesNothing) {
  const size_t before = key_count();
  const auto r = call(http::Method::post, keys_path(), user(admin_a, org_a),
                      R"({"name": "ci", "kind": )", "application/json");
  EXPECT_EQ(r.result_int(), 400u);
  EXPECT_NE(std::string(json(r).at("error").at("message").as_string()).find("at byte"),
            std::string::npos);
  EXPECT_EQ(key_count(), before);
}

TEST_F(DispatcherTest, AnUnknownFieldIsNamed) {
  const size_t before = key_count();
  const auto r = call(http::Method::post, keys_path(), user(admin_a, org_a),
                      R"({"name": "ci", "kind": "secret", "expire_at": "2030-01-01T00:00:00Z"})",
                      "application/json");
  EXPECT_EQ(r.result_int(), 400u);
  EXPECT_NE(std::string(json(r).at("error").at("message").as_string()).find("\"expire_at\""),
            std::string::npos);
  EXPECT_EQ(key_count(), before);
}

TEST_F(DispatcherTest, WrongFieldTypesAreRefusedWithTheFieldsName) {
  for (const char* body : {R"({"name": 5, "kind": "secret"})", R"({"name": "x", "kind": "nope"})",
                           R"({"name": "x", "kind": "secret", "expires_at": "tomorrow"})",
                           R"({"name": "x", "kind": "secret", "scopes": "read"})", R"([1, 2])"}) {
    const auto r =
        call(http::Method::post, keys_path(), user(admin_a, org_a), body, "application/json");
    EXPECT_EQ(r.result_int(), 400u) << body;
  }
}

TEST_F(DispatcherTest, AnUnsupportedBodyTypeIsA415) {
  const auto r =
      call(http::Method::post, keys_path(), user(admin_a, org_a), "name=x", "text/plain");
  EXPECT_EQ(r.result_int(), 415u);
  EXPECT_EQ(json(r).at("error").at("code").as_string(), "unsupported_media_type");
}

TEST_F(DispatcherTest, XmlAndFormBodiesCreateKeysLikeJson) {
  const auto xml = call(http::Method::post, keys_path(), user(admin_a, org_a),
                        "<key><name>from-xml</name><kind>public</kind></key>", "application/xml");
  EXPECT_EQ(xml.result_int(), 201u) << xml.body();
  const auto form =
      call(http::Method::post, keys_path(), user(admin_a, org_a),
           "name=from-form&kind=secret&scopes=read", "application/x-www-form-urlencoded");
  ASSERT_EQ(form.result_int(), 201u) << form.body();
  EXPECT_EQ(json(form).at("scopes"), boost::json::parse(R"(["read"])"));
}

TEST_F(DispatcherTest, RollAcceptsGraceAsANumberInJsonAndAsTextInXml) {
  const auto path = keys_path() + "/" + secret_a.key.id.to_string() + "/roll";
  const auto r = call(http::Method::post, path, user(admin_a, org_a),
                      "<roll><grace_seconds>60</grace_seconds></roll>", "application/xml");
  ASSERT_EQ(r.result_int(), 201u) << r.body();
  const auto bad =
      call(http::Method::post, keys_path() + "/" + json(r).at("id").as_string().c_str() + "/roll",
           user(admin_a, org_a), R"({"grace_seconds": "60"})", "application/json");
  EXPECT_EQ(bad.result_int(), 400u);
}

TEST_F(DispatcherTest, HeadAnswersLikeGetWithoutABody) {
  const auto r = call(http::Method::head, "/healthz");
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_TRUE(r.body().empty());
  EXPECT_NE(r[http::beast_http::field::content_length], "0");
}

TEST_F(DispatcherTest, ContrastRoutesUseTheirOwnErrorEnvelope) {
  const auto r = call(http::Method::get, "/Contrast/api/ng/applications",
                      {{"Authorization", "nope"}, {"API-Key", "nope"}});
  EXPECT_EQ(r.result_int(), 401u);
  const auto body = json(r);
  EXPECT_FALSE(body.at("success").as_bool());
  EXPECT_EQ(body.at("messages").as_array().size(), 1u);
}

TEST_F(DispatcherTest, EveryAuthenticationFailureLooksTheSame) {
  const std::string good = basic(admin_a.user.username, admin_a.service_key);
  const std::vector<testing::Headers> failures{
      {},
      {{"Authorization", good}},
      {{"Authorization", good}, {"API-Key", "wrong"}},
      {{"Authorization", basic(admin_a.user.username, "wrong")}, {"API-Key", org_a.api_key}},
      {{"Authorization", basic("nobody@example.com", admin_a.service_key)},
       {"API-Key", org_a.api_key}},
      {{"Authorization", "%%%not-base64"}, {"API-Key", org_a.api_key}},
      {{"Authorization", "Bearer kw_sk_nope"}},
      agent(org_a),  // valid, but agents may not use the management API
  };
  std::string first_body;
  for (const auto& headers : failures) {
    const auto r = call(http::Method::get, keys_path(), headers);
    EXPECT_EQ(r.result_int(), 401u);
    EXPECT_EQ(r[http::beast_http::field::www_authenticate], "Bearer realm=\"keyward\"");
    if (first_body.empty()) first_body = r.body();
    EXPECT_EQ(r.body(), first_body);
  }
}

TEST_F(DispatcherTest, ResponsesAreNeverCached) {
  const auto r = call(http::Method::get, "/healthz");
  EXPECT_EQ(r[http::beast_http::field::cache_control], "no-store");
  EXPECT_EQ(r["X-Content-Type-Options"], "nosniff");
}

TEST_F(DispatcherTest, VerifyAnswersValidOrJustInvalid) {
  const auto ok = call(http::Method::post, "/api/v1/keys/verify", {},
                       R"({"key": ")" + secret_a.token + R"("})", "application/json");
  ASSERT_EQ(ok.result_int(), 200u);
  const auto body = json(ok);
  EXPECT_TRUE(body.at("valid").as_bool());
  EXPECT_EQ(body.at("key_id").as_string(), secret_a.key.id.to_string());
  EXPECT_EQ(body.at("org_id").as_string(), org_a.org.id.to_string());
  EXPECT_EQ(body.at("kind").as_string(), "secret");
  EXPECT_TRUE(body.at("expires_at").is_null());
  const auto bad = call(http::Method::post, "/api/v1/keys/verify", {},
                        R"({"key": "kw_sk_garbage"})", "application/json");
  EXPECT_EQ(bad.result_int(), 200u);
  EXPECT_EQ(json(bad), boost::json::parse(R"({"valid": false})"));
  const auto missing =
      call(http::Method::post, "/api/v1/keys/verify", {}, R"({"token": "x"})", "application/json");
  EXPECT_EQ(missing.result_int(), 400u);
}

TEST_F(DispatcherTest, TheAuthEndpointDescribesTheCallerInHeaders) {
  const auto r = call(http::Method::get, "/api/v1/auth", bearer(secret_a.token));
  EXPECT_EQ(r.result_int(), 204u);
  EXPECT_EQ(r["X-Keyward-Principal"], "key");
  EXPECT_EQ(r["X-Keyward-Key-Id"], secret_a.key.id.to_string());
  EXPECT_EQ(r["X-Keyward-Org-Id"], org_a.org.id.to_string());
  EXPECT_EQ(r["X-Keyward-Scopes"], "read write");
  EXPECT_EQ(call(http::Method::get, "/api/v1/auth", agent(org_a))["X-Keyward-Principal"], "agent");
  EXPECT_EQ(call(http::Method::get, "/api/v1/auth").result_int(), 401u);
}

TEST_F(DispatcherTest, MetricsCountWhatHappened) {
  call(http::Method::get, "/healthz");
  call(http::Method::get, keys_path());                               // 401
  EXPECT_EQ(call(http::Method::get, "/metrics").result_int(), 401u);  // administrators only
  auto headers = user(root, org_a);
  headers.emplace_back("Accept", "text/plain");
  const auto r = call(http::Method::get, "/metrics", headers);
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_NE(r.body().find("keyward_authentication_failures_total 2"), std::string::npos);
  EXPECT_NE(r.body().find("keyward_http_responses_total{class=\"2xx\"} 1"), std::string::npos);
}

TEST_F(DispatcherTest, AnOrganizationIdThatIsNoUuidIsNotFound) {
  const auto r = call(http::Method::get, "/api/v1/orgs/not-a-uuid/keys", user(root, org_a));
  EXPECT_EQ(r.result_int(), 404u);
}

}  // namespace
}  // namespace keyward::api

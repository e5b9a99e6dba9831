// Why an authentication failed, as the audit log records it (the client always gets the same
// 401): a credential rotated away is named and attributed to its organization, so an
// administrator can tell a forgotten agent from an attack; and console sessions are found by
// their cookie alone.
#include <gtest/gtest.h>

#include "service/account_service.h"
#include "service/authenticator.h"
#include "service/key_service.h"
#include "service/organization_service.h"
#include "service/session_service.h"
#include "unit/service/service_fixture.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

class AuthFailureTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    acme = *orgs.create(actor, "Acme");
    other = *orgs.create(actor, "Other");
    ada =
        *accounts.create(actor, {"ada@example.com", Membership{acme.org.id, Role::kAdmin}, false});
  }

  AuthResult as_ada(const std::string& service_key, const std::string& api_key) {
    return authenticator.authenticate({basic("ada@example.com", service_key), api_key});
  }
  AuthResult as_agent(const std::string& agent_key, const std::string& api_key) {
    return authenticator.authenticate({basic(acme.org.agent_username, agent_key), api_key});
  }

  OrganizationService orgs{context()};
  AccountService accounts{context()};
  CreatedOrganization acme, other;
  CreatedUser ada;
};

TEST_F(AuthFailureTest, ARotatedApiKeyIsNamedForItsOrganization) {
  ASSERT_TRUE(orgs.rotate_api_key(actor, acme.org.id));
  for (const AuthResult& r :
       {as_ada(ada.service_key, acme.api_key), as_agent(acme.agent_service_key, acme.api_key)}) {
    EXPECT_FALSE(r.principal);
    EXPECT_EQ(r.failure.reason, "rotated API key");
    EXPECT_EQ(r.failure.org_id, acme.org.id);
  }
}

TEST_F(AuthFailureTest, AnApiKeyReplacedByAChosenValueIsNamedToo) {
  ASSERT_TRUE(orgs.set_api_key(actor, acme.org.id, "Chosen12KeyValue34abcdefghijklmn"));
  const AuthResult r = as_ada(ada.service_key, acme.api_key);
  EXPECT_FALSE(r.principal);
  EXPECT_EQ(r.failure.reason, "rotated API key");
  EXPECT_EQ(r.failure.org_id, acme.org.id);
}

TEST_F(AuthFailureTest, ARotatedAgentKeyIsNamedForItsOrganization) {
  ASSERT_TRUE(orgs.rotate_agent_key(actor, acme.org.id));
  const AuthResult r = as_agent(acme.agent_service_key, acme.api_key);
  EXPECT_FALSE(r.principal);
  EXPECT_EQ(r.failure.reason, "rotated agent service key");
  EXPECT_EQ(r.failure.org_id, acme.org.id);
}

TEST_F(AuthFailureTest, ARotatedUserServiceKeyIsNamedForTheUsersHomeOrganization) {
  ASSERT_TRUE(accounts.rotate_service_key(actor, ada.user.id));
  const AuthResult r = as_ada(ada.service_key, acme.api_key);
  EXPECT_FALSE(r.principal);
  EXPECT_EQ(r.failure.reason, "rotated user service key");
  EXPECT_EQ(r.failure.org_id, acme.org.id);
  // Presented with another organization's API key, it is still Ada's organization that hears.
  const AuthResult elsewhere = as_ada(ada.service_key, other.api_key);
  EXPECT_EQ(elsewhere.failure.reason, "rotated user service key");
  EXPECT_EQ(elsewhere.failure.org_id, acme.org.id);
}

TEST_F(AuthFailureTest, AWrongCredentialThatWasNeverValidIsUnknown) {
  const AuthResult with_good_api_key = as_ada("Never12Issued34abcdefghijklmnopq", acme.api_key);
  EXPECT_FALSE(with_good_api_key.principal);
  EXPECT_EQ(with_good_api_key.failure.reason, "unknown credentials");
  EXPECT_EQ(with_good_api_key.failure.org_id, acme.org.id);  // the API key named it

  const AuthResult with_bad_api_key = as_ada(ada.service_key, "Never12Issued34abcdefghijklmnopq");
  EXPECT_EQ(with_bad_api_key.failure.reason, "unknown credentials");
  EXPECT_FALSE(with_bad_api_key.failure.org_id);
}

TEST_F(AuthFailureTest, OnlyTheLatestRotationIsRemembered) {
  ASSERT_TRUE(orgs.rotate_api_key(actor, acme.org.id));
  auto second = orgs.rotate_api_key(actor, acme.org.id);
  ASSERT_TRUE(second);
  ASSERT_TRUE(orgs.rotate_api_key(actor, acme.org.id));
  EXPECT_EQ(as_ada(ada.service_key, *second).failure.reason, "rotated API key");
  EXPECT_EQ(as_ada(ada.service_key, acme.api_key).failure.reason, "unknown credentials");
}

TEST_F(AuthFailureTest, OtherChangesToTheOrganizationKeepTheRotatedKeyNamed) {
  ASSERT_TRUE(orgs.rotate_api_key(actor, acme.org.id));
  ASSERT_TRUE(orgs.rotate_agent_key(actor, acme.org.id));
  EXPECT_EQ(as_ada(ada.service_key, acme.api_key).failure.reason, "rotated API key");
}

TEST_F(AuthFailureTest, OtherReasonsAreNamedToo) {
  EXPECT_EQ(authenticator.authenticate({}).failure.reason, "no credentials");
  EXPECT_EQ(
      authenticator.authenticate({basic("ada@example.com", ada.service_key), ""}).failure.reason,
      "no API-Key header");
  const AuthResult stranger = as_ada(ada.service_key, other.api_key);
  EXPECT_EQ(stranger.failure.reason, "user is not a member of the API key's organization");
  EXPECT_EQ(stranger.failure.org_id, other.org.id);
}

TEST_F(AuthFailureTest, AnExpiredNamedKeyIsNamedForItsOrganization) {
  auto key = KeyService(context()).create(actor, acme.org.id,
                                          {"ci", KeyKind::kSecret, clock.now() + 1h, {}});
  ASSERT_TRUE(key);
  clock.advance(1h);
  const AuthResult r = authenticator.authenticate({"Bearer " + key->token});
  EXPECT_FALSE(r.principal);
  EXPECT_EQ(r.failure.reason, "expired key");
  EXPECT_EQ(r.failure.org_id, acme.org.id);
}

TEST_F(AuthFailureTest, SessionsAreFoundByTheirCookieOnly) {
  SessionService sessions(context(), SignInPolicy{}, network_locks);
  auto in = sessions.sign_in("ada@example.com", ada.password, "203.0.113.1");
  ASSERT_TRUE(in);
  const auto found = index.find_session(protector.lookup_hash(in->cookie_token));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->session_id, in->session.id);
  EXPECT_EQ(found->user_id, ada.user.id);
  // The CSRF token is not a cookie, and neither is anything else.
  EXPECT_FALSE(authenticator.authenticate({.session_cookie = in->csrf_token}).principal);
  EXPECT_EQ(authenticator.authenticate({.session_cookie = "made-up"}).failure.reason,
            "unknown or ended session");

  ASSERT_TRUE(sessions.sign_out(actor, in->session.id));
  EXPECT_FALSE(index.find_session(protector.lookup_hash(in->cookie_token)));
}

TEST_F(AuthFailureTest, AnAuthorizationHeaderIsNeverHelpedOutByACookie) {
  SessionService sessions(context(), SignInPolicy{}, network_locks);
  auto in = sessions.sign_in("ada@example.com", ada.password, "203.0.113.1");
  ASSERT_TRUE(in);
  // Wrong API credentials beside a good cookie: the credentials presented are the ones judged.
  const AuthResult r = authenticator.authenticate(
      {basic("ada@example.com", "wrong"), acme.api_key, in->cookie_token});
  EXPECT_FALSE(r.principal);
  const AuthResult p = authenticator.authenticate(
      {basic("ada@example.com", ada.service_key), acme.api_key, in->cookie_token});
  ASSERT_TRUE(p.principal);
  EXPECT_FALSE(p.principal->via_session);  // so no CSRF token is needed, nor given
}

}  // namespace
}  // namespace keyward::service

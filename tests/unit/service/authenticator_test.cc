#include "service/authenticator.h"

#include <gtest/gtest.h>

#include "core/key_token.h"
#include "service/account_service.h"
#include "service/key_service.h"
#include "service/organization_service.h"
#include "unit/service/service_fixture.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

class AuthenticatorTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    auto made = OrganizationService(context()).create(actor, "Acme");
    ASSERT_TRUE(made);
    acme = *made;
    auto other_org = OrganizationService(context()).create(actor, "Other");
    ASSERT_TRUE(other_org);
    other = *other_org;
    auto user = AccountService(context()).create(
        actor, {"ada@example.com", Membership{acme.org.id, Role::kAdmin}, false});
    ASSERT_TRUE(user);
    ada = *user;
  }

  std::optional<Principal> as(const std::string& authorization, const std::string& api_key) {
    return authenticator.authenticate({authorization, api_key}).principal;
  }

  CreatedOrganization acme, other;
  CreatedUser ada;
};

TEST_F(AuthenticatorTest, AcceptsContrastCredentialsRawAndWithBasic) {
  const std::string creds = basic("ada@example.com", ada.service_key);
  for (const std::string& header :
       {creds, "Basic " + creds, "basic " + creds, "  " + creds + " "}) {
    const auto p = as(header, acme.api_key);
    ASSERT_TRUE(p) << header;
    EXPECT_TRUE(p->is_user());
    EXPECT_EQ(p->user_id, ada.user.id);
    EXPECT_EQ(p->org_id, acme.org.id);
    EXPECT_FALSE(p->system_admin);
  }
}

TEST_F(AuthenticatorTest, UsernamesMatchRegardlessOfCase) {
  EXPECT_TRUE(as(basic("ADA@example.com", ada.service_key), acme.api_key));
}

TEST_F(AuthenticatorTest, RefusesEveryWrongPart) {
  const std::string good = basic("ada@example.com", ada.service_key);
  EXPECT_FALSE(as(good, other.api_key));                                      // not a member there
  EXPECT_FALSE(as(good, acme.api_key + "x"));                                 // wrong API key
  EXPECT_FALSE(as(good, ""));                                                 // missing API key
  EXPECT_FALSE(as(basic("bob@example.com", ada.service_key), acme.api_key));  // wrong user
  EXPECT_FALSE(as(basic("ada@example.com", ada.service_key + "x"), acme.api_key));
  EXPECT_FALSE(as(basic("ada@example.com", ada.password), acme.api_key));  // password is no key
  EXPECT_FALSE(as(basic("ada@example.com", ""), acme.api_key));
  EXPECT_FALSE(as(basic("", ada.service_key), acme.api_key));
  EXPECT_FALSE(as(crypto::base64_encode("ada@example.com" + ada.service_key), acme.api_key));
  EXPECT_FALSE(as("not base64 at all!", acme.api_key));
  EXPECT_FALSE(as("", acme.api_key));
  EXPECT_FALSE(as("Bearer " + ada.service_key, acme.api_key));
  EXPECT_FALSE(as("Digest " + good, acme.api_key));
  EXPECT_FALSE(as(std::string(4096, 'A'), acme.api_key));  // longer than any real credential
}

TEST_F(AuthenticatorTest, AcceptsTheOrganizationsAgentCredentials) {
  const auto p = as(basic(acme.org.agent_username, acme.agent_service_key), acme.api_key);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->is_agent());
  EXPECT_EQ(p->org_id, acme.org.id);
  EXPECT_FALSE(as(basic(acme.org.agent_username, acme.agent_service_key), other.api_key));
  EXPECT_FALSE(as(basic(other.org.agent_username, acme.agent_service_key), acme.api_key));
}

TEST_F(AuthenticatorTest, ASystemAdministratorMayUseAnyOrganizationsApiKey) {
  auto root = AccountService(context()).create(actor, {"root@example.com", std::nullopt, true});
  ASSERT_TRUE(root);
  const auto p = as(basic("root@example.com", root->service_key), other.api_key);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->system_admin);
  EXPECT_EQ(p->org_id, other.org.id);
}

TEST_F(AuthenticatorTest, ALockedAccountIsRefusedUntilTheLockEnds) {
  User locked = ada.user;
  locked.locked_until = clock.now() + 15min;
  locked.version += 1;
  store::WriteBatch b;
  b.users.push_back(locked);
  ASSERT_TRUE(context().commit(b));
  const std::string creds = basic("ada@example.com", ada.service_key);
  EXPECT_FALSE(as(creds, acme.api_key));
  clock.advance(15min);
  EXPECT_TRUE(as(creds, acme.api_key));
}

TEST_F(AuthenticatorTest, TheApiKeyIsALayerAgentsMayGoWithoutWhenItIsOff) {
  const std::string agent = basic(acme.org.agent_username, acme.agent_service_key);
  const std::string user = basic("ada@example.com", ada.service_key);
  EXPECT_FALSE(as(agent, ""));  // on (the default): agents need it
  Organization off = acme.org;
  off.api_key_enabled = false;
  off.version += 1;
  store::WriteBatch b;
  b.organizations.push_back(off);
  ASSERT_TRUE(context().commit(b));
  const auto p = as(agent, "");
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->is_agent());
  EXPECT_EQ(p->org_id, acme.org.id);
  EXPECT_TRUE(as(agent, acme.api_key));    // presenting it still works...
  EXPECT_FALSE(as(agent, other.api_key));  // ...but a wrong one does not
  EXPECT_FALSE(as(basic(acme.org.agent_username, "wrong"), ""));
  // Users need the API key either way.
  EXPECT_FALSE(as(user, ""));
  EXPECT_TRUE(as(user, acme.api_key));
}

TEST_F(AuthenticatorTest, AcceptsBearerKeysAndCarriesTheirScopes) {
  KeyService keys(context());
  const auto secret = keys.create(actor, acme.org.id, {"s", KeyKind::kSecret, {}, {}});
  const auto p = as("Bearer " + secret->token, "");
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->is_key());
  EXPECT_EQ(p->key_id, secret->key.id);
  EXPECT_EQ(p->org_id, acme.org.id);
  EXPECT_TRUE(p->may_write());
  const auto pub = as("bearer " + acme.default_public_key.token, "");
  ASSERT_TRUE(pub);
  EXPECT_FALSE(pub->may_write());
}

TEST_F(AuthenticatorTest, RefusesMalformedBearerTokens) {
  const std::string token = acme.default_public_key.token;
  EXPECT_FALSE(as("Bearer", ""));
  EXPECT_FALSE(as("Bearer ", ""));
  EXPECT_FALSE(as("Bearer " + token.substr(1), ""));
  EXPECT_FALSE(as("Bearer " + token + "x", ""));
  std::string flipped = token;
  flipped[10] = flipped[10] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(as("Bearer " + flipped, ""));
}

TEST_F(AuthenticatorTest, AWellFormedTokenThatWasNeverIssuedIsRefused) {
  testing::SeededRandom elsewhere(99);
  EXPECT_FALSE(as("Bearer " + generate_key_token(KeyKind::kSecret, elsewhere), ""));
}

TEST_F(AuthenticatorTest, ATokenOfTheWrongKindPrefixIsRefused) {
  // Same random part, other prefix: the checksum no longer matches.
  std::string token = acme.default_public_key.token;
  token.replace(0, 6, "kw_sk_");
  EXPECT_FALSE(authenticator.verify_key(token));
}

}  // namespace
}  // namespace keyward::service

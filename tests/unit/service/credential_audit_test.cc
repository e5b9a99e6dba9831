// Every change to a credential and its audit record are one write: when the write fails the
// operation says so and nothing changed (the old credential still works, on this node's index
// too), and when it succeeds exactly one record says who did what to which credential.
#include <gtest/gtest.h>

#include "service/account_service.h"
#include "service/application_service.h"
#include "service/organization_service.h"
#include "unit/service/audit_records.h"
#include "unit/service/service_fixture.h"

namespace keyward::service {
namespace {

class CredentialAuditTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    auto made = orgs.create(actor, "Acme");
    ASSERT_TRUE(made);
    acme = *made;
    auto user =
        accounts.create(actor, {"ada@example.com", Membership{acme.org.id, Role::kAdmin}, false});
    ASSERT_TRUE(user);
    ada = *user;
    auto app = apps.register_application(actor, acme.org.id, {"shop", "Java", "/shop", {}, {}});
    ASSERT_TRUE(app);
    shop = app->app;
    app_key = *apps.reveal_key(acme.org.id, shop.id).value();
    records_before = testing::audit_records(memory).size();
  }

  AuthResult as_ada(const std::string& service_key, const std::string& api_key) {
    return authenticator.authenticate({basic("ada@example.com", service_key), api_key});
  }
  AuthResult as_agent(const std::string& agent_key, const std::string& api_key) {
    return authenticator.authenticate({basic(acme.org.agent_username, agent_key), api_key});
  }
  bool ada_works() { return as_ada(ada.service_key, acme.api_key).principal.has_value(); }
  bool agent_works() {
    return as_agent(acme.agent_service_key, acme.api_key).principal.has_value();
  }
  std::string current_app_key() { return *apps.reveal_key(acme.org.id, shop.id).value(); }

  // A failed write: the error reaches the caller and no record was added.
  template <class R>
  void expect_failed_and_unrecorded(const R& result) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::kUnavailable);
    EXPECT_EQ(testing::audit_records(memory).size(), records_before);
  }
  // Exactly one record of `action`, the only record the operation added.
  void expect_one_record(std::string_view action, const std::string& target,
                         std::optional<Uuid> org_id) {
    const auto records = testing::audit_records(memory, action);
    ASSERT_EQ(records.size(), 1u) << action;
    EXPECT_EQ(records[0].target, target);
    EXPECT_EQ(records[0].org_id, org_id);
    EXPECT_EQ(records[0].outcome, AuditOutcome::kSuccess);
    EXPECT_EQ(records[0].actor, actor.label);
    EXPECT_EQ(records[0].client_ip, actor.client_ip);
    EXPECT_EQ(testing::audit_records(memory).size(), records_before + 1);
  }
  std::string org_target() const { return "org:" + acme.org.id.to_string(); }

  OrganizationService orgs{context()};
  AccountService accounts{context()};
  ApplicationService apps{context()};
  CreatedOrganization acme;
  CreatedUser ada;
  Application shop;
  std::string app_key;
  size_t records_before = 0;
};

TEST_F(CredentialAuditTest, AFailedApiKeyRotationChangesNothing) {
  store.fail_next_writes(1);
  expect_failed_and_unrecorded(orgs.rotate_api_key(actor, acme.org.id));
  EXPECT_TRUE(ada_works());
  EXPECT_TRUE(agent_works());
  EXPECT_EQ(orgs.reveal_credentials(acme.org.id)->api_key, acme.api_key);
  EXPECT_EQ(memory.get_organization(acme.org.id)->version, acme.org.version);
}

TEST_F(CredentialAuditTest, AnApiKeyRotationIsRecordedOnce) {
  auto fresh = orgs.rotate_api_key(actor, acme.org.id);
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(ada_works());
  EXPECT_TRUE(as_ada(ada.service_key, *fresh).principal);
  expect_one_record("org.api_key.rotate", org_target(), acme.org.id);
}

TEST_F(CredentialAuditTest, AFailedApiKeySetChangesNothing) {
  const std::string chosen = "Chosen12KeyValue34abcdefghijklmn";
  store.fail_next_writes(1);
  expect_failed_and_unrecorded(orgs.set_api_key(actor, acme.org.id, chosen));
  EXPECT_TRUE(ada_works());
  EXPECT_FALSE(as_ada(ada.service_key, chosen).principal);
  EXPECT_FALSE(index.find_org_by_api_key(protector.lookup_hash(chosen)));
}

TEST_F(CredentialAuditTest, AnApiKeySetIsRecordedOnceWithoutTheValue) {
  const std::string chosen = "Chosen12KeyValue34abcdefghijklmn";
  ASSERT_TRUE(orgs.set_api_key(actor, acme.org.id, chosen));
  EXPECT_FALSE(ada_works());
  EXPECT_TRUE(as_ada(ada.service_key, chosen).principal);
  expect_one_record("org.api_key.set", org_target(), acme.org.id);
  EXPECT_EQ(testing::audit_records(memory, "org.api_key.set")[0].detail.find(chosen),
            std::string::npos);
}

TEST_F(CredentialAuditTest, AFailedDisableLeavesTheLayerOn) {
  store.fail_next_writes(1);
  expect_failed_and_unrecorded(orgs.set_api_key_enabled(actor, acme.org.id, false));
  EXPECT_FALSE(as_agent(acme.agent_service_key, "").principal);
  EXPECT_TRUE(memory.get_organization(acme.org.id)->api_key_enabled);
}

TEST_F(CredentialAuditTest, DisablingIsRecordedOnceAndLetsAgentsInWithoutTheApiKey) {
  const AuthResult before = as_agent(acme.agent_service_key, "");
  EXPECT_FALSE(before.principal);
  EXPECT_EQ(before.failure.reason, "no API-Key header");
  EXPECT_EQ(before.failure.org_id, acme.org.id);
  ASSERT_TRUE(orgs.set_api_key_enabled(actor, acme.org.id, false));
  EXPECT_TRUE(as_agent(acme.agent_service_key, "").principal);
  EXPECT_TRUE(agent_works());  // with the API key too
  EXPECT_TRUE(ada_works());    // users present it either way
  EXPECT_FALSE(as_ada(ada.service_key, "").principal);
  expect_one_record("org.api_key.disable", org_target(), acme.org.id);
}

TEST_F(CredentialAuditTest, AFailedEnableLeavesTheLayerOff) {
  ASSERT_TRUE(orgs.set_api_key_enabled(actor, acme.org.id, false));
  records_before = testing::audit_records(memory).size();
  store.fail_next_writes(1);
  expect_failed_and_unrecorded(orgs.set_api_key_enabled(actor, acme.org.id, true));
  EXPECT_TRUE(as_agent(acme.agent_service_key, "").principal);
}

TEST_F(CredentialAuditTest, EnablingIsRecordedOnceAndAgentsNeedTheApiKeyAgain) {
  ASSERT_TRUE(orgs.set_api_key_enabled(actor, acme.org.id, false));
  records_before = testing::audit_records(memory).size();
  ASSERT_TRUE(orgs.set_api_key_enabled(actor, acme.org.id, true));
  EXPECT_FALSE(as_agent(acme.agent_service_key, "").principal);
  EXPECT_TRUE(agent_works());
  EXPECT_TRUE(ada_works());
  expect_one_record("org.api_key.enable", org_target(), acme.org.id);
}

TEST_F(CredentialAuditTest, AFailedAgentKeyRotationChangesNothing) {
  store.fail_next_writes(1);
  expect_failed_and_unrecorded(orgs.rotate_agent_key(actor, acme.org.id));
  EXPECT_TRUE(agent_works());
  EXPECT_EQ(orgs.reveal_credentials(acme.org.id)->agent_service_key, acme.agent_service_key);
}

TEST_F(CredentialAuditTest, AnAgentKeyRotationIsRecordedOnce) {
  auto fresh = orgs.rotate_agent_key(actor, acme.org.id);
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(agent_works());
  EXPECT_TRUE(as_agent(*fresh, acme.api_key).principal);
  EXPECT_TRUE(ada_works());  // the API key itself did not change
  expect_one_record("org.agent_key.rotate", org_target(), acme.org.id);
}

TEST_F(CredentialAuditTest, AFailedServiceKeyRotationChangesNothing) {
  store.fail_next_writes(1);
  expect_failed_and_unrecorded(accounts.rotate_service_key(actor, ada.user.id));
  EXPECT_TRUE(ada_works());
  EXPECT_EQ(accounts.reveal_service_key(ada.user.id).value(), ada.service_key);
}

TEST_F(CredentialAuditTest, AServiceKeyRotationIsRecordedOnce) {
  auto fresh = accounts.rotate_service_key(actor, ada.user.id);
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(ada_works());
  EXPECT_TRUE(as_ada(*fresh, acme.api_key).principal);
  expect_one_record("user.service_key.rotate", "user:" + ada.user.id.to_string(), std::nullopt);
}

TEST_F(CredentialAuditTest, AFailedApplicationKeyRotationChangesNothing) {
  store.fail_next_writes(1);
  expect_failed_and_unrecorded(apps.rotate_key(actor, acme.org.id, shop.id));
  EXPECT_EQ(current_app_key(), app_key);
}

TEST_F(CredentialAuditTest, AnApplicationKeyRotationIsRecordedOnce) {
  auto fresh = apps.rotate_key(actor, acme.org.id, shop.id);
  ASSERT_TRUE(fresh);
  EXPECT_NE(*fresh, app_key);
  EXPECT_EQ(current_app_key(), *fresh);
  expect_one_record("application.key.rotate", "application:" + shop.id.to_string(), acme.org.id);
}

TEST_F(CredentialAuditTest, AFailedApplicationKeySetChangesNothing) {
  store.fail_next_writes(1);
  expect_failed_and_unrecorded(
      apps.set_key(actor, acme.org.id, shop.id, "Chosen12AppKey34abcdefghijklmnop"));
  EXPECT_EQ(current_app_key(), app_key);
}

TEST_F(CredentialAuditTest, AnApplicationKeySetIsRecordedOnce) {
  ASSERT_TRUE(apps.set_key(actor, acme.org.id, shop.id, "Chosen12AppKey34abcdefghijklmnop"));
  EXPECT_EQ(current_app_key(), "Chosen12AppKey34abcdefghijklmnop");
  expect_one_record("application.key.set", "application:" + shop.id.to_string(), acme.org.id);
}

TEST_F(CredentialAuditTest, AnotherOrganizationsApplicationIsNotFoundAndUnchanged) {
  auto other = orgs.create(actor, "Other");
  ASSERT_TRUE(other);
  records_before = testing::audit_records(memory).size();
  const auto refused = apps.rotate_key(actor, other->org.id, shop.id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kNotFound);
  EXPECT_EQ(current_app_key(), app_key);
  EXPECT_EQ(testing::audit_records(memory).size(), records_before);
}

TEST_F(CredentialAuditTest, AnApiKeyAlreadyInUseElsewhereIsRefusedAndChangesNothing) {
  auto other = orgs.create(actor, "Other");
  ASSERT_TRUE(other);
  records_before = testing::audit_records(memory).size();
  const auto refused = orgs.set_api_key(actor, acme.org.id, other->api_key);
  ASSERT_FALSE(refused);
  // The answer of any unusable value, which does not say the value is a key.
  EXPECT_EQ(refused.error().code, Errc::kPolicyViolation);
  EXPECT_EQ(refused.error().message, unusable_value().message);
  EXPECT_EQ(orgs.set_api_key(actor, acme.org.id, acme.api_key).error().message,
            refused.error().message);
  EXPECT_TRUE(ada_works());
  // The other organization's key still leads to the other organization.
  EXPECT_EQ(index.find_org_by_api_key(protector.lookup_hash(other->api_key))->org_id,
            other->org.id);
  EXPECT_EQ(testing::audit_records(memory).size(), records_before);
}

}  // namespace
}  // namespace keyward::service

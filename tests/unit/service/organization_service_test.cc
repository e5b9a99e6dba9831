#include "service/organization_service.h"

#include <gtest/gtest.h>

#include "core/key_policy.h"
#include "crypto/password.h"
#include "service/account_service.h"
#include "service/bootstrap.h"
#include "unit/service/service_fixture.h"

namespace keyward::service {
namespace {

class OrganizationServiceTest : public testing::ServiceTest {};

TEST_F(OrganizationServiceTest, ANewOrganizationComesWithWorkingCredentials) {
  auto created = OrganizationService(context()).create(actor, "Acme Corp");
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_TRUE(policy_violations(kDefaultKeyPolicy, created->api_key).empty());
  EXPECT_TRUE(policy_violations(kDefaultKeyPolicy, created->agent_service_key).empty());
  EXPECT_TRUE(created->org.agent_username.starts_with("agent_"));
  EXPECT_TRUE(created->org.agent_username.ends_with("@acme-corp"));
  const auto agent =
      authenticator
          .authenticate(
              {basic(created->org.agent_username, created->agent_service_key), created->api_key})
          .principal;
  ASSERT_TRUE(agent);
  EXPECT_TRUE(agent->is_agent());
  // Every organization gets a public "Default API Key".
  const auto key = authenticator.verify_key(created->default_public_key.token);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->kind, KeyKind::kPublic);
  EXPECT_EQ(created->default_public_key.key.name, "Default API Key");
}

TEST_F(OrganizationServiceTest, CredentialsAreStoredSealedAndCanBeRevealed) {
  OrganizationService orgs(context());
  auto created = orgs.create(actor, "Acme");
  ASSERT_TRUE(created);
  const auto stored = memory.get_organization(created->org.id);
  const std::string sealed(stored->api_key.sealed.begin(), stored->api_key.sealed.end());
  EXPECT_EQ(sealed.find(created->api_key), std::string::npos);
  const auto revealed = orgs.reveal_credentials(created->org.id);
  ASSERT_TRUE(revealed);
  EXPECT_EQ(revealed->api_key, created->api_key);
  EXPECT_EQ(revealed->agent_service_key, created->agent_service_key);
}

TEST_F(OrganizationServiceTest, NamesAreChecked) {
  EXPECT_EQ(OrganizationService(context()).create(actor, "").error().code, Errc::kInvalidArgument);
  EXPECT_EQ(OrganizationService(context()).create(actor, std::string("a\nb")).error().code,
            Errc::kInvalidArgument);
}

TEST_F(OrganizationServiceTest, AgentUsernamesAreReadableAndSafe) {
  const Uuid id = Uuid::parse("1a2b3c4d-0000-4000-8000-000000000000").value();
  EXPECT_EQ(make_agent_username(id, "Acme Corp!"), "agent_1a2b3c4d@acme-corp");
  EXPECT_EQ(make_agent_username(id, "***"), "agent_1a2b3c4d@org");
  EXPECT_EQ(make_agent_username(id, std::string(100, 'x')).size(), 6u + 8 + 1 + 40);
}

TEST_F(OrganizationServiceTest, UsersGetAHashedPasswordAndAWorkingServiceKey) {
  auto org = OrganizationService(context()).create(actor, "Acme");
  AccountService accounts(context());
  auto user =
      accounts.create(actor, {"ada@example.com", Membership{org->org.id, Role::kMember}, false});
  ASSERT_TRUE(user) << user.error().message;
  const auto stored = memory.get_user(user->user.id);
  EXPECT_TRUE(stored->password_hash.starts_with("$argon2id$"));
  EXPECT_TRUE(crypto::verify_password(stored->password_hash, user->password));
  EXPECT_TRUE(
      authenticator.authenticate({basic("ada@example.com", user->service_key), org->api_key})
          .principal);
  EXPECT_EQ(accounts.reveal_service_key(user->user.id).value(), user->service_key);
  EXPECT_EQ(accounts.create(actor, {"ADA@example.com", std::nullopt, false}).error().code,
            Errc::kAlreadyExists);
  EXPECT_EQ(accounts.create(actor, {"a:b", std::nullopt, false}).error().code,
            Errc::kInvalidArgument);
}

TEST_F(OrganizationServiceTest, AResetPasswordReplacesTheOldOneAndClearsALock) {
  auto org = OrganizationService(context()).create(actor, "Acme");
  AccountService accounts(context());
  auto user =
      accounts.create(actor, {"ada@example.com", Membership{org->org.id, Role::kMember}, false});
  User locked = *memory.get_user(user->user.id);
  locked.failed_logins = 5;
  locked.locked_until = clock.now() + std::chrono::hours(1);
  locked.version += 1;
  store::WriteBatch b;
  b.users.push_back(locked);
  ASSERT_TRUE(context().commit(b));
  auto fresh = accounts.reset_password(actor, user->user.id);
  ASSERT_TRUE(fresh);
  const auto stored = memory.get_user(user->user.id);
  EXPECT_TRUE(crypto::verify_password(stored->password_hash, *fresh));
  EXPECT_FALSE(crypto::verify_password(stored->password_hash, user->password));
  EXPECT_EQ(stored->failed_logins, 0);
  EXPECT_FALSE(stored->locked_until);
}

TEST_F(OrganizationServiceTest, BootstrapMakesASystemAdministratorOfANewOrganizationOnce) {
  auto done = bootstrap(context(), "admin@localhost", "Demo Organization");
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_TRUE(done->admin.user.system_admin);
  EXPECT_EQ(done->admin.user.role_in(done->org.org.id), Role::kAdmin);
  const auto p =
      authenticator
          .authenticate({basic("admin@localhost", done->admin.service_key), done->org.api_key})
          .principal;
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->system_admin);
  EXPECT_EQ(bootstrap(context(), "other@localhost", "Again").error().code, Errc::kAlreadyExists);
}

TEST_F(OrganizationServiceTest, AFailedBootstrapLeavesTheStoreEmpty) {
  store.fail_next_writes(1);
  ASSERT_FALSE(bootstrap(context(), "admin@localhost", "Demo"));
  EXPECT_TRUE(memory.list_users()->empty());
  EXPECT_TRUE(memory.list_organizations()->empty());
}

}  // namespace
}  // namespace keyward::service

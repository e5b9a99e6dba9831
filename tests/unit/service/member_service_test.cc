// An organization's members as its administrators manage them: adding people (new ones with a
// one-time password), roles, unlocking, removal, the last administrator, and the audit records.
#include "service/member_service.h"

#include <gtest/gtest.h>

#include "service/account_service.h"
#include "service/organization_service.h"
#include "service/session_service.h"
#include "unit/service/audit_records.h"
#include "unit/service/service_fixture.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

class MemberServiceTest : public testing::ServiceTest {
 protected:
  MemberServiceTest() : ServiceTest(3, 10min) {}
  void SetUp() override {
    acme = *OrganizationService(context()).create(actor, "Acme");
    globex = *OrganizationService(context()).create(actor, "Globex");
    ada = *AccountService(context()).create(
        actor, {"ada@acme.example", Membership{acme.org.id, Role::kAdmin}, false});
    eve = *AccountService(context()).create(
        actor, {"eve@globex.example", Membership{globex.org.id, Role::kAdmin}, false});
  }

  // Whether `who` authenticates with Acme's API key (the User API's credentials).
  bool works_in_acme(const CreatedUser& who) {
    return authenticator.authenticate({basic(who.user.username, who.service_key), acme.api_key})
        .principal.has_value();
  }

  MemberService members{context()};
  SessionService sessions{context(), SignInPolicy{3, 10min, 2h}, network_locks};
  CreatedOrganization acme, globex;
  CreatedUser ada, eve;
};

TEST_F(MemberServiceTest, ListsMembersByUsernameWithTheirRoles) {
  ASSERT_TRUE(members.add(actor, acme.org.id, "Bob@acme.example", Role::kMember, false));
  ASSERT_TRUE(members.add(actor, acme.org.id, "al@acme.example", Role::kMember, false));
  const auto list = members.list(acme.org.id);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].username, "ada@acme.example");
  EXPECT_EQ((*list)[1].username, "al@acme.example");
  EXPECT_EQ((*list)[2].username, "Bob@acme.example");
  EXPECT_EQ((*list)[0].role_in(acme.org.id), Role::kAdmin);
  EXPECT_EQ((*list)[2].role_in(acme.org.id), Role::kMember);
  EXPECT_EQ(members.list(Uuid::random(random)).error().code, Errc::kNotFound);
}

TEST_F(MemberServiceTest, ANewPersonGetsAOneTimePasswordThatOnlySignsInWithANewOne) {
  const auto added = members.add(actor, acme.org.id, "bob@acme.example", Role::kMember, false);
  ASSERT_TRUE(added) << added.error().message;
  ASSERT_TRUE(added->one_time_password);
  EXPECT_TRUE(added->user.password_change_required);
  const std::string once = *added->one_time_password;

  // The right one-time password alone opens no session, and is not counted as a failure.
  const auto alone = sessions.sign_in("bob@acme.example", once, "203.0.113.9");
  ASSERT_FALSE(alone);
  EXPECT_EQ(alone.error().code, Errc::kPermissionDenied);
  EXPECT_NE(alone.error().message.find("choose a new password"), std::string::npos);
  EXPECT_EQ(memory.get_user(added->user.id)->failed_logins, 0);

  // A new password that breaks the rules, or repeats the old one, is refused and changes nothing.
  EXPECT_EQ(sessions.sign_in("bob@acme.example", once, "203.0.113.9", "short").error().code,
            Errc::kInvalidArgument);
  EXPECT_EQ(sessions.sign_in("bob@acme.example", once, "203.0.113.9", once).error().code,
            Errc::kInvalidArgument);
  EXPECT_TRUE(memory.get_user(added->user.id)->password_change_required);

  const auto in = sessions.sign_in("bob@acme.example", once, "203.0.113.9", "a password of bob's");
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_FALSE(in->user.password_change_required);
  EXPECT_FALSE(memory.get_user(added->user.id)->password_change_required);
  // The one-time password is spent; the chosen one works alone from now on.
  EXPECT_EQ(sessions.sign_in("bob@acme.example", once, "203.0.113.9").error().code,
            Errc::kUnauthenticated);
  EXPECT_TRUE(sessions.sign_in("bob@acme.example", "a password of bob's", "203.0.113.9"));
  EXPECT_EQ(testing::audit_records(memory, "user.password.change").size(), 1u);
  const auto records = testing::audit_records(memory, "org.member.add");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].org_id, acme.org.id);
  EXPECT_EQ(records[0].detail, "bob@acme.example as member (new account with a one-time password)");
  EXPECT_EQ(records[0].detail.find(once), std::string::npos);
}

TEST_F(MemberServiceTest, OnlyASystemAdministratorAddsAnExistingAccount) {
  const auto refused = members.add(actor, acme.org.id, "EVE@globex.example", Role::kMember, false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kAlreadyExists);
  EXPECT_FALSE(memory.get_user(eve.user.id)->role_in(acme.org.id));

  const auto added = members.add(actor, acme.org.id, "eve@globex.example", Role::kMember, true);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_FALSE(added->one_time_password);
  EXPECT_EQ(added->user.role_in(acme.org.id), Role::kMember);
  EXPECT_EQ(added->user.role_in(globex.org.id), Role::kAdmin);
  EXPECT_TRUE(works_in_acme(eve));
  EXPECT_EQ(members.add(actor, acme.org.id, "eve@globex.example", Role::kAdmin, true).error().code,
            Errc::kAlreadyExists);
}

TEST_F(MemberServiceTest, MalformedUsernamesAndUnknownOrganizationsChangeNothing) {
  EXPECT_EQ(members.add(actor, acme.org.id, "bob smith", Role::kMember, true).error().code,
            Errc::kInvalidArgument);
  EXPECT_EQ(members.add(actor, Uuid::random(random), "bob@x", Role::kMember, true).error().code,
            Errc::kNotFound);
  EXPECT_EQ(memory.list_users()->size(), 2u);
}

TEST_F(MemberServiceTest, ARoleChangeTakesEffectAtOnce) {
  const auto bob = members.add(actor, acme.org.id, "bob@acme.example", Role::kMember, false);
  const auto changed = members.set_role(actor, acme.org.id, bob->user.id, Role::kAdmin);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(index.role_of(bob->user.id, acme.org.id), Role::kAdmin);
  EXPECT_EQ(testing::audit_records(memory, "org.member.role").back().detail,
            "bob@acme.example is now admin");
  EXPECT_EQ(members.set_role(actor, acme.org.id, eve.user.id, Role::kAdmin).error().code,
            Errc::kNotFound);
}

TEST_F(MemberServiceTest, TheLastAdministratorCanBeNeitherDemotedNorRemoved) {
  const auto demoted = members.set_role(actor, acme.org.id, ada.user.id, Role::kMember);
  ASSERT_FALSE(demoted);
  EXPECT_EQ(demoted.error().code, Errc::kConflict);
  EXPECT_NE(demoted.error().message.find("only administrator"), std::string::npos);
  EXPECT_EQ(members.remove(actor, acme.org.id, ada.user.id).error().code, Errc::kConflict);
  EXPECT_EQ(memory.get_user(ada.user.id)->role_in(acme.org.id), Role::kAdmin);

  const auto bob = members.add(actor, acme.org.id, "bob@acme.example", Role::kAdmin, false);
  ASSERT_TRUE(members.set_role(actor, acme.org.id, ada.user.id, Role::kMember));
  EXPECT_EQ(members.remove(actor, acme.org.id, bob->user.id).error().code, Errc::kConflict);
}

TEST_F(MemberServiceTest, ARemovedMembersServiceKeyStopsWorkingThereAtOnce) {
  auto bob = *AccountService(context()).create(
      actor, {"bob@acme.example", Membership{acme.org.id, Role::kMember}, false});
  ASSERT_TRUE(works_in_acme(bob));
  ASSERT_TRUE(members.remove(actor, acme.org.id, bob.user.id));
  EXPECT_FALSE(works_in_acme(bob));
  EXPECT_FALSE(index.role_of(bob.user.id, acme.org.id));
  EXPECT_TRUE(memory.get_user(bob.user.id));  // the account stays
  EXPECT_EQ(members.remove(actor, acme.org.id, bob.user.id).error().code, Errc::kNotFound);
  const auto records = testing::audit_records(memory, "org.member.remove");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].target, "user:" + bob.user.id.to_string());
}

TEST_F(MemberServiceTest, UnlockingLetsALockedMemberSignInAgain) {
  // Locked by an administrator, which holds on every network until lifted.
  ASSERT_TRUE(members.lock(actor, acme.org.id, ada.user.id));
  ASSERT_TRUE(memory.get_user(ada.user.id)->locked_at(clock.now() + 24h * 365));
  ASSERT_FALSE(sessions.sign_in("ada@acme.example", ada.password, "x"));
  EXPECT_EQ(testing::audit_records(memory, "org.member.lock").size(), 1u);

  ASSERT_TRUE(members.unlock(actor, acme.org.id, ada.user.id));
  EXPECT_FALSE(memory.get_user(ada.user.id)->locked_at(clock.now()));
  EXPECT_TRUE(sessions.sign_in("ada@acme.example", ada.password, "x"));
  EXPECT_EQ(testing::audit_records(memory, "org.member.unlock").back().detail,
            "ada@acme.example unlocked");
  EXPECT_EQ(members.unlock(actor, acme.org.id, eve.user.id).error().code, Errc::kNotFound);
}

TEST_F(MemberServiceTest, AChangeWhoseRecordCannotBeWrittenDoesNotHappen) {
  auto bob = *AccountService(context()).create(
      actor, {"bob@acme.example", Membership{acme.org.id, Role::kMember}, false});
  store.fail_next_writes(1);
  EXPECT_EQ(members.remove(actor, acme.org.id, bob.user.id).error().code, Errc::kUnavailable);
  EXPECT_TRUE(works_in_acme(bob));
  EXPECT_EQ(memory.get_user(bob.user.id)->role_in(acme.org.id), Role::kMember);
  EXPECT_TRUE(testing::audit_records(memory, "org.member.remove").empty());
}

}  // namespace
}  // namespace keyward::service

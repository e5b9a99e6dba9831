#include "core/user.h"

#include <chrono>

#include <gtest/gtest.h>

namespace keyward {
namespace {

Uuid uuid(const char* text) { return *Uuid::parse(text); }

TEST(RoleTest, ToStringAndParse) {
  EXPECT_EQ(to_string(Role::kAdmin), "admin");
  EXPECT_EQ(to_string(Role::kMember), "member");
  EXPECT_EQ(parse_role("admin"), Role::kAdmin);
  EXPECT_EQ(parse_role("member"), Role::kMember);
  for (Role role : {Role::kAdmin, Role::kMember}) EXPECT_EQ(parse_role(to_string(role)), role);
}

TEST(RoleTest, ParseRefusesAnythingElse) {
  for (const char* text : {"", "Admin", "ADMIN", "admin ", " member", "owner", "members"}) {
    EXPECT_EQ(parse_role(text), std::nullopt) << text;
  }
}

TEST(UserTest, RoleInFindsTheMembershipOfThatOrganization) {
  const Uuid org_a = uuid("00000000-0000-4000-8000-00000000000a");
  const Uuid org_b = uuid("00000000-0000-4000-8000-00000000000b");
  const Uuid org_c = uuid("00000000-0000-4000-8000-00000000000c");
  User user;
  user.memberships = {{org_a, Role::kAdmin}, {org_b, Role::kMember}};
  EXPECT_EQ(user.role_in(org_a), Role::kAdmin);
  EXPECT_EQ(user.role_in(org_b), Role::kMember);
  EXPECT_EQ(user.role_in(org_c), std::nullopt);
  EXPECT_EQ(User{}.role_in(org_a), std::nullopt);
}

TEST(UserTest, LockedUntilTheInstantPasses) {
  const Timestamp t = from_epoch_ms(1'800'000'000'000);
  User user;
  EXPECT_FALSE(user.locked_at(t));
  user.locked_until = t;
  EXPECT_TRUE(user.locked_at(t - std::chrono::milliseconds{1}));
  EXPECT_FALSE(user.locked_at(t));  // the lock has ended at locked_until
  EXPECT_FALSE(user.locked_at(t + std::chrono::minutes{1}));
}

TEST(UserTest, DefaultsAreAFreshAccount) {
  const User user;
  EXPECT_FALSE(user.system_admin);
  EXPECT_EQ(user.failed_logins, 0);
  EXPECT_EQ(user.version, 1);
  EXPECT_TRUE(user.memberships.empty());
  EXPECT_FALSE(user.locked_until.has_value());
}

}  // namespace
}  // namespace keyward

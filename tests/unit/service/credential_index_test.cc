#include "service/credential_index.h"

#include <gtest/gtest.h>

#include "unit/store/entities.h"

namespace keyward::service {
namespace {

TEST(CredentialIndex, AnOlderVersionNeverReplacesANewerOne) {
  testing::EntityFactory make;
  CredentialIndex index;
  const Organization org = make.organization();
  NamedKey key = make.key(org.id);
  index.put(org);
  NamedKey revoked = key;
  revoked.revoked_at = make.at(10);
  revoked.version = 2;
  index.put(revoked);
  index.put(key);  // a stale copy arriving late (e.g. from the journal)
  EXPECT_FALSE(index.find_key(key.token_hash));
}

TEST(CredentialIndex, RotatingACredentialForgetsTheOldOne) {
  testing::EntityFactory make;
  CredentialIndex index;
  Organization org = make.organization();
  index.put(org);
  const Digest old_api_key = org.api_key.lookup;
  const Digest old_agent_key = org.agent_key.lookup;
  org.api_key = make.secret();
  org.agent_key = make.secret();
  org.version = 2;
  index.put(org);
  EXPECT_FALSE(index.find_org_by_api_key(old_api_key));
  EXPECT_FALSE(index.find_agent(org.agent_username, old_agent_key));
  EXPECT_EQ(index.find_org_by_api_key(org.api_key.lookup)->org_id, org.id);
  EXPECT_EQ(index.find_agent(org.agent_username, org.agent_key.lookup), org.id);
}

TEST(CredentialIndex, FindsUsersByServiceKeyAndUsername) {
  testing::EntityFactory make;
  CredentialIndex index;
  const Organization org = make.organization();
  User user = make.user("ada@example.com", org.id, Role::kAdmin);
  index.put(org);
  index.put(user);
  EXPECT_EQ(index.find_user("Ada@Example.com", user.service_key.lookup)->user_id, user.id);
  EXPECT_FALSE(index.find_user("bob@example.com", user.service_key.lookup));
  EXPECT_EQ(index.role_of(user.id, org.id), Role::kAdmin);
  user.memberships.clear();
  user.version = 2;
  index.put(user);
  EXPECT_FALSE(index.role_of(user.id, org.id));
}

TEST(CredentialIndex, ResetReplacesEverything) {
  testing::EntityFactory make;
  CredentialIndex index;
  const Organization a = make.organization("A");
  const NamedKey ka = make.key(a.id);
  index.put(a);
  index.put(ka);
  const Organization b = make.organization("B");
  const NamedKey kb = make.key(b.id);
  index.reset({b}, {}, {kb}, {});
  EXPECT_FALSE(index.find_key(ka.token_hash));
  EXPECT_FALSE(index.find_org_by_api_key(a.api_key.lookup));
  EXPECT_TRUE(index.find_key(kb.token_hash));
  EXPECT_EQ(index.key_count(), 1u);
}

}  // namespace
}  // namespace keyward::service

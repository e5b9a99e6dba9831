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
  EXPECT_FALSE(index.find_key(key.token_hash, make.at(11)));
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
  EXPECT_EQ(index.find_agent(org.agent_username, org.agent_key.lookup)->org_id, org.id);
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
  KeyTable keys;
  keys.put(kb);
  index.reset({b}, {}, keys, {});
  EXPECT_FALSE(index.find_key(ka.token_hash, make.at(1)));
  EXPECT_FALSE(index.find_org_by_api_key(a.api_key.lookup));
  EXPECT_TRUE(index.find_key(kb.token_hash, make.at(1)));
  EXPECT_EQ(index.key_count(), 1u);
}

// Organization A rotates its API key away from X, then organization B chooses X (allowed: it is
// free now). If B's change reaches this index before A's, applying A's must not take X from B.
TEST(CredentialIndex, AnUpdateArrivingLateNeverRemovesACredentialAnotherEntityHoldsNow) {
  testing::EntityFactory make;
  CredentialIndex index;
  Organization a = make.organization("A");
  Organization b = make.organization("B");
  index.put(a);
  index.put(b);
  const ProtectedSecret x = a.api_key;
  a.api_key = make.secret();
  a.previous_api_key = x.lookup;
  a.version = 2;
  b.previous_api_key = b.api_key.lookup;
  b.api_key = x;
  b.version = 2;
  index.put(b);
  index.put(a);
  ASSERT_TRUE(index.find_org_by_api_key(x.lookup));
  EXPECT_EQ(index.find_org_by_api_key(x.lookup)->org_id, b.id);
  EXPECT_EQ(index.find_org_by_api_key(a.api_key.lookup)->org_id, a.id);

  // The same for users' service keys.
  User u = make.user("u@example.com", a.id);
  User v = make.user("v@example.com", a.id);
  index.put(u);
  index.put(v);
  const ProtectedSecret s = u.service_key;
  u.service_key = make.secret();
  u.version = 2;
  v.service_key = s;
  v.version = 2;
  index.put(v);
  index.put(u);
  ASSERT_TRUE(index.find_user("v@example.com", s.lookup));
  EXPECT_EQ(index.find_user("v@example.com", s.lookup)->user_id, v.id);
}

TEST(CredentialIndex, EndedSessionsAreForgottenOnceTheyCanNoLongerComeBack) {
  testing::EntityFactory make;
  CredentialIndex index;
  Session session;
  session.id = Uuid::random(*std::make_unique<testing::SeededRandom>(5));
  session.token_hash = make.digest();
  session.expires_at = make.at(3600);
  index.put(session);
  ASSERT_TRUE(index.find_session(session.token_hash));
  Session ended = session;
  ended.ended_at = make.at(10);
  ended.version = 2;
  index.put(ended);
  EXPECT_FALSE(index.find_session(session.token_hash));
  index.put(session);  // a stale copy: still refused
  EXPECT_FALSE(index.find_session(session.token_hash));
  EXPECT_EQ(index.session_count(), 1u);
  index.prune(make.at(10 + 599), std::chrono::seconds(600), std::chrono::hours(24));
  EXPECT_EQ(index.session_count(), 1u);
  index.prune(make.at(10 + 601), std::chrono::seconds(600), std::chrono::hours(24));
  EXPECT_EQ(index.session_count(), 0u);
}

}  // namespace
}  // namespace keyward::service

// The security-administration half of store/store.h's contract, against every Store: settings,
// sessions, reveal grants, the audit log, and the credential history entities keep.
#include <functional>
#include <memory>

#include <gtest/gtest.h>

#include "store/store.h"
#include "unit/store/entities.h"
#include "unit/store/implementations.h"

namespace keyward::store {
namespace {

using testing::EntityFactory;
using testing::Implementation;
using testing::implementation_name;
using testing::implementations;
using testing::StoreHandle;

class SecurityConformance : public ::testing::TestWithParam<Implementation> {
 protected:
  void SetUp() override {
    handle_ = GetParam().open();
    ASSERT_NE(handle_.store, nullptr);
    org = make.organization();
    user = make.user("ada@example.com", org.id, Role::kAdmin);
    WriteBatch b;
    b.organizations.push_back(org);
    b.users.push_back(user);
    ASSERT_TRUE(store().apply(b));
  }
  Store& store() { return *handle_.store; }

  Session session(std::int64_t expires_in_seconds) {
    Session s;
    s.id =
        Uuid::parse("10000000-0000-4000-8000-" + std::to_string(100000000000 + counter_++)).value();
    s.token_hash = make.digest();
    s.csrf_hash = make.digest();
    s.user_id = user.id;
    s.created_at = make.at(0);
    s.expires_at = make.at(expires_in_seconds);
    return s;
  }
  AuditEvent event(std::string action, std::optional<Uuid> org_id) {
    AuditEvent e;
    e.at = make.at(counter_++);
    e.actor = "user:" + user.id.to_string();
    e.org_id = org_id;
    e.action = std::move(action);
    e.target = "org:" + org.id.to_string();
    e.outcome = AuditOutcome::kSuccess;
    e.client_ip = "203.0.113.0/24";
    e.detail = "a detail";
    return e;
  }

  EntityFactory make;
  Organization org;
  User user;
  std::int64_t counter_ = 0;
  StoreHandle handle_;
};

TEST_P(SecurityConformance, SettingsStartAtTheDefaultsAndFollowTheVersionRule) {
  const auto initial = store().get_settings();
  ASSERT_TRUE(initial);
  EXPECT_EQ(initial->version, 0);
  EXPECT_EQ(initial->org_api_key, kDefaultKeyPolicy);
  SystemSettings s = *initial;
  s.org_api_key = KeyPolicy{40, 4, 4, 4};
  s.application_key = KeyPolicy{20, 1, 1, 1};
  s.mask_invalid_ips = true;
  s.email_key_in_message = true;
  s.version = 1;
  WriteBatch b;
  b.settings = s;
  ASSERT_TRUE(store().apply(b));
  const auto saved = store().get_settings();
  EXPECT_EQ(saved->org_api_key, s.org_api_key);
  EXPECT_EQ(saved->application_key, s.application_key);
  EXPECT_TRUE(saved->mask_invalid_ips);
  EXPECT_TRUE(saved->email_key_in_message);
  EXPECT_EQ(saved->version, 1);
  // A stale writer loses.
  WriteBatch stale;
  stale.settings = s;
  EXPECT_EQ(store().apply(stale).error().code, Errc::kConflict);
  s.version = 2;
  s.mask_invalid_ips = false;
  WriteBatch next;
  next.settings = s;
  ASSERT_TRUE(store().apply(next));
  EXPECT_FALSE(store().get_settings()->mask_invalid_ips);
  const auto journal = store().changes_after(0, 100);
  EXPECT_EQ(journal->back().kind, EntityKind::kSettings);
}

TEST_P(SecurityConformance, SessionsRoundTripAndOnlyActiveOnesAreListed) {
  const Session live = session(3600);
  const Session expired = session(-1);
  Session ended = session(3600);
  WriteBatch b;
  b.sessions = {live, expired, ended};
  ASSERT_TRUE(store().apply(b));
  ended.ended_at = make.at(1);
  ended.version = 2;
  WriteBatch end;
  end.sessions.push_back(ended);
  ASSERT_TRUE(store().apply(end));
  const auto got = store().get_session(live.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->token_hash, live.token_hash);
  EXPECT_EQ(got->csrf_hash, live.csrf_hash);
  EXPECT_EQ(got->user_id, user.id);
  EXPECT_EQ(got->expires_at, live.expires_at);
  EXPECT_FALSE(got->ended_at);
  const auto active = store().list_active_sessions(make.at(0));
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ(active->front().id, live.id);
  EXPECT_EQ(store().changes_after(0, 100)->back().kind, EntityKind::kSession);
}

TEST_P(SecurityConformance, SessionTokensAreUniqueAndBelongToAUser) {
  Session a = session(60);
  WriteBatch b;
  b.sessions.push_back(a);
  ASSERT_TRUE(store().apply(b));
  Session twin = session(60);
  twin.token_hash = a.token_hash;
  WriteBatch dup;
  dup.sessions.push_back(twin);
  EXPECT_EQ(store().apply(dup).error().code, Errc::kAlreadyExists);
  Session orphan = session(60);
  orphan.user_id = Uuid::parse("00000000-0000-4000-8000-0000000000ee").value();
  WriteBatch o;
  o.sessions.push_back(orphan);
  EXPECT_EQ(store().apply(o).error().code, Errc::kNotFound);
}

TEST_P(SecurityConformance, RevealGrantsAreFoundByTokenHashAndMarkedUsed) {
  RevealGrant g;
  g.id = Uuid::parse("20000000-0000-4000-8000-000000000001").value();
  g.token_hash = make.digest();
  g.user_id = user.id;
  g.what = RevealedCredential::kUserServiceKey;
  g.subject_id = user.id;
  g.created_at = make.at(0);
  g.expires_at = make.at(600);
  WriteBatch b;
  b.grants.push_back(g);
  ASSERT_TRUE(store().apply(b));
  auto found = store().find_grant(g.token_hash);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->what, RevealedCredential::kUserServiceKey);
  EXPECT_EQ(found->subject_id, user.id);
  EXPECT_FALSE(found->used_at);
  found->used_at = make.at(5);
  found->version = 2;
  WriteBatch use;
  use.grants.push_back(*found);
  ASSERT_TRUE(store().apply(use));
  EXPECT_EQ(store().find_grant(g.token_hash)->used_at, make.at(5));
  // Using it twice at once: the second writer loses.
  WriteBatch again;
  again.grants.push_back(*found);
  EXPECT_EQ(store().apply(again).error().code, Errc::kConflict);
  EXPECT_EQ(store().find_grant(make.digest()).error().code, Errc::kNotFound);
}

TEST_P(SecurityConformance, TheAuditLogIsNewestFirstPagedAndPerOrganization) {
  const Organization other = make.organization("Other");
  WriteBatch setup;
  setup.organizations.push_back(other);
  ASSERT_TRUE(store().apply(setup));
  for (int i = 0; i < 5; ++i) {
    WriteBatch b;
    b.audit.push_back(event("a" + std::to_string(i), i % 2 ? other.id : org.id));
    ASSERT_TRUE(store().apply(b));
  }
  WriteBatch system;
  system.audit.push_back(event("system.only", std::nullopt));
  ASSERT_TRUE(store().apply(system));

  const auto all = store().list_audit({});
  ASSERT_EQ(all->size(), 6u);
  EXPECT_EQ(all->front().action, "system.only");
  EXPECT_FALSE(all->front().org_id);
  EXPECT_GT((*all)[0].id, (*all)[1].id);
  EXPECT_EQ((*all)[1].actor, "user:" + user.id.to_string());
  EXPECT_EQ((*all)[1].client_ip, "203.0.113.0/24");
  EXPECT_EQ((*all)[1].detail, "a detail");
  EXPECT_EQ((*all)[1].outcome, AuditOutcome::kSuccess);

  AuditQuery of_org;
  of_org.org_id = org.id;
  const auto mine = store().list_audit(of_org);
  ASSERT_EQ(mine->size(), 3u);
  for (const auto& e : *mine) EXPECT_EQ(e.org_id, org.id);
  AuditQuery page;
  page.limit = 2;
  page.before_id = (*all)[1].id;
  const auto older = store().list_audit(page);
  ASSERT_EQ(older->size(), 2u);
  EXPECT_EQ((*older)[0].id, (*all)[2].id);
}

TEST_P(SecurityConformance, TheAuditLogFiltersByActionFamilyAndOutcome) {
  WriteBatch b;
  b.audit.push_back(event("org.api_key.rotate", org.id));
  b.audit.push_back(event("org.api_key", org.id));
  b.audit.push_back(event("org.api_keys.other", org.id));
  b.audit.push_back(event("org_api_key.lookalike", org.id));  // '_' is no wildcard here
  AuditEvent failed = event("org.api_key.email", org.id);
  failed.outcome = AuditOutcome::kFailure;
  b.audit.push_back(failed);
  ASSERT_TRUE(store().apply(b));

  AuditQuery family;
  family.org_id = org.id;
  family.action = "org.api_key";
  const auto found = store().list_audit(family);
  ASSERT_EQ(found->size(), 3u);
  EXPECT_EQ((*found)[0].action, "org.api_key.email");
  EXPECT_EQ((*found)[1].action, "org.api_key");
  EXPECT_EQ((*found)[2].action, "org.api_key.rotate");

  AuditQuery failures;
  failures.outcome = AuditOutcome::kFailure;
  const auto failing = store().list_audit(failures);
  ASSERT_EQ(failing->size(), 1u);
  EXPECT_EQ(failing->front().action, "org.api_key.email");

  AuditQuery exact;
  exact.action = "org.api_key.rotate";
  exact.outcome = AuditOutcome::kSuccess;
  exact.limit = 1;
  ASSERT_EQ(store().list_audit(exact)->size(), 1u);
  exact.outcome = AuditOutcome::kDenied;
  EXPECT_TRUE(store().list_audit(exact)->empty());
}

TEST_P(SecurityConformance, AuditRecordsShareTheFateOfTheirBatch) {
  WriteBatch b;
  Organization changed = org;
  changed.version = 9;  // stale: the batch fails
  b.organizations.push_back(changed);
  b.audit.push_back(event("org.api_key.rotate", org.id));
  EXPECT_FALSE(store().apply(b));
  EXPECT_TRUE(store().list_audit({})->empty());
}

TEST_P(SecurityConformance, EntitiesKeepTheirPreviousCredentialHashes) {
  Organization rotated = org;
  rotated.previous_api_key = org.api_key.lookup;
  rotated.previous_agent_key = org.agent_key.lookup;
  rotated.api_key = make.secret();
  rotated.version = 2;
  User rekeyed = user;
  rekeyed.previous_service_key = user.service_key.lookup;
  rekeyed.service_key = make.secret();
  rekeyed.version = 2;
  WriteBatch b;
  b.organizations.push_back(rotated);
  b.users.push_back(rekeyed);
  ASSERT_TRUE(store().apply(b));
  EXPECT_EQ(store().get_organization(org.id)->previous_api_key, org.api_key.lookup);
  EXPECT_EQ(store().get_organization(org.id)->previous_agent_key, org.agent_key.lookup);
  EXPECT_EQ(store().get_user(user.id)->previous_service_key, user.service_key.lookup);
}

TEST_P(SecurityConformance, ApplicationKeysRoundTrip) {
  Application app = make.application(org.id);
  app.key_sealed = {1, 2, 3, 4};
  WriteBatch b;
  b.applications.push_back(app);
  ASSERT_TRUE(store().apply(b));
  EXPECT_EQ(store().get_application(app.id)->key_sealed, app.key_sealed);
  Application keyless = make.application(org.id, "other");
  WriteBatch k;
  k.applications.push_back(keyless);
  ASSERT_TRUE(store().apply(k));
  EXPECT_TRUE(store().get_application(keyless.id)->key_sealed.empty());
}

INSTANTIATE_TEST_SUITE_P(AllStores, SecurityConformance, ::testing::ValuesIn(implementations()),
                         implementation_name);

}  // namespace
}  // namespace keyward::store

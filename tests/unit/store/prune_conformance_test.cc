// Store::prune_expired() against every Store: what is dead or too old goes, in bounded batches;
// what can still be used stays.
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

class PruneConformance : public ::testing::TestWithParam<Implementation> {
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

  Uuid next_id(std::string_view prefix) {
    return Uuid::parse(std::string(prefix) + "-0000-4000-8000-" +
                       std::to_string(100000000000 + counter_++))
        .value();
  }
  Session session(std::int64_t expires_at, std::optional<std::int64_t> ended_at = {}) {
    Session s;
    s.id = next_id("10000000");
    s.token_hash = make.digest();
    s.csrf_hash = make.digest();
    s.user_id = user.id;
    s.created_at = make.at(0);
    s.expires_at = make.at(expires_at);
    if (ended_at) s.ended_at = make.at(*ended_at);
    return s;
  }
  RevealGrant grant(std::int64_t expires_at, std::optional<std::int64_t> used_at = {}) {
    RevealGrant g;
    g.id = next_id("20000000");
    g.token_hash = make.digest();
    g.user_id = user.id;
    g.subject_id = org.id;
    g.created_at = make.at(0);
    g.expires_at = make.at(expires_at);
    if (used_at) g.used_at = make.at(*used_at);
    return g;
  }
  AuditEvent event(std::int64_t at) {
    AuditEvent e;
    e.at = make.at(at);
    e.actor = "command";
    e.org_id = org.id;
    e.action = "org.update";
    e.target = "org:" + org.id.to_string();
    e.client_ip = "203.0.113.7";
    return e;
  }
  bool has_session(const Session& s) { return store().get_session(s.id).has_value(); }
  bool has_grant(const RevealGrant& g) { return store().find_grant(g.token_hash).has_value(); }
  std::vector<Timestamp> audit_times() {
    AuditQuery q;
    q.limit = 1000;
    std::vector<Timestamp> out;
    const auto events = store().list_audit(q);
    EXPECT_TRUE(events);
    if (events) {
      for (const auto& e : *events) out.push_back(e.at);
    }
    return out;
  }

  EntityFactory make;
  Organization org;
  User user;
  std::int64_t counter_ = 0;
  StoreHandle handle_;
};

TEST_P(PruneConformance, DeletesDeadSessionsAndGrantsAndOldAuditAndKeepsTheRest) {
  // The cutoffs: dead before t=100, audit before t=50.
  const Session expired = session(99);
  const Session ended = session(1000, 10);
  const Session live = session(101);
  const Session ended_after_cutoff = session(1000, 150);
  const RevealGrant stale = grant(99);
  const RevealGrant used = grant(1000, 20);
  const RevealGrant unused = grant(101);
  const RevealGrant used_after_cutoff = grant(1000, 120);
  WriteBatch b;
  b.sessions = {expired, ended, live, ended_after_cutoff};
  b.grants = {stale, used, unused, used_after_cutoff};
  b.audit = {event(10), event(49), event(50), event(200)};
  ASSERT_TRUE(store().apply(b));

  const auto counts = store().prune_expired({make.at(100), make.at(50), 100});
  ASSERT_TRUE(counts) << counts.error().message;
  EXPECT_EQ(counts->sessions, 2u);
  EXPECT_EQ(counts->grants, 2u);
  EXPECT_EQ(counts->audit, 2u);
  EXPECT_FALSE(has_session(expired));
  EXPECT_FALSE(has_session(ended));
  EXPECT_TRUE(has_session(live));
  EXPECT_TRUE(has_session(ended_after_cutoff));
  EXPECT_FALSE(has_grant(stale));
  EXPECT_FALSE(has_grant(used));
  EXPECT_TRUE(has_grant(unused));
  EXPECT_TRUE(has_grant(used_after_cutoff));
  EXPECT_EQ(audit_times(), (std::vector<Timestamp>{make.at(200), make.at(50)}));

  // Nothing left to do: a second pass deletes nothing.
  const auto again = store().prune_expired({make.at(100), make.at(50), 100});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->sessions + again->grants + again->audit, 0u);
}

TEST_P(PruneConformance, DeletesAtMostTheLimitOfEachKindPerCall) {
  WriteBatch b;
  for (int i = 0; i < 5; ++i) {
    b.sessions.push_back(session(1));
    b.grants.push_back(grant(1));
    b.audit.push_back(event(1));
  }
  b.audit.push_back(event(500));  // recent: kept
  ASSERT_TRUE(store().apply(b));
  const PruneCutoffs cutoffs{make.at(100), make.at(100), 2};
  std::vector<std::size_t> audit_per_call;
  for (int call = 0; call < 10; ++call) {
    const auto counts = store().prune_expired(cutoffs);
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_LE(counts->sessions, 2u);
    EXPECT_LE(counts->grants, 2u);
    audit_per_call.push_back(counts->audit);
    if (!counts->maybe_more(cutoffs.limit)) break;
  }
  EXPECT_EQ(audit_per_call, (std::vector<std::size_t>{2, 2, 1}));
  EXPECT_EQ(audit_times(), (std::vector<Timestamp>{make.at(500)}));
  for (const auto& s : b.sessions) EXPECT_FALSE(has_session(s));
  for (const auto& g : b.grants) EXPECT_FALSE(has_grant(g));
}

TEST_P(PruneConformance, ADeletedSessionIsNoLongerListedOrFound) {
  const Session expired = session(5);
  WriteBatch b;
  b.sessions.push_back(expired);
  ASSERT_TRUE(store().apply(b));
  ASSERT_TRUE(store().prune_expired({make.at(100), make.at(0), 10}));
  EXPECT_EQ(store().get_session(expired.id).error().code, Errc::kNotFound);
  EXPECT_TRUE(store().list_active_sessions(make.at(0))->empty());
}

INSTANTIATE_TEST_SUITE_P(AllStores, PruneConformance, ::testing::ValuesIn(implementations()),
                         implementation_name);

}  // namespace
}  // namespace keyward::store

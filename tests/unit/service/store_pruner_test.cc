// StorePruner over a real SQLite store: everything due goes however large the backlog (in
// batches), what is still live or recent stays, and the journal keeps its newest entries.
#include "service/store_pruner.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"
#include "unit/store/entities.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

class StorePrunerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::SqliteStore::open(dir / "k.db");
    ASSERT_TRUE(s);
    store = std::move(*s);
    org = make.organization();
    user = make.user("ada@example.com", org.id, Role::kAdmin);
    store::WriteBatch b;
    b.organizations.push_back(org);
    b.users.push_back(user);
    ASSERT_TRUE(store->apply(b));
  }
  Session session(Timestamp expires_at) {
    Session s;
    s.id = Uuid::random(random);
    s.token_hash = make.digest();
    s.csrf_hash = make.digest();
    s.user_id = user.id;
    s.created_at = expires_at - 8h;
    s.expires_at = expires_at;
    return s;
  }
  RevealGrant grant(Timestamp expires_at, std::optional<Timestamp> used_at = {}) {
    RevealGrant g;
    g.id = Uuid::random(random);
    g.token_hash = make.digest();
    g.user_id = user.id;
    g.subject_id = org.id;
    g.created_at = expires_at - 10min;
    g.expires_at = expires_at;
    g.used_at = used_at;
    return g;
  }
  AuditEvent event(Timestamp at) {
    AuditEvent e;
    e.at = at;
    e.actor = "command";
    e.action = "org.update";
    e.target = "org:x";
    return e;
  }
  static RetentionPolicy policy(std::chrono::days audit, std::int64_t journal_entries = 100'000,
                                std::size_t batch = 1000) {
    RetentionPolicy p;
    p.audit = audit;
    p.journal_entries = journal_entries;
    p.batch = batch;
    return p;
  }
  std::size_t audit_count() {
    store::AuditQuery q;
    q.limit = 100'000;
    return store->list_audit(q)->size();
  }

  testing::TempDir dir;
  testing::EntityFactory make;
  testing::SeededRandom random{5};
  std::unique_ptr<store::SqliteStore> store;
  Organization org;
  User user;
  const Timestamp now = from_epoch_ms(1'900'000'000'000);
};

TEST_F(StorePrunerTest, DeletesABacklogLargerThanABatchAndKeepsWhatIsLiveOrRecent) {
  store::WriteBatch b;
  for (int i = 0; i < 25; ++i) {
    b.sessions.push_back(session(now - 48h));
    b.grants.push_back(grant(now - 48h, now - 48h - 5min));
    b.audit.push_back(event(now - std::chrono::days(401)));
  }
  const Session live = session(now + 1h);
  const Session recently_expired = session(now - 1h);  // within the day's grace
  const RevealGrant open_link = grant(now + 5min);
  b.sessions.push_back(live);
  b.sessions.push_back(recently_expired);
  b.grants.push_back(open_link);
  b.audit.push_back(event(now - std::chrono::days(399)));
  ASSERT_TRUE(store->apply(b));

  StorePruner pruner(*store, policy(std::chrono::days(400), 100'000, 10));
  const auto report = pruner.run(now);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->sessions, 25u);
  EXPECT_EQ(report->grants, 25u);
  EXPECT_EQ(report->audit, 25u);
  EXPECT_TRUE(store->get_session(live.id));
  EXPECT_TRUE(store->get_session(recently_expired.id));
  EXPECT_TRUE(store->find_grant(open_link.token_hash));
  EXPECT_EQ(audit_count(), 1u);
  EXPECT_EQ(pruner.run(now)->sessions, 0u);
}

TEST_F(StorePrunerTest, TheAuditRetentionDecidesWhichRecordsGo) {
  store::WriteBatch b;
  b.audit = {event(now - std::chrono::days(31)), event(now - std::chrono::days(29))};
  ASSERT_TRUE(store->apply(b));
  ASSERT_TRUE(StorePruner(*store, policy(std::chrono::days(400))).run(now));
  EXPECT_EQ(audit_count(), 2u);
  const auto report = StorePruner(*store, policy(std::chrono::days(30))).run(now);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->audit, 1u);
  EXPECT_EQ(audit_count(), 1u);
}

// Webhook tries are listed for 30 days by default, then deleted.
TEST_F(StorePrunerTest, WebhookTriesGoThirtyDaysAfterTheyWereMade) {
  const Uuid endpoint_id = Uuid::random(random);
  for (const auto age : {std::chrono::days(31), std::chrono::days(29)}) {
    WebhookAttempt a;
    a.endpoint_id = endpoint_id;
    a.event_id = Uuid::random(random);
    a.type = WebhookEventType::kKeyCreated;
    a.at = now - age;
    a.outcome = AttemptOutcome::kFailed;
    a.error = "the endpoint answered 503";
    ASSERT_TRUE(store->record_webhook_attempt(a));
  }
  const auto report = StorePruner(*store, RetentionPolicy{}).run(now);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->webhook_attempts, 1u);
  const auto left = store->list_webhook_attempts({.endpoint_id = endpoint_id});
  ASSERT_TRUE(left);
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().at, now - std::chrono::days(29));
}

TEST_F(StorePrunerTest, TheJournalKeepsItsNewestEntries) {
  for (int i = 0; i < 30; ++i) {
    store::WriteBatch b;
    b.organizations.push_back(make.organization("Org " + std::to_string(i)));
    ASSERT_TRUE(store->apply(b));
  }
  const std::int64_t last = *store->last_change();
  StorePruner pruner(*store, policy(std::chrono::days(400), 7, 4));
  const auto report = pruner.run(now);
  ASSERT_TRUE(report);
  EXPECT_EQ(*store->pruned_through(), last - 7);
  EXPECT_EQ(report->journal, static_cast<std::size_t>(last - 7));
  const auto kept = store->changes_after(last - 7, 100);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->size(), 7u);
  EXPECT_EQ(pruner.run(now)->journal, 0u);
}

TEST_F(StorePrunerTest, AStoppedPrunerDeletesNothingMore) {
  store::WriteBatch b;
  b.sessions.push_back(session(now - 48h));
  b.audit.push_back(event(now - std::chrono::days(500)));
  ASSERT_TRUE(store->apply(b));
  StorePruner pruner(*store, policy(std::chrono::days(400)));
  pruner.stop();
  const auto report = pruner.run(now);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->sessions + report->audit, 0u);
  EXPECT_TRUE(store->get_session(b.sessions[0].id));
  EXPECT_EQ(audit_count(), 1u);
}

}  // namespace
}  // namespace keyward::service

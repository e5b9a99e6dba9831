// Two "processes" on one SQLite file, each with its own index: what one writes, the other's
// IndexSync picks up from the journal.
#include "service/index_sync.h"

#include <thread>

#include <gtest/gtest.h>

#include "service/key_service.h"
#include "service/organization_service.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"
#include "unit/service/service_fixture.h"
#include "unit/store/entities.h"

namespace keyward::service {
namespace {

class IndexSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::SqliteStore::open(dir / "k.db");
    auto c = store::SqliteStore::open(dir / "k.db");
    ASSERT_TRUE(s && c);
    server_store = std::move(*s);
    command_store = std::move(*c);
  }
  ServiceContext command() {
    return {*command_store, command_index, command_settings, clock, random, protector};
  }

  testing::TempDir dir;
  ManualClock clock{from_epoch_ms(1'800'000'000'000)};
  testing::SeededRandom random{3};
  crypto::CredentialProtector protector{testing::kTestPepper, testing::kTestMasterKey};
  std::unique_ptr<store::SqliteStore> server_store, command_store;
  CredentialIndex server_index, command_index;
  SettingsCache server_settings, command_settings;
  const Actor actor = Actor::command();
};

TEST_F(IndexSyncTest, LoadsEverythingThenFollowsTheJournal) {
  auto org = OrganizationService(command()).create(actor, "Acme");
  ASSERT_TRUE(org);
  IndexSync sync(*server_store, server_index, server_settings, clock);
  ASSERT_TRUE(sync.load());
  const Authenticator server(server_index, protector, clock);
  EXPECT_TRUE(server.verify_key(org->default_public_key.token));

  KeyService keys(command());
  auto key = keys.create(actor, org->org.id, {"later", KeyKind::kSecret, {}, {}});
  ASSERT_TRUE(key);
  EXPECT_FALSE(server.verify_key(key->token));  // not yet: the server has not read the journal
  auto applied = sync.catch_up();
  ASSERT_TRUE(applied);
  EXPECT_EQ(*applied, 1u);
  EXPECT_TRUE(server.verify_key(key->token));

  ASSERT_TRUE(keys.revoke(actor, org->org.id, key->key.id));
  ASSERT_TRUE(sync.catch_up());
  EXPECT_FALSE(server.verify_key(key->token));
  EXPECT_EQ(*sync.catch_up(), 0u);
}

TEST_F(IndexSyncTest, PicksUpNewOrganizationsCredentials) {
  IndexSync sync(*server_store, server_index, server_settings, clock);
  ASSERT_TRUE(sync.load());
  auto org = OrganizationService(command()).create(actor, "Acme");
  ASSERT_TRUE(org);
  EXPECT_FALSE(server_index.find_org_by_api_key(protector.lookup_hash(org->api_key)));
  ASSERT_TRUE(sync.catch_up());
  EXPECT_EQ(server_index.find_org_by_api_key(protector.lookup_hash(org->api_key))->org_id,
            org->org.id);
}

// A node that fell behind the pruning point cannot replay what it missed: it reads the store
// whole instead, and a key deleted meanwhile is gone from its index all the same.
TEST_F(IndexSyncTest, ANodeBehindThePruningPointReloadsEverything) {
  auto org = OrganizationService(command()).create(actor, "Acme");
  ASSERT_TRUE(org);
  KeyService keys(command());
  auto doomed = keys.create(actor, org->org.id, {"doomed", KeyKind::kSecret, {}, {}});
  ASSERT_TRUE(doomed);
  IndexSync sync(*server_store, server_index, server_settings, clock);
  ASSERT_TRUE(sync.load());
  const Authenticator server(server_index, protector, clock);
  ASSERT_TRUE(server.verify_key(doomed->token));

  auto later = keys.create(actor, org->org.id, {"later", KeyKind::kSecret, {}, {}});
  ASSERT_TRUE(later);
  ASSERT_TRUE(keys.revoke(actor, org->org.id, doomed->key.id));
  ASSERT_TRUE(command_store->prune_changes(*command_store->last_change()));
  ASSERT_TRUE(sync.catch_up());
  EXPECT_TRUE(server.verify_key(later->token));
  EXPECT_FALSE(server.verify_key(doomed->token));
}

// A session ended elsewhere, then deleted as long dead before this node read of the end: the
// journal names a session the store no longer holds, and the node reloads rather than stall.
TEST_F(IndexSyncTest, ASessionDeletedBeforeItsJournalEntryIsReadMakesTheNodeReload) {
  testing::EntityFactory make;
  const Organization org = make.organization();
  const User user = make.user("ada@example.com", org.id, Role::kAdmin);
  Session session;
  session.id = Uuid::random(random);
  session.token_hash = make.digest();
  session.csrf_hash = make.digest();
  session.user_id = user.id;
  session.created_at = clock.now();
  session.expires_at = clock.now() + std::chrono::hours(8);
  store::WriteBatch b;
  b.organizations.push_back(org);
  b.users.push_back(user);
  b.sessions.push_back(session);
  ASSERT_TRUE(command_store->apply(b));
  IndexSync sync(*server_store, server_index, server_settings, clock);
  ASSERT_TRUE(sync.load());
  ASSERT_TRUE(server_index.find_session(session.token_hash));

  session.ended_at = clock.now();
  session.version = 2;
  store::WriteBatch end;
  end.sessions.push_back(session);
  ASSERT_TRUE(command_store->apply(end));
  const auto pruned =
      command_store->prune_expired({.dead_before = clock.now() + std::chrono::seconds(1),
                                    .audit_before = clock.now(),
                                    .limit = 100});
  ASSERT_TRUE(pruned);
  ASSERT_EQ(pruned->sessions, 1u);

  ASSERT_TRUE(sync.catch_up());
  EXPECT_FALSE(server_index.find_session(session.token_hash));
  EXPECT_EQ(*sync.catch_up(), 0u);  // and it follows on from there
}

TEST_F(IndexSyncTest, AChangeFeedLostForLongerThanTheBoundMakesTheIndexStale) {
  IndexSync sync(*server_store, server_index, server_settings, clock);
  ASSERT_TRUE(sync.load());
  const std::chrono::milliseconds bound(50);
  EXPECT_TRUE(sync.fresh(bound));

  sync.feed_lost();
  EXPECT_TRUE(sync.fresh(bound));  // lost, but not for long yet
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  sync.feed_lost();  // a failed reconnection: the outage began at the first loss
  ASSERT_TRUE(sync.catch_up());
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  ASSERT_TRUE(sync.catch_up());
  // The journal was read just now, but the feed has been gone for 60 ms.
  EXPECT_FALSE(sync.fresh(bound));

  sync.feed_restored();
  EXPECT_TRUE(sync.fresh(bound));
}

}  // namespace
}  // namespace keyward::service

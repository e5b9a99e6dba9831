// What SQLite adds to the Store contract: durability across reopening, several processes (here,
// several store objects) on one file, and schema migrations.
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"
#include "support/temp_dir.h"
#include "unit/store/entities.h"

namespace keyward::store {
namespace {

using testing::EntityFactory;
using testing::TempDir;

TEST(SqliteStore, AWriteThatAnsweredIsThereAfterReopening) {
  TempDir dir;
  EntityFactory make;
  const Organization org = make.organization();
  const NamedKey key = make.key(org.id);
  {
    auto s = SqliteStore::open(dir / "k.db");
    ASSERT_TRUE(s);
    WriteBatch b;
    b.organizations.push_back(org);
    b.keys.push_back(key);
    ASSERT_TRUE((*s)->apply(b));
  }
  auto reopened = SqliteStore::open(dir / "k.db");
  ASSERT_TRUE(reopened);
  EXPECT_EQ((*reopened)->get_organization(org.id)->name, org.name);
  EXPECT_EQ((*reopened)->get_key(key.id)->token_hash, key.token_hash);
}

TEST(SqliteStore, TwoStoresOnOneFileSeeEachOthersWritesThroughTheJournal) {
  TempDir dir;
  EntityFactory make;
  auto server = SqliteStore::open(dir / "k.db");
  auto command = SqliteStore::open(dir / "k.db");
  ASSERT_TRUE(server && command);
  const auto seen = *(*server)->last_change();
  const Organization org = make.organization();
  WriteBatch b;
  b.organizations.push_back(org);
  ASSERT_TRUE((*command)->apply(b));
  const auto changes = (*server)->changes_after(seen, 10);
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ(changes->front().id, org.id);
  EXPECT_EQ((*server)->get_organization(org.id)->name, org.name);
}

TEST(SqliteStore, ConcurrentConflictingUpdatesLetExactlyOneWin) {
  TempDir dir;
  EntityFactory make;
  auto a = SqliteStore::open(dir / "k.db");
  auto b = SqliteStore::open(dir / "k.db");
  Organization org = make.organization();
  WriteBatch create;
  create.organizations.push_back(org);
  ASSERT_TRUE((*a)->apply(create));
  org.version = 2;
  Organization from_a = org, from_b = org;
  from_a.name = "A";
  from_b.name = "B";
  WriteBatch wa, wb;
  wa.organizations.push_back(from_a);
  wb.organizations.push_back(from_b);
  const bool a_won = (*a)->apply(wa).has_value();
  const auto b_result = (*b)->apply(wb);
  EXPECT_TRUE(a_won);
  ASSERT_FALSE(b_result);
  EXPECT_EQ(b_result.error().code, Errc::kConflict);
  EXPECT_EQ((*b)->get_organization(org.id)->name, "A");
}

TEST(SqliteStore, OpeningMigratesToTheLatestSchema) {
  TempDir dir;
  ASSERT_TRUE(SqliteStore::open(dir / "k.db"));
  auto c = sqlite::Connection::open((dir / "k.db").string());
  ASSERT_TRUE(c);
  EXPECT_EQ(*sqlite::schema_version(**c), sqlite::migrations().back().version);
}

TEST(SqliteStore, RefusesADatabaseFromANewerKeyward) {
  TempDir dir;
  ASSERT_TRUE(SqliteStore::open(dir / "k.db"));
  {
    auto c = sqlite::Connection::open((dir / "k.db").string());
    ASSERT_TRUE((*c)->exec("PRAGMA user_version = 999"));
  }
  auto s = SqliteStore::open(dir / "k.db");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("upgrade keyward"), std::string::npos);
}

TEST(SqliteStore, ADatabaseAtSchemaOneIsUpgradedWithItsDataKept) {
  TempDir dir;
  {
    // A version-1 database as the first release wrote it: one organization, one application.
    auto c = sqlite::Connection::open((dir / "k.db").string());
    ASSERT_TRUE(c);
    ASSERT_TRUE((*c)->exec(std::string(sqlite::migrations()[0].sql)));
    ASSERT_TRUE((*c)->exec(
        "INSERT INTO organizations VALUES ('0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44', 'Acme', x'01', "
        "x'02', 1, 'agent_0b6c1b0e@acme', x'03', x'04', 1, 1);"
        "INSERT INTO applications VALUES ('1b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44', "
        "'0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44', 'shop', 'Java', 1, 2, 1);"
        "PRAGMA user_version = 1;"));
  }
  auto s = SqliteStore::open(dir / "k.db");
  ASSERT_TRUE(s) << s.error().message;
  const auto app =
      (*s)->get_application(Uuid::parse("1b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44").value());
  ASSERT_TRUE(app);
  EXPECT_EQ(app->name, "shop");
  EXPECT_EQ(app->importance, kDefaultImportance);
  EXPECT_TRUE(app->tags.empty());
  EXPECT_FALSE(app->archived);
}

TEST(SqliteStore, AnApiKeySwitchedOffBeforeItBecameALayerIsOnAfterTheUpgrade) {
  TempDir dir;
  const std::string id = "0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44";
  {
    auto c = sqlite::Connection::open((dir / "k.db").string());
    ASSERT_TRUE(c);
    for (const auto& m : sqlite::migrations()) {
      if (m.version > 5) break;
      ASSERT_TRUE((*c)->exec(std::string(m.sql)));
    }
    // Switched off under the old meaning, which refused every request presenting the key.
    ASSERT_TRUE((*c)->exec("INSERT INTO organizations VALUES ('" + id +
                           "', 'Acme', x'01', x'02', 0, 'agent_0b6c1b0e@acme', x'03', x'04', 1, 1, "
                           "NULL, NULL);"
                           "PRAGMA user_version = 5;"));
  }
  auto s = SqliteStore::open(dir / "k.db");
  ASSERT_TRUE(s) << s.error().message;
  const auto org = (*s)->get_organization(Uuid::parse(id).value());
  ASSERT_TRUE(org);
  EXPECT_TRUE(org->api_key_enabled);
  EXPECT_EQ(org->version, 2);
}

TEST(SqliteStore, KeysFromBeforeKeysCouldBeDisabledAreEnabledAfterTheUpgrade) {
  TempDir dir;
  const std::string org = "0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44";
  const std::string key = "2b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44";
  {
    auto c = sqlite::Connection::open((dir / "k.db").string());
    ASSERT_TRUE(c);
    for (const auto& m : sqlite::migrations()) {
      if (m.version > 6) break;
      ASSERT_TRUE((*c)->exec(std::string(m.sql)));
    }
    ASSERT_TRUE((*c)->exec("INSERT INTO organizations VALUES ('" + org +
                           "', 'Acme', x'01', x'02', 1, 'agent_0b6c1b0e@acme', x'03', x'04', 1, 1, "
                           "NULL, NULL);"
                           "INSERT INTO api_keys VALUES ('" +
                           key + "', '" + org +
                           "', 'ci', 'secret', 3, x'05', NULL, 'kw_sk_...abcd', 1, NULL, NULL, "
                           "NULL, NULL, NULL, 1);"
                           "PRAGMA user_version = 6;"));
  }
  auto s = SqliteStore::open(dir / "k.db");
  ASSERT_TRUE(s) << s.error().message;
  const auto upgraded = (*s)->get_key(Uuid::parse(key).value());
  ASSERT_TRUE(upgraded) << upgraded.error().message;
  EXPECT_EQ(upgraded->name, "ci");
  EXPECT_FALSE(upgraded->disabled_at);
  EXPECT_EQ(upgraded->version, 1);
  std::vector<IndexedKeyRow> rows;
  ASSERT_TRUE((*s)->scan_unrevoked_keys([&](const IndexedKeyRow& r) { rows.push_back(r); }));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].disabled);
}

TEST(SqliteStore, CreditCountsKeptInTheKeysRowsMoveToTheirOwnTableWithTheUpgrade) {
  TempDir dir;
  const std::string org = "0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44";
  const std::string counted = "2b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44";
  const std::string uncounted = "3b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44";
  KeyControls controls;
  controls.credits = Credits{.remaining = 0, .refill = std::nullopt, .set_at = {}};
  {
    auto c = sqlite::Connection::open((dir / "k.db").string());
    ASSERT_TRUE(c);
    for (const auto& m : sqlite::migrations()) {
      if (m.version > 12) break;
      ASSERT_TRUE((*c)->exec(std::string(m.sql)));
    }
    const std::string columns =
        "(id, org_id, name, kind, scopes, token_hash, hint, created_at, version, controls, "
        "credits_remaining, credits_set_at)";
    ASSERT_TRUE((*c)->exec(
        "INSERT INTO organizations (id, name, api_key_lookup, api_key_sealed, api_key_enabled, "
        "agent_username, agent_key_lookup, agent_key_sealed, created_at, version) VALUES ('" +
        org + "', 'Acme', x'01', x'02', 1, 'agent_0b6c1b0e@acme', x'03', x'04', 1, 1);" +
        "INSERT INTO api_keys " + columns + " VALUES ('" + counted + "', '" + org +
        "', 'metered', 'secret', 3, x'05', 'kw_sk_...abcd', 1, 1, '" + encode_controls(controls) +
        "', 42, 7000);" + "INSERT INTO api_keys " + columns + " VALUES ('" + uncounted + "', '" +
        org + "', 'plain', 'secret', 3, x'06', 'kw_sk_...efgh', 1, 1, '', NULL, NULL);" +
        "PRAGMA user_version = 12;"));
  }
  auto s = SqliteStore::open(dir / "k.db");
  ASSERT_TRUE(s) << s.error().message;
  const auto metered = (*s)->get_key(Uuid::parse(counted).value());
  ASSERT_TRUE(metered) << metered.error().message;
  ASSERT_TRUE(metered->controls.credits);
  EXPECT_EQ(metered->controls.credits->remaining, 42);
  EXPECT_EQ(metered->controls.credits->set_at, Timestamp{std::chrono::milliseconds(7000)});
  const auto plain = (*s)->get_key(Uuid::parse(uncounted).value());
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_FALSE(plain->controls.credits);

  const std::vector<CreditSpend> spend{{.key_id = metered->id,
                                        .spent = 2,
                                        .period_start = metered->controls.credits->set_at,
                                        .period_amount = 0}};
  const auto balances = (*s)->spend_credits(spend);
  ASSERT_TRUE(balances) << balances.error().message;
  ASSERT_EQ(balances->size(), 1u);
  EXPECT_EQ(balances->front().remaining, 40);
}

TEST(SqliteStore, UsesWalWithFullSynchronousWrites) {
  TempDir dir;
  ASSERT_TRUE(SqliteStore::open(dir / "k.db"));
  auto c = sqlite::Connection::open((dir / "k.db").string());
  auto mode = (*c)->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(*mode->step());
  EXPECT_EQ(mode->text(0), "wal");
  auto sync = (*c)->prepare("PRAGMA synchronous");
  ASSERT_TRUE(*sync->step());
  EXPECT_EQ(sync->integer(0), 2);  // FULL
}

TEST(SqliteStore, AnUnopenablePathIsUnavailable) {
  auto s = SqliteStore::open("/nonexistent-directory/for/keyward.db");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kUnavailable);
}

}  // namespace
}  // namespace keyward::store

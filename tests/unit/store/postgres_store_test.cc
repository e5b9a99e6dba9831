// What PostgreSQL adds to the Store contract, against a real server: migrations when several
// nodes start at once, the same errors as SQLite, a bounded pool, statement timeouts, a journal
// read in commit order under concurrent writers, recovery from lost connections, passwords from
// a password file and TLS.
#include "store/postgres/postgres_store.h"

#include <atomic>
#include <barrier>
#include <fstream>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "store/postgres/connection.h"
#include "store/postgres/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"
#include "support/test_postgres.h"
#include "unit/store/entities.h"

namespace keyward::store {
namespace {

using testing::EntityFactory;
using testing::TempDir;
using testing::TestDatabase;
using testing::TestSchema;

std::unique_ptr<PostgresStore> open_or_fail(const std::string& uri) {
  auto s = PostgresStore::open(uri);
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  return s ? std::move(*s) : nullptr;
}

Status put(Store& store, const Organization& org) {
  WriteBatch b;
  b.organizations.push_back(org);
  return store.apply(b);
}

TEST(PostgresStore, NodesStartingTogetherMigrateExactlyOnce) {
  TestSchema schema;
  constexpr int kNodes = 8;
  std::barrier start(kNodes);
  std::atomic<int> opened{0};
  std::vector<std::string> failures(kNodes);
  std::vector<std::thread> nodes;
  for (int i = 0; i < kNodes; ++i) {
    nodes.emplace_back([&, i] {
      start.arrive_and_wait();
      auto s = PostgresStore::open(schema.uri());
      if (s) {
        ++opened;
      } else {
        failures[static_cast<size_t>(i)] = s.error().message;
      }
    });
  }
  for (auto& t : nodes) t.join();
  for (const auto& f : failures) EXPECT_EQ(f, "");
  EXPECT_EQ(opened.load(), kNodes);
  const auto applied =
      testing::postgres_admin_value("SELECT count(*) || '/' || count(DISTINCT version) FROM " +
                                    schema.name() + ".schema_migrations");
  const auto n = std::to_string(postgres::migrations().size());
  EXPECT_EQ(applied, n + "/" + n);
}

TEST(PostgresStore, RefusesADatabaseFromANewerKeyward) {
  TestSchema schema;
  ASSERT_TRUE(open_or_fail(schema.uri()));
  testing::postgres_admin("INSERT INTO " + schema.name() +
                          ".schema_migrations (version, description) VALUES (999, 'future')");
  auto s = PostgresStore::open(schema.uri());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kConflict);
  EXPECT_NE(s.error().message.find("upgrade keyward"), std::string::npos) << s.error().message;
}

TEST(PostgresStore, AWriteThatAnsweredIsThereForAnotherNode) {
  TestSchema schema;
  EntityFactory make;
  auto a = open_or_fail(schema.uri());
  auto b = open_or_fail(schema.uri());
  ASSERT_TRUE(a && b);
  const auto seen = *b->last_change();
  const Organization org = make.organization();
  ASSERT_TRUE(put(*a, org));
  const auto changes = b->changes_after(seen, 10);
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ(changes->front().id, org.id);
  EXPECT_EQ(b->get_organization(org.id)->name, org.name);
}

// Each broken uniqueness rule, on SQLite and on PostgreSQL: the same code and the same sentence.
TEST(PostgresStore, UniqueViolationsGiveTheSameErrorsAsSqlite) {
  TestSchema schema;
  TempDir dir;
  auto pg = open_or_fail(schema.uri());
  auto lite = SqliteStore::open(dir / "k.db");
  ASSERT_TRUE(pg && lite);
  EntityFactory make;
  const Organization org = make.organization();
  const User ada = make.user("Ada@Example.com", org.id);
  const NamedKey key = make.key(org.id);
  const Application app = make.application(org.id);
  const Trace trace = make.trace(app, "h1");
  WriteBatch setup;
  setup.organizations.push_back(org);
  setup.users.push_back(ada);
  setup.keys.push_back(key);
  setup.applications.push_back(app);
  setup.traces.push_back(trace);
  Session session;
  session.id = Uuid::parse("00000000-0000-4000-8000-0000000000e1").value();
  session.token_hash = make.digest();
  session.csrf_hash = make.digest();
  session.user_id = ada.id;
  session.created_at = make.at(1);
  session.expires_at = make.at(1000);
  setup.sessions.push_back(session);
  ASSERT_TRUE(pg->apply(setup));
  ASSERT_TRUE((*lite)->apply(setup));

  std::vector<std::pair<std::string, WriteBatch>> cases;
  {
    WriteBatch b;
    b.users.push_back(make.user("ada@example.COM", org.id));
    cases.emplace_back("username in another case", b);
  }
  {
    WriteBatch b;
    User bob = make.user("bob@example.com", org.id);
    bob.service_key.lookup = ada.service_key.lookup;
    b.users.push_back(bob);
    cases.emplace_back("service key", b);
  }
  {
    WriteBatch b;
    Organization other = make.organization("Other");
    other.agent_username = org.agent_username;
    b.organizations.push_back(other);
    cases.emplace_back("agent username", b);
  }
  {
    WriteBatch b;
    Organization other = make.organization("Other");
    other.api_key.lookup = org.api_key.lookup;
    b.organizations.push_back(other);
    cases.emplace_back("organization API key", b);
  }
  {
    WriteBatch b;
    NamedKey twin = make.key(org.id);
    twin.token_hash = key.token_hash;
    b.keys.push_back(twin);
    cases.emplace_back("key token", b);
  }
  {
    WriteBatch b;
    b.applications.push_back(make.application(org.id));
    cases.emplace_back("application name and language", b);
  }
  {
    WriteBatch b;
    b.traces.push_back(make.trace(app, "h1"));
    cases.emplace_back("trace hash", b);
  }
  {
    WriteBatch b;
    Session again = session;
    again.id = Uuid::parse("00000000-0000-4000-8000-0000000000e2").value();
    b.sessions.push_back(again);
    cases.emplace_back("session token", b);
  }
  {
    WriteBatch b;
    Organization again = org;
    again.api_key = make.secret();
    again.agent_key = make.secret();
    again.agent_username = "someone-else";
    b.organizations.push_back(again);
    cases.emplace_back("organization id", b);
  }
  for (const auto& [what, batch] : cases) {
    const auto on_pg = pg->apply(batch);
    const auto on_lite = (*lite)->apply(batch);
    ASSERT_FALSE(on_pg) << what;
    ASSERT_FALSE(on_lite) << what;
    EXPECT_EQ(on_pg.error().code, Errc::kAlreadyExists) << what;
    EXPECT_EQ(on_pg.error().code, on_lite.error().code) << what;
    EXPECT_EQ(on_pg.error().message, on_lite.error().message) << what;
  }
  // A key of an unknown organization: not found on both (PostgreSQL can also say which).
  WriteBatch orphan;
  orphan.keys.push_back(make.key(Uuid::parse("00000000-0000-4000-8000-0000000000e3").value()));
  EXPECT_EQ(pg->apply(orphan).error().code, Errc::kNotFound);
  EXPECT_EQ((*lite)->apply(orphan).error().code, Errc::kNotFound);
}

TEST(PostgresStore, AnExhaustedPoolFailsAfterItsTimeoutWithAClearError) {
  TestSchema schema;
  auto store = open_or_fail(schema.uri("pool_size=1&pool_timeout=200"));
  ASSERT_TRUE(store);
  EntityFactory make;
  const Organization org = make.organization();
  ASSERT_TRUE(put(*store, org));
  {
    auto held = store->pool().acquire();  // the only connection, as a slow request would hold it
    ASSERT_TRUE(held);
    const auto started = std::chrono::steady_clock::now();
    const auto r = store->get_organization(org.id);
    const auto waited = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::kUnavailable);
    EXPECT_NE(r.error().message.find("all 1 connections"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("pool_size"), std::string::npos) << r.error().message;
    EXPECT_GE(waited, std::chrono::milliseconds(200));
    EXPECT_LT(waited, std::chrono::seconds(3));
  }
  EXPECT_EQ(store->get_organization(org.id)->name, org.name);  // usable again once returned
  EXPECT_EQ(store->pool().open_connections(), 1u);
}

TEST(PostgresStore, AStuckWriteFailsAfterTheStatementTimeoutAndLeavesNothing) {
  TestSchema schema;
  auto store = open_or_fail(schema.uri("statement_timeout=300"));
  ASSERT_TRUE(store);
  // Another session holds the journal row, as a write stuck before its COMMIT would.
  auto blocker = postgres::Connection::open({schema.uri(), std::chrono::seconds(30), "blocker"});
  ASSERT_TRUE(blocker);
  ASSERT_TRUE((*blocker)->exec("BEGIN; SELECT * FROM journal FOR UPDATE"));
  EntityFactory make;
  const Organization org = make.organization();
  const auto r = put(*store, org);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kUnavailable);
  EXPECT_NE(r.error().message.find("statement_timeout"), std::string::npos) << r.error().message;
  ASSERT_TRUE((*blocker)->exec("ROLLBACK"));
  EXPECT_EQ(store->get_organization(org.id).error().code, Errc::kNotFound);
  EXPECT_TRUE(put(*store, org));
}

// The hazard a commit-ordered journal prevents: a transaction that took its position and has not
// committed yet. A later writer must not get a higher position and become visible first, or a
// reader that saw it would never read the earlier one.
TEST(PostgresStore, AWriterThatHasTakenItsPositionHoldsLaterOnesBackUntilItCommits) {
  TestSchema schema;
  auto store = open_or_fail(schema.uri());
  ASSERT_TRUE(store);
  EntityFactory make;
  auto slow = postgres::Connection::open({schema.uri(), std::chrono::seconds(30), "slow"});
  ASSERT_TRUE(slow);
  ASSERT_TRUE((*slow)->exec(
      "BEGIN; WITH head AS (UPDATE journal SET last_seq = last_seq + 1 RETURNING last_seq) "
      "INSERT INTO changes SELECT last_seq, 'settings', gen_random_uuid() FROM head"));
  const Organization org = make.organization();
  std::atomic<bool> done{false};
  std::thread fast([&] {
    EXPECT_TRUE(put(*store, org));
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(done.load()) << "the later write committed before the earlier one";
  EXPECT_TRUE(store->changes_after(0, 10)->empty());
  ASSERT_TRUE((*slow)->exec("COMMIT"));
  fast.join();
  const auto journal = *store->changes_after(0, 10);
  ASSERT_EQ(journal.size(), 2u);
  EXPECT_EQ(journal[0].seq, 1);
  EXPECT_EQ(journal[1].seq, 2);
  EXPECT_EQ(journal[1].id, org.id);
}

// Eight writers commit as fast as they can while a reader follows the journal: the reader sees
// every position exactly once and in order, never one before a lower one.
TEST(PostgresStore, AReaderFollowingTheJournalUnderConcurrentWritersMissesNothing) {
  TestSchema schema;
  auto store = open_or_fail(schema.uri("pool_size=12"));
  ASSERT_TRUE(store);
  constexpr int kWriters = 8;
  constexpr int kBatchesEach = 60;
  std::atomic<int> writing{kWriters};
  std::vector<std::vector<Uuid>> written(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      EntityFactory make(static_cast<std::uint64_t>(100 + w));
      for (int i = 0; i < kBatchesEach; ++i) {
        WriteBatch b;
        const Organization org = make.organization();
        b.organizations.push_back(org);
        written[static_cast<size_t>(w)].push_back(org.id);
        if (i % 3 == 0) {  // some batches journal several entities
          const NamedKey key = make.key(org.id);
          b.keys.push_back(key);
          written[static_cast<size_t>(w)].push_back(key.id);
        }
        EXPECT_TRUE(store->apply(b));
      }
      --writing;
    });
  }
  std::int64_t seen = 0;
  std::vector<Uuid> read;
  int out_of_order = 0;
  for (;;) {
    const bool last_round = writing.load() == 0;
    auto changes = store->changes_after(seen, 100);
    ASSERT_TRUE(changes) << changes.error().message;
    for (const auto& c : *changes) {
      if (c.seq != seen + 1) ++out_of_order;
      seen = c.seq;
      read.push_back(c.id);
    }
    if (last_round && changes->empty()) break;
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(out_of_order, 0);
  std::multiset<Uuid> expected, got(read.begin(), read.end());
  for (const auto& ids : written) expected.insert(ids.begin(), ids.end());
  EXPECT_EQ(got, expected);
  EXPECT_EQ(seen, *store->last_change());
}

// A server restart or an administrator drops every connection: the next operation reconnects.
TEST(PostgresStore, RecoversByItselfWhenItsConnectionsAreDropped) {
  TestDatabase database;
  auto store = open_or_fail(database.uri());
  ASSERT_TRUE(store);
  EntityFactory make;
  const Organization org = make.organization();
  ASSERT_TRUE(put(*store, org));
  testing::postgres_admin(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database.name() +
      "' AND pid <> pg_backend_pid()");
  const auto got = store->get_organization(org.id);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->name, org.name);
  EXPECT_TRUE(put(*store, make.organization("After")));
}

TEST(PostgresStore, AnUnreachableServerIsUnavailableAndSaysWhere) {
  auto s = PostgresStore::open("postgresql://keyward@127.0.0.1:1/keyward?connect_timeout=2");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kUnavailable);
  EXPECT_NE(s.error().message.find("keyward@127.0.0.1:1/keyward"), std::string::npos)
      << s.error().message;
}

// The password comes from a password file named in the URI; it is never in an error message.
TEST(PostgresStore, LogsInWithAPasswordFileAndNeverRepeatsThePassword) {
  TestSchema schema;
  TempDir dir;
  std::random_device rd;
  const std::string password = "pw" + std::to_string(rd()) + std::to_string(rd());
  testing::postgres_admin("ALTER ROLE keyward_password_test PASSWORD '" + password + "'");
  testing::postgres_admin("ALTER SCHEMA " + schema.name() + " OWNER TO keyward_password_test");
  const std::string admin_uri = testing::test_postgres_uri();  // postgresql://postgres@HOST:PORT/db
  const std::string host_port =
      admin_uri.substr(admin_uri.find('@') + 1, admin_uri.rfind('/') - admin_uri.find('@') - 1);
  const auto passfile = dir / "pgpass";
  auto write_passfile = [&](const std::string& pw) {
    std::ofstream(passfile) << "*:*:*:keyward_password_test:" << pw << "\n";
    std::filesystem::permissions(
        passfile, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  };
  const std::string uri = "postgresql://keyward_password_test@" + host_port +
                          "/keyward_test?passfile=" + passfile.string() +
                          "&options=-csearch_path%3D" + schema.name();
  write_passfile(password);
  {
    auto store = open_or_fail(uri);
    ASSERT_TRUE(store);
    EntityFactory make;
    const Organization org = make.organization();
    ASSERT_TRUE(put(*store, org));
    EXPECT_EQ(store->get_organization(org.id)->name, org.name);
  }
  write_passfile(password + "-wrong");
  auto refused = PostgresStore::open(uri);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kUnavailable);
  EXPECT_NE(refused.error().message.find("password authentication failed"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().message.find(password), std::string::npos);
}

TEST(PostgresStore, ConnectsOverVerifiedTlsWhenTheUriAsks) {
  TestSchema schema;
  const std::string tls =
      "sslmode=verify-full&sslrootcert=" + testing::test_postgres_certificate().string();
  auto store = open_or_fail(schema.uri(tls));
  ASSERT_TRUE(store);
  auto c = store->pool().acquire();
  ASSERT_TRUE(c);
  auto rows = (*c)->query_once("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
  ASSERT_TRUE(rows);
  EXPECT_TRUE((*rows)[0].boolean(0));

  // A certificate the client does not trust is refused, not silently accepted.
  TempDir dir;
  {
    std::ofstream(dir / "other.crt") << "-----BEGIN CERTIFICATE-----\n"
                                        "-----END CERTIFICATE-----\n";
  }
  auto refused = PostgresStore::open(
      schema.uri("sslmode=verify-full&sslrootcert=" + (dir / "other.crt").string()));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kUnavailable);
}

TEST(PostgresStore, RefusesADatabaseThatIsNotUtf8) {
  const std::string name = "latin_" + std::to_string(std::random_device{}());
  testing::postgres_admin("CREATE DATABASE " + name + " ENCODING 'LATIN1' TEMPLATE template0");
  const std::string uri = testing::test_postgres_uri();
  auto s = PostgresStore::open(uri.substr(0, uri.rfind('/') + 1) + name);
  testing::postgres_admin("DROP DATABASE " + name + " WITH (FORCE)");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kInvalidArgument);
  EXPECT_NE(s.error().message.find("UTF8"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace keyward::store

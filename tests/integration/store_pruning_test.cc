// A real `keyward serve` prunes its SQLite store on its schedule: a session that expired, a
// reveal link that was used and audit records past the configured retention leave the
// database; what is live or recent stays.
#include <fstream>

#include "integration/integration_fixture.h"
#include "support/seeded_random.h"
#include "support/temp_dir.h"

namespace keyward::testing {
namespace {

using namespace std::chrono_literals;

class StorePruning : public ServerTest {
 protected:
  KeywardServer::Options server_options() const override {
    KeywardServer::Options options;
    options.config = "prune_interval_ms = 200\naudit_retention_days = 30\n";
    return options;
  }

  Digest digest() {
    Digest d;
    random.fill(d);
    return d;
  }
  Session session(Timestamp expires_at) {
    Session s;
    s.id = Uuid::random(random);
    s.token_hash = digest();
    s.csrf_hash = digest();
    s.user_id = admin_id;
    s.created_at = expires_at - 8h;
    s.expires_at = expires_at;
    return s;
  }
  RevealGrant grant(Timestamp expires_at, std::optional<Timestamp> used_at) {
    RevealGrant g;
    g.id = Uuid::random(random);
    g.token_hash = digest();
    g.user_id = admin_id;
    g.subject_id = Uuid::parse(server->init().org_id).value();
    g.created_at = expires_at - 10min;
    g.expires_at = expires_at;
    g.used_at = used_at;
    return g;
  }
  AuditEvent event(Timestamp at, std::string detail) {
    AuditEvent e;
    e.at = at;
    e.actor = "command";
    e.action = "org.update";
    e.target = "org:" + server->init().org_id;
    e.client_ip = "203.0.113.7";
    e.detail = std::move(detail);
    return e;
  }
  bool audit_holds(store::Store& db, const std::string& detail) {
    store::AuditQuery q;
    q.limit = 10'000;
    const auto events = db.list_audit(q);
    EXPECT_TRUE(events);
    if (!events) return false;
    for (const auto& e : *events) {
      if (e.detail == detail) return true;
    }
    return false;
  }

  SeededRandom random{11};
  Uuid admin_id;
};

TEST_F(StorePruning, ExpiredSessionsUsedLinksAndOldAuditRecordsLeaveTheDatabase) {
  auto db = open_database();
  const auto admin = db->find_user(server->init().admin_username);
  ASSERT_TRUE(admin);
  admin_id = admin->id;
  const Timestamp now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const Session expired = session(now - 48h);
  const Session live = session(now + 8h);
  const RevealGrant used = grant(now - 47h, now - 47h - 5min);
  const RevealGrant open_link = grant(now + 10min, std::nullopt);
  store::WriteBatch b;
  b.sessions = {expired, live};
  b.grants = {used, open_link};
  b.audit = {event(now - std::chrono::days(31), "older than the retention"),
             event(now - std::chrono::days(29), "within the retention")};
  ASSERT_TRUE(db->apply(b));

  EXPECT_TRUE(eventually([&] {
    return !db->get_session(expired.id) && !db->find_grant(used.token_hash) &&
           !audit_holds(*db, "older than the retention");
  })) << server->log();
  EXPECT_TRUE(db->get_session(live.id));
  EXPECT_TRUE(db->find_grant(open_link.token_hash));
  EXPECT_TRUE(audit_holds(*db, "within the retention"));
  // The run logs what it deleted once it has finished, after the rows are gone.
  EXPECT_TRUE(eventually([&] {
    return server->log().find("pruned the store: 1 sessions, 1 reveal links") != std::string::npos;
  })) << server->log();
  // The server still answers, with the session it still holds unaffected.
  auto client = server->client();
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST(StorePruningConfig, AnAuditRetentionOfZeroDaysIsRefused) {
  TempDir temp;
  const auto dir = (temp / "d").string();
  ASSERT_EQ(run_keyward({"init", "--data-dir", dir}).exit_code, 0);
  {
    std::ofstream(temp / "keyward.toml") << "listen = \"127.0.0.1:0\"\naudit_retention_days = 0\n";
  }
  const auto r =
      run_keyward({"serve", "--data-dir", dir, "--config", (temp / "keyward.toml").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("\"audit_retention_days\" must be positive"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace keyward::testing

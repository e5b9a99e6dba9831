// SqliteStore's reads of what security administration writes: settings, sessions, reveal grants
// and the audit log.
#include "store/conflicts.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_store.h"

namespace keyward::store {

using sqlite::Statement;

namespace {

constexpr char kGetSettings[] = "SELECT " KEYWARD_SETTINGS_COLUMNS " FROM settings WHERE id = 1";
constexpr char kGetSession[] = "SELECT " KEYWARD_SESSION_COLUMNS " FROM sessions WHERE id = ?1";
constexpr char kActiveSessions[] =
    "SELECT " KEYWARD_SESSION_COLUMNS " FROM sessions WHERE ended_at IS NULL AND expires_at > ?1";
constexpr char kFindGrant[] =
    "SELECT " KEYWARD_GRANT_COLUMNS " FROM reveal_grants WHERE token_hash = ?1";
// ?4 is the action filter (AuditQuery::matches_action), ?5 the outcome filter; '' for none.
#define KEYWARD_AUDIT_FILTERS                                                             \
  " AND (?1 = 0 OR id < ?1) AND (?4 = '' OR action = ?4 OR substr(action, 1, length(?4) " \
  "+ 1) = ?4 || '.') AND (?5 = '' OR outcome = ?5) ORDER BY id DESC LIMIT ?2"
constexpr char kAuditAll[] =
    "SELECT " KEYWARD_AUDIT_COLUMNS " FROM audit_events WHERE 1 = 1" KEYWARD_AUDIT_FILTERS;
constexpr char kAuditOfOrg[] =
    "SELECT " KEYWARD_AUDIT_COLUMNS " FROM audit_events WHERE org_id = ?3" KEYWARD_AUDIT_FILTERS;

}  // namespace

Result<SystemSettings> SqliteStore::get_settings() {
  auto c = acquire();
  auto st = c->prepare(kGetSettings);
  if (!st) return fail(st.error());
  auto row = st->step();
  if (!row) return fail(row.error());
  if (!*row) return SystemSettings{};  // never saved: the defaults
  return sqlite::read_settings(*st);
}

Result<Session> SqliteStore::get_session(const Uuid& id) {
  auto c = acquire();
  auto st = c->prepare(kGetSession);
  if (!st) return fail(st.error());
  st->bind(1, id);
  auto row = st->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(not_found("session"));
  return sqlite::read_session(*st);
}

Result<std::vector<Session>> SqliteStore::list_active_sessions(Timestamp now) {
  auto c = acquire();
  auto st = c->prepare(kActiveSessions);
  if (!st) return fail(st.error());
  st->bind(1, now);
  return sqlite::all_rows<Session>(*st, sqlite::read_session);
}

Result<RevealGrant> SqliteStore::find_grant(const Digest& token_hash) {
  auto c = acquire();
  auto st = c->prepare(kFindGrant);
  if (!st) return fail(st.error());
  st->bind(1, token_hash);
  auto row = st->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(not_found("reveal grant"));
  return sqlite::read_grant(*st);
}

Result<std::vector<AuditEvent>> SqliteStore::list_audit(const AuditQuery& q) {
  auto c = acquire();
  auto st = c->prepare(q.org_id ? kAuditOfOrg : kAuditAll);
  if (!st) return fail(st.error());
  st->bind(1, q.before_id).bind(2, static_cast<std::int64_t>(q.limit));
  if (q.org_id) st->bind(3, *q.org_id);
  // "" rather than an empty view, whose null data() would bind NULL.
  st->bind(4, std::string_view(q.action))
      .bind(5, q.outcome ? to_string(*q.outcome) : std::string_view(""));
  return sqlite::all_rows<AuditEvent>(*st, sqlite::read_audit);
}

}  // namespace keyward::store

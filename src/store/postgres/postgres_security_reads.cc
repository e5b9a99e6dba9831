// PostgresStore's reads of what security administration writes: settings, sessions, reveal
// grants and the audit log.
#include "store/conflicts.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/rows.h"
#include "store/postgres/store_queries.h"

namespace keyward::store {

using postgres::Params;

namespace {

constexpr char kGetSettings[] = "SELECT " KEYWARD_SETTINGS_COLUMNS " FROM settings WHERE id = 1";
constexpr char kGetSession[] = "SELECT " KEYWARD_SESSION_COLUMNS " FROM sessions WHERE id = $1";
constexpr char kActiveSessions[] =
    "SELECT " KEYWARD_SESSION_COLUMNS " FROM sessions WHERE ended_at IS NULL AND expires_at > $1";
constexpr char kFindGrant[] =
    "SELECT " KEYWARD_GRANT_COLUMNS " FROM reveal_grants WHERE token_hash = $1";
// An action filter matches the action itself and those under it ("org.api_key" matches
// "org.api_key.rotate"), as AuditQuery::matches_action says.
#define KEYWARD_AUDIT_FILTERS                                                              \
  " AND ($1::bigint = 0 OR id < $1::bigint) AND ($3::text = '' OR action = $3::text OR "   \
  "left(action, length($3::text) + 1) = $3::text || '.') AND ($4::text = '' OR outcome = " \
  "$4::text) ORDER BY id DESC LIMIT $2::bigint"
constexpr char kAuditAll[] =
    "SELECT " KEYWARD_AUDIT_COLUMNS " FROM audit_events WHERE true" KEYWARD_AUDIT_FILTERS;
constexpr char kAuditOfOrg[] =
    "SELECT " KEYWARD_AUDIT_COLUMNS " FROM audit_events WHERE org_id = $5" KEYWARD_AUDIT_FILTERS;

}  // namespace

Result<SystemSettings> PostgresStore::get_settings() {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  auto rows = (*c)->query(kGetSettings);
  if (!rows) return fail(rows.error());
  if (rows->empty()) return SystemSettings{};  // never saved: the defaults
  return postgres::read_settings((*rows)[0]);
}

Result<Session> PostgresStore::get_session(const Uuid& id) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_one<Session>(**c, kGetSession, postgres::read_session, Params().add(id),
                                      "session");
}

Result<std::vector<Session>> PostgresStore::list_active_sessions(Timestamp now) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_all<Session>(**c, kActiveSessions, postgres::read_session,
                                      Params().add(now));
}

Result<RevealGrant> PostgresStore::find_grant(const Digest& token_hash) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_one<RevealGrant>(**c, kFindGrant, postgres::read_grant,
                                          Params().add(token_hash), "reveal grant");
}

Result<std::vector<AuditEvent>> PostgresStore::list_audit(const AuditQuery& q) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  Params params;
  params.add(q.before_id)
      .add(static_cast<std::int64_t>(q.limit))
      .add(q.action)
      .add(q.outcome ? std::string(to_string(*q.outcome)) : std::string());
  if (q.org_id) params.add(*q.org_id);
  return postgres::query_all<AuditEvent>(**c, q.org_id ? kAuditOfOrg : kAuditAll,
                                         postgres::read_audit, params);
}

}  // namespace keyward::store

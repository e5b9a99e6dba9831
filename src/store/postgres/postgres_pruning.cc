// PostgresStore's deletion of what has expired: sessions, reveal grants, old audit
// records, limit counts and keys' usage counts.
#include "store/postgres/postgres_store.h"
#include "store/postgres/rows.h"

namespace keyward::store {

using postgres::Params;

namespace {

// Each statement deletes at most $2 rows in its own transaction, so no lock is held long
// however large the backlog.
constexpr char kPruneSessions[] =
    "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at < $1 OR "
    "ended_at < $1 LIMIT $2)";
constexpr char kPruneGrants[] =
    "DELETE FROM reveal_grants WHERE id IN (SELECT id FROM reveal_grants WHERE expires_at < $1 "
    "OR used_at < $1 LIMIT $2)";
// Ids grow with time, so the oldest records come first and the scan stops at the limit.
constexpr char kPruneAudit[] =
    "DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE at < $1 ORDER BY "
    "id LIMIT $2)";
constexpr char kPruneLimitCounts[] =
    "DELETE FROM limit_counts WHERE ctid IN (SELECT ctid FROM limit_counts WHERE bucket_ms < $1 "
    "LIMIT $2)";

constexpr char kPruneKeyUsage[] =
    "DELETE FROM key_usage WHERE ctid IN (SELECT ctid FROM key_usage WHERE hour < $1 LIMIT $2)";
// Ids grow with time, as for audit records.
constexpr char kPruneWebhookAttempts[] =
    "DELETE FROM webhook_attempts WHERE id IN (SELECT id FROM webhook_attempts WHERE at < $1 "
    "ORDER BY id LIMIT $2)";

Result<std::size_t> delete_before(postgres::Connection& c, const char* sql, Timestamp before,
                                  std::size_t limit) {
  auto rows = c.query(sql, Params().add(before).add(static_cast<std::int64_t>(limit)));
  if (!rows) return fail(rows.error());
  return static_cast<std::size_t>(rows->affected());
}

}  // namespace

Result<PruneCounts> PostgresStore::prune_expired(const PruneCutoffs& cutoffs) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  PruneCounts counts;
  auto sessions = delete_before(**c, kPruneSessions, cutoffs.dead_before, cutoffs.limit);
  if (!sessions) return fail(sessions.error());
  counts.sessions = *sessions;
  auto grants = delete_before(**c, kPruneGrants, cutoffs.dead_before, cutoffs.limit);
  if (!grants) return fail(grants.error());
  counts.grants = *grants;
  auto audit = delete_before(**c, kPruneAudit, cutoffs.audit_before, cutoffs.limit);
  if (!audit) return fail(audit.error());
  counts.audit = *audit;
  auto limit_counts =
      delete_before(**c, kPruneLimitCounts, cutoffs.limit_counts_before, cutoffs.limit);
  if (!limit_counts) return fail(limit_counts.error());
  counts.limit_counts = *limit_counts;
  auto key_usage = delete_before(**c, kPruneKeyUsage, cutoffs.key_usage_before, cutoffs.limit);
  if (!key_usage) return fail(key_usage.error());
  counts.key_usage = *key_usage;
  auto attempts =
      delete_before(**c, kPruneWebhookAttempts, cutoffs.webhook_attempts_before, cutoffs.limit);
  if (!attempts) return fail(attempts.error());
  counts.webhook_attempts = *attempts;
  return counts;
}

}  // namespace keyward::store

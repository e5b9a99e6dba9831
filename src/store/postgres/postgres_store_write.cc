// The write half of PostgresStore: WriteBatch application, the commit-ordered journal, and usage
// bookkeeping.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "store/conflicts.h"
#include "store/controls_columns.h"
#include "store/credit_spend_batches.h"
#include "store/entity_names.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/postgres_webhook_writes.h"
#include "store/postgres/rows.h"

namespace keyward::store {

using postgres::Connection;
using postgres::Params;

namespace {

// Updates name the immutable columns they do not set ($9::bigint IS NULL OR true) only so that
// PostgreSQL can type every parameter when preparing them.
constexpr char kInsertOrganization[] =
    "INSERT INTO organizations (" KEYWARD_ORGANIZATION_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
constexpr char kUpdateOrganization[] =
    "UPDATE organizations SET name = $2, api_key_lookup = $3, api_key_sealed = $4, "
    "api_key_enabled = $5, agent_username = $6, agent_key_lookup = $7, agent_key_sealed = $8, "
    "version = $10, previous_api_key = $11, previous_agent_key = $12, reminder_days = $13, "
    "unused_key_days = $14 "
    "WHERE id = $1 AND version = $10::bigint - 1 AND ($9::bigint IS NULL OR true)";
constexpr char kInsertReminder[] =
    "INSERT INTO key_reminders (" KEYWARD_REMINDER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6)";
constexpr char kInsertUser[] = "INSERT INTO users (" KEYWARD_USER_COLUMNS
                               ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
constexpr char kUpdateUser[] =
    "UPDATE users SET username = $2, password_hash = $3, service_key_lookup = $4, "
    "service_key_sealed = $5, system_admin = $6, failed_logins = $7, locked_until = $8, "
    "version = $10, previous_service_key = $11, password_change_required = $12 "
    "WHERE id = $1 AND version = $10::bigint - 1 AND ($9::bigint IS NULL OR true)";
constexpr char kDeleteMemberships[] = "DELETE FROM memberships WHERE user_id = $1";
constexpr char kInsertMembership[] =
    "INSERT INTO memberships (user_id, org_id, role, position) VALUES ($1, $2, $3, $4)";
constexpr char kInsertKey[] =
    "INSERT INTO api_keys (" KEYWARD_KEY_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
    "$16, $17, $18)";
// last_used_at ($13) is deliberately not updated: only record_usage() writes it; nor is
// created_by ($18), which never changes.
constexpr char kUpdateKey[] =
    "UPDATE api_keys SET org_id = $2, name = $3, kind = $4, scopes = $5, token_hash = $6, "
    "public_token = $7, hint = $8, created_at = $9, expires_at = $10, grace_ends_at = $11, "
    "revoked_at = $12, rolled_from = $14, version = $15, disabled_at = $16, controls = $17 "
    "WHERE id = $1 AND version = $15::bigint - 1 AND ($13::bigint IS NULL OR true) "
    "AND ($18::uuid IS NULL OR true)";
constexpr char kPutCredits[] = KEYWARD_PUT_CREDITS("$1", "$2::bigint", "$3::bigint");
constexpr char kDropCredits[] = KEYWARD_DROP_CREDITS("$1");
constexpr char kInsertApplication[] =
    "INSERT INTO applications (" KEYWARD_APPLICATION_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
constexpr char kUpdateApplication[] =
    "UPDATE applications SET org_id = $2, name = $3, language = $4, created_at = $5, "
    "last_seen_at = $6, version = $7, path = $8, importance = $9, tags = $10, archived = $11, "
    "key_sealed = $12 WHERE id = $1 AND version = $7::bigint - 1";
constexpr char kInsertSession[] =
    "INSERT INTO sessions (" KEYWARD_SESSION_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
constexpr char kUpdateSession[] =
    "UPDATE sessions SET token_hash = $2, csrf_hash = $3, user_id = $4, created_at = $5, "
    "expires_at = $6, ended_at = $7, version = $8 WHERE id = $1 AND version = $8::bigint - 1";
constexpr char kInsertGrant[] = "INSERT INTO reveal_grants (" KEYWARD_GRANT_COLUMNS
                                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr char kUpdateGrant[] =
    "UPDATE reveal_grants SET token_hash = $2, user_id = $3, what = $4, subject_id = $5, "
    "created_at = $6, expires_at = $7, used_at = $8, version = $9 "
    "WHERE id = $1 AND version = $9::bigint - 1";
constexpr char kInsertSettings[] = "INSERT INTO settings (id, " KEYWARD_SETTINGS_COLUMNS
                                   ") VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
constexpr char kUpdateSettings[] =
    "UPDATE settings SET org_key_length = $1, org_key_numerals = $2, org_key_upper = $3, "
    "org_key_lower = $4, app_key_length = $5, app_key_numerals = $6, app_key_upper = $7, "
    "app_key_lower = $8, mask_invalid_ips = $9, email_key_in_message = $10, version = $11 "
    "WHERE id = 1 AND version = $11::bigint - 1";
constexpr char kAppendAudit[] =
    "INSERT INTO audit_events (at, actor, org_id, action, target, outcome, client_ip, detail) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
constexpr char kInsertTrace[] =
    "INSERT INTO traces (" KEYWARD_TRACE_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)";
constexpr char kUpdateTrace[] =
    "UPDATE traces SET org_id = $2, app_id = $3, title = $4, rule_name = $5, severity = $6, "
    "status = $7, hash = $8, category = $9, confidence = $10, impact = $11, likelihood = $12, "
    "tags = $13, first_seen_at = $14, last_seen_at = $15, times_received = $16, version = $17 "
    "WHERE id = $1 AND version = $17::bigint - 1";

// The journal, in commit order (docs/decisions.md). The transaction's last statement, sent with
// its COMMIT: it locks the single journal row, takes the next positions from it, appends the
// entries and queues the notification, which PostgreSQL delivers at commit. The row lock is held
// until the commit, so the next writer gets its positions only once these are visible: positions
// are handed out in commit order and no reader ever sees a later one before an earlier one.
constexpr char kAppendChanges[] =
    "WITH head AS (UPDATE journal SET last_seq = last_seq + $3::bigint WHERE id = 1 "
    "RETURNING last_seq), "
    "appended AS (INSERT INTO changes (seq, entity, entity_id) "
    "SELECT head.last_seq - $3::bigint + e.ord, e.entity, e.entity_id "
    "FROM head, unnest($1::text[], $2::uuid[]) WITH ORDINALITY AS e(entity, entity_id, ord)) "
    "SELECT head.last_seq, pg_notify('keyward_changes', head.last_seq::text) FROM head";

// Store::spend_credits(): rows per statement, four parameters each.
constexpr std::size_t kCreditRowsPerStatement = 256;

// Store::spend_credits() for `n` keys (key, spent, period start, period amount) in one statement:
// the SET expressions all see the row as it was.
std::string spend_credits_sql(std::size_t n) {
  std::string sql =
      "UPDATE key_credits AS k SET remaining = CASE "
      "WHEN s.period_start > k.set_at THEN GREATEST(s.period_amount - s.spent, 0) "
      "WHEN s.period_start = k.set_at THEN GREATEST(k.remaining - s.spent, 0) "
      "ELSE k.remaining END, set_at = GREATEST(k.set_at, s.period_start) FROM (VALUES ";
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t p = i * 4;
    sql += (i == 0 ? "($" : ", ($") + std::to_string(p + 1) + "::uuid, $" + std::to_string(p + 2) +
           "::bigint, $" + std::to_string(p + 3) + "::bigint, $" + std::to_string(p + 4) +
           "::bigint)";
  }
  sql +=
      ") AS s (key_id, spent, period_start, period_amount) WHERE k.key_id = s.key_id "
      "RETURNING k.key_id, k.remaining, k.set_at";
  return sql;
}
constexpr char kCreditBalances[] =
    "SELECT key_id, remaining, set_at FROM key_credits JOIN api_keys ON id = key_id "
    "WHERE revoked_at IS NULL";
// Raises last_used_at, never lowers it; unknown ids match nothing.
constexpr char kRecordUsage[] =
    "UPDATE api_keys SET last_used_at = u.at "
    "FROM unnest($1::uuid[], $2::bigint[]) AS u(id, at) "
    "WHERE api_keys.id = u.id AND (api_keys.last_used_at IS NULL OR api_keys.last_used_at < u.at)";

// The entities a batch journals, gathered while it is applied and appended last.
class JournalEntries {
 public:
  void add(EntityKind kind, const Uuid& id) {
    entities_ += (entities_.empty() ? "" : ",") + std::string(entity_name(kind));
    ids_ += (ids_.empty() ? "" : ",") + id.to_string();
    ++count_;
  }
  // Appends them, queues the notification and commits, in one round trip: the journal row is
  // locked from this statement to the end of the commit, and every writer waits that long.
  Status append_and_commit(Connection& c) const {
    if (count_ == 0) return c.exec("COMMIT");
    return c.query_and_commit(
        kAppendChanges, Params().add("{" + entities_ + "}").add("{" + ids_ + "}").add(count_));
  }

 private:
  std::string entities_;  // array literals: names and UUIDs need no quoting
  std::string ids_;
  std::int64_t count_ = 0;
};

// Inserts (version 1) or conditionally updates (version N) one entity.
template <class Entity>
Status put(Connection& c, const Entity& e, const char* insert_sql, const char* update_sql,
           const Params& params, std::string_view what) {
  auto rows = c.query(e.version == 1 ? insert_sql : update_sql, params);
  if (!rows) return fail(rows.error());
  if (e.version != 1 && rows->affected() == 0) return fail(changed_concurrently(what));
  return {};
}

// The key's credit count beside its row (store/controls_columns.h).
Status put_credits(Connection& c, const NamedKey& key) {
  const auto& credits = key.controls.credits;
  if (!credits && key.version == 1) return {};  // a new key has no count to drop
  auto done = credits ? c.query(kPutCredits,
                                Params().add(key.id).add(credits->remaining).add(credits->set_at))
                      : c.query(kDropCredits, Params().add(key.id));
  if (!done) return fail(done.error());
  return {};
}

Status put_memberships(Connection& c, const User& user) {
  if (auto del = c.query(kDeleteMemberships, Params().add(user.id)); !del) {
    return fail(del.error());
  }
  int position = 0;
  for (const auto& m : user.memberships) {
    auto ins = c.query(kInsertMembership,
                       Params().add(user.id).add(m.org_id).add(to_string(m.role)).add(position++));
    if (!ins) return fail(ins.error());
  }
  return {};
}

// Everything but the journal, which the caller appends as it commits.
Status apply_batch(Connection& c, const WriteBatch& batch, JournalEntries& journal) {
  for (const auto& org : batch.organizations) {
    if (auto s = put(c, org, kInsertOrganization, kUpdateOrganization,
                     postgres::organization_params(org), "organization");
        !s) {
      return s;
    }
    journal.add(EntityKind::kOrganization, org.id);
  }
  for (const auto& user : batch.users) {
    if (auto s = put(c, user, kInsertUser, kUpdateUser, postgres::user_params(user), "user"); !s) {
      return s;
    }
    if (auto s = put_memberships(c, user); !s) return s;
    journal.add(EntityKind::kUser, user.id);
  }
  for (const auto& key : batch.keys) {
    if (auto s = put(c, key, kInsertKey, kUpdateKey, postgres::key_params(key), "key"); !s) {
      return s;
    }
    if (auto s = put_credits(c, key); !s) return s;
    journal.add(EntityKind::kKey, key.id);
  }
  for (const auto& app : batch.applications) {
    if (auto s = put(c, app, kInsertApplication, kUpdateApplication,
                     postgres::application_params(app), "application");
        !s) {
      return s;
    }
    journal.add(EntityKind::kApplication, app.id);
  }
  for (const auto& trace : batch.traces) {
    if (auto s = put(c, trace, kInsertTrace, kUpdateTrace, postgres::trace_params(trace), "trace");
        !s) {
      return s;
    }
  }
  if (batch.settings) {
    if (auto s = put(c, *batch.settings, kInsertSettings, kUpdateSettings,
                     postgres::settings_params(*batch.settings), "settings");
        !s) {
      return s;
    }
    journal.add(EntityKind::kSettings, Uuid{});
  }
  for (const auto& session : batch.sessions) {
    if (auto s = put(c, session, kInsertSession, kUpdateSession, postgres::session_params(session),
                     "session");
        !s) {
      return s;
    }
    journal.add(EntityKind::kSession, session.id);
  }
  for (const auto& grant : batch.grants) {
    if (auto s = put(c, grant, kInsertGrant, kUpdateGrant, postgres::grant_params(grant),
                     "reveal grant");
        !s) {
      return s;
    }
  }
  for (const auto& event : batch.audit) {
    if (auto r = c.query(kAppendAudit, postgres::audit_params(event)); !r) return fail(r.error());
  }
  for (const auto& r : batch.reminders) {
    auto ins = c.query(kInsertReminder, Params()
                                            .add(r.key_id)
                                            .add(r.org_id)
                                            .add(to_string(r.kind))
                                            .add(r.deadline)
                                            .add(r.threshold_seconds)
                                            .add(r.sent_at));
    if (!ins) return fail(ins.error());
  }
  for (const auto& endpoint : batch.webhooks) {
    if (auto s = postgres::put_webhook(c, endpoint); !s) return s;
  }
  for (const auto& event : batch.webhook_events) {
    if (auto s = postgres::raise_webhook_event(c, event); !s) return s;
  }
  return {};
}

}  // namespace

Status PostgresStore::apply(const WriteBatch& batch) {
  if (batch.empty()) return {};
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  Connection& conn = **c;
  if (auto s = conn.exec("BEGIN"); !s) return s;
  JournalEntries journal;
  Status result = apply_batch(conn, batch, journal);
  if (result) result = journal.append_and_commit(conn);  // last: see kAppendChanges
  if (!result && conn.in_transaction()) (void)conn.exec("ROLLBACK");
  return result;
}

Result<std::vector<CreditBalance>> PostgresStore::spend_credits(
    std::span<const CreditSpend> spends) {
  std::vector<CreditBalance> out;
  if (spends.empty()) return out;
  // Built once, so each connection prepares it once (query() keys statements by address).
  static const std::string full_batch = spend_credits_sql(kCreditRowsPerStatement);
  const CreditSpendBatches batches(spends, kCreditRowsPerStatement);
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  // All or nothing: the flusher gives back every spend of a failed write and writes them again,
  // so none may have been recorded.
  auto done = postgres::in_transaction(**c, [&]() -> Status {
    for (const auto batch : batches.batches()) {
      Params params;
      for (const auto& spend : batch) {
        params.add(spend.key_id).add(spend.spent).add(spend.period_start).add(spend.period_amount);
      }
      auto rows = batch.size() == kCreditRowsPerStatement
                      ? (*c)->query(full_batch.c_str(), params)
                      : (*c)->query_once(spend_credits_sql(batch.size()), params);
      if (!rows) return fail(rows.error());
      for (int i = 0; i < rows->size(); ++i) {
        const postgres::Row row = (*rows)[i];
        out.push_back(
            {row.uuid(0), row.integer(1), row.optional_timestamp(2).value_or(Timestamp{})});
      }
    }
    return {};
  });
  if (!done) return fail(done.error());
  return out;
}

Result<std::vector<CreditBalance>> PostgresStore::credit_balances() {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  auto rows = (*c)->query(kCreditBalances, Params());
  if (!rows) return fail(rows.error());
  std::vector<CreditBalance> out;
  for (int i = 0; i < rows->size(); ++i) {
    const postgres::Row row = (*rows)[i];
    out.push_back({row.uuid(0), row.integer(1), row.optional_timestamp(2).value_or(Timestamp{})});
  }
  return out;
}

Status PostgresStore::record_usage(std::span<const KeyUsage> usage) {
  if (usage.empty()) return {};
  // One entry per key, the latest; in id order, so concurrent flushes lock rows alike.
  std::map<Uuid, Timestamp> latest;
  for (const auto& u : usage) {
    auto [it, inserted] = latest.emplace(u.key_id, u.last_used_at);
    if (!inserted && it->second < u.last_used_at) it->second = u.last_used_at;
  }
  std::string ids, times;
  for (const auto& [id, at] : latest) {
    ids += (ids.empty() ? "" : ",") + id.to_string();
    times += (times.empty() ? "" : ",") + std::to_string(to_epoch_ms(at));
  }
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  auto rows = (*c)->query(kRecordUsage, Params().add("{" + ids + "}").add("{" + times + "}"));
  if (!rows) return fail(rows.error());
  return {};
}

}  // namespace keyward::store

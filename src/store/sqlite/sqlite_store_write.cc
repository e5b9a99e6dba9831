// The write half of SqliteStore: WriteBatch application and usage bookkeeping.
#include <string>
#include <string_view>

#include "store/conflicts.h"
#include "store/controls_columns.h"
#include "store/credit_spend_batches.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/sqlite_webhook_writes.h"

namespace keyward::store {

using sqlite::Connection;
using sqlite::Statement;

namespace {

constexpr char kInsertOrganization[] =
    "INSERT INTO organizations (" KEYWARD_ORGANIZATION_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
constexpr char kUpdateOrganization[] =
    "UPDATE organizations SET name = ?2, api_key_lookup = ?3, api_key_sealed = ?4, "
    "api_key_enabled = ?5, agent_username = ?6, agent_key_lookup = ?7, agent_key_sealed = ?8, "
    "version = ?10, previous_api_key = ?11, previous_agent_key = ?12, reminder_days = ?13, "
    "unused_key_days = ?14 "
    "WHERE id = ?1 AND version = ?10 - 1";
constexpr char kInsertUser[] = "INSERT INTO users (" KEYWARD_USER_COLUMNS
                               ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
constexpr char kUpdateUser[] =
    "UPDATE users SET username = ?2, password_hash = ?3, service_key_lookup = ?4, "
    "service_key_sealed = ?5, system_admin = ?6, failed_logins = ?7, locked_until = ?8, "
    "version = ?10, previous_service_key = ?11, password_change_required = ?12 "
    "WHERE id = ?1 AND version = ?10 - 1";
constexpr char kDeleteMemberships[] = "DELETE FROM memberships WHERE user_id = ?1";
constexpr char kInsertMembership[] =
    "INSERT INTO memberships (user_id, org_id, role, position) VALUES (?1, ?2, ?3, ?4)";
constexpr char kInsertKey[] =
    "INSERT INTO api_keys (" KEYWARD_KEY_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
    "?16, ?17, ?18)";
// last_used_at (?13) is deliberately not updated: only record_usage() writes it; nor is
// created_by (?18), which never changes.
constexpr char kUpdateKey[] =
    "UPDATE api_keys SET org_id = ?2, name = ?3, kind = ?4, scopes = ?5, token_hash = ?6, "
    "public_token = ?7, hint = ?8, created_at = ?9, expires_at = ?10, grace_ends_at = ?11, "
    "revoked_at = ?12, rolled_from = ?14, version = ?15, disabled_at = ?16, controls = ?17 "
    "WHERE id = ?1 AND version = ?15 - 1";
constexpr char kPutCredits[] = KEYWARD_PUT_CREDITS("?1", "?2", "?3");
constexpr char kDropCredits[] = KEYWARD_DROP_CREDITS("?1");
constexpr char kInsertApplication[] =
    "INSERT INTO applications (" KEYWARD_APPLICATION_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
constexpr char kUpdateApplication[] =
    "UPDATE applications SET org_id = ?2, name = ?3, language = ?4, created_at = ?5, "
    "last_seen_at = ?6, version = ?7, path = ?8, importance = ?9, tags = ?10, archived = ?11, "
    "key_sealed = ?12 WHERE id = ?1 AND version = ?7 - 1";
constexpr char kInsertSession[] =
    "INSERT INTO sessions (" KEYWARD_SESSION_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr char kUpdateSession[] =
    "UPDATE sessions SET token_hash = ?2, csrf_hash = ?3, user_id = ?4, created_at = ?5, "
    "expires_at = ?6, ended_at = ?7, version = ?8 WHERE id = ?1 AND version = ?8 - 1";
constexpr char kInsertGrant[] = "INSERT INTO reveal_grants (" KEYWARD_GRANT_COLUMNS
                                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr char kUpdateGrant[] =
    "UPDATE reveal_grants SET token_hash = ?2, user_id = ?3, what = ?4, subject_id = ?5, "
    "created_at = ?6, expires_at = ?7, used_at = ?8, version = ?9 "
    "WHERE id = ?1 AND version = ?9 - 1";
constexpr char kInsertSettings[] = "INSERT INTO settings (id, " KEYWARD_SETTINGS_COLUMNS
                                   ") VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr char kUpdateSettings[] =
    "UPDATE settings SET org_key_length = ?1, org_key_numerals = ?2, org_key_upper = ?3, "
    "org_key_lower = ?4, app_key_length = ?5, app_key_numerals = ?6, app_key_upper = ?7, "
    "app_key_lower = ?8, mask_invalid_ips = ?9, email_key_in_message = ?10, version = ?11 "
    "WHERE id = 1 AND version = ?11 - 1";
constexpr char kAppendAudit[] =
    "INSERT INTO audit_events (at, actor, org_id, action, target, outcome, client_ip, detail) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr char kInsertTrace[] =
    "INSERT INTO traces (" KEYWARD_TRACE_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
constexpr char kUpdateTrace[] =
    "UPDATE traces SET org_id = ?2, app_id = ?3, title = ?4, rule_name = ?5, severity = ?6, "
    "status = ?7, hash = ?8, category = ?9, confidence = ?10, impact = ?11, likelihood = ?12, "
    "tags = ?13, first_seen_at = ?14, last_seen_at = ?15, times_received = ?16, version = ?17 "
    "WHERE id = ?1 AND version = ?17 - 1";
constexpr char kInsertReminder[] =
    "INSERT INTO key_reminders (" KEYWARD_REMINDER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr char kAppendChange[] = "INSERT INTO changes (entity, entity_id) VALUES (?1, ?2)";
// Store::spend_credits(): rows per statement, four parameters each.
constexpr std::size_t kCreditRowsPerStatement = 256;
constexpr char kCreditBalances[] =
    "SELECT key_id, remaining, set_at FROM key_credits JOIN api_keys ON id = key_id "
    "WHERE revoked_at IS NULL";
constexpr char kRecordUsage[] =
    "UPDATE api_keys SET last_used_at = ?2 "
    "WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at < ?2)";

// Store::spend_credits() for `n` keys (key, spent, period start, period amount) in one statement:
// the SET expressions all see the row as it was. SQLite walks the values and finds each row by
// its key.
std::string spend_credits_sql(std::size_t n) {
  std::string sql = "WITH s (key_id, spent, period_start, period_amount) AS (VALUES ";
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t p = i * 4;
    sql += (i == 0 ? "(?" : ", (?") + std::to_string(p + 1) + ", ?" + std::to_string(p + 2) +
           ", ?" + std::to_string(p + 3) + ", ?" + std::to_string(p + 4) + ")";
  }
  sql +=
      ") UPDATE key_credits SET remaining = CASE "
      "WHEN s.period_start > key_credits.set_at THEN MAX(s.period_amount - s.spent, 0) "
      "WHEN s.period_start = key_credits.set_at THEN MAX(key_credits.remaining - s.spent, 0) "
      "ELSE key_credits.remaining END, set_at = MAX(key_credits.set_at, s.period_start) "
      "FROM s WHERE key_credits.key_id = s.key_id RETURNING key_id, remaining, set_at";
  return sql;
}

// Inserts (version 1) or conditionally updates (version N) one entity, then journals it unless
// `journaled` is false.
template <class Entity, class Bind>
Status put(Connection& c, const Entity& e, const char* insert_sql, const char* update_sql,
           Bind bind, std::string_view entity, bool journaled = true) {
  auto st = c.prepare(e.version == 1 ? insert_sql : update_sql);
  if (!st) return fail(st.error());
  bind(*st, e);
  if (auto s = st->run(); !s) return s;
  if (e.version != 1 && c.changes() == 0) return fail(changed_concurrently(entity));
  if (!journaled) return {};
  auto journal = c.prepare(kAppendChange);
  if (!journal) return fail(journal.error());
  journal->bind(1, entity).bind(2, e.id);
  return journal->run();
}

// The key's credit count beside its row (store/controls_columns.h).
Status put_credits(Connection& c, const NamedKey& key) {
  const auto& credits = key.controls.credits;
  if (!credits && key.version == 1) return {};  // a new key has no count to drop
  auto st = c.prepare(credits ? kPutCredits : kDropCredits);
  if (!st) return fail(st.error());
  st->bind(1, key.id);
  if (credits) st->bind(2, credits->remaining).bind(3, credits->set_at);
  return st->run();
}

// The single settings row, under the same version rule as entities; journaled with a nil id.
Status put_settings(Connection& c, const SystemSettings& settings) {
  auto st = c.prepare(settings.version == 1 ? kInsertSettings : kUpdateSettings);
  if (!st) return fail(st.error());
  sqlite::bind_settings(*st, settings);
  if (auto s = st->run(); !s) {
    if (s.error().code == Errc::kAlreadyExists) return fail(changed_concurrently("settings"));
    return s;
  }
  if (settings.version != 1 && c.changes() == 0) return fail(changed_concurrently("settings"));
  auto journal = c.prepare(kAppendChange);
  if (!journal) return fail(journal.error());
  journal->bind(1, std::string_view("settings")).bind(2, Uuid{});
  return journal->run();
}

Status put_memberships(Connection& c, const User& user) {
  auto del = c.prepare(kDeleteMemberships);
  if (!del) return fail(del.error());
  del->bind(1, user.id);
  if (auto s = del->run(); !s) return s;
  std::int64_t position = 0;
  for (const auto& m : user.memberships) {
    auto ins = c.prepare(kInsertMembership);
    if (!ins) return fail(ins.error());
    ins->bind(1, user.id).bind(2, m.org_id).bind(3, to_string(m.role)).bind(4, position++);
    if (auto s = ins->run(); !s) return s;
  }
  return {};
}

}  // namespace

Status SqliteStore::apply(const WriteBatch& batch) {
  if (batch.empty()) return {};
  auto c = acquire();
  return sqlite::in_transaction(*c, [&]() -> Status {
    for (const auto& org : batch.organizations) {
      if (auto s = put(*c, org, kInsertOrganization, kUpdateOrganization, sqlite::bind_organization,
                       "organization");
          !s) {
        return s;
      }
    }
    for (const auto& user : batch.users) {
      if (auto s = put(*c, user, kInsertUser, kUpdateUser, sqlite::bind_user, "user"); !s) {
        return s;
      }
      if (auto s = put_memberships(*c, user); !s) return s;
    }
    for (const auto& key : batch.keys) {
      if (auto s = put(*c, key, kInsertKey, kUpdateKey, sqlite::bind_key, "key"); !s) return s;
      if (auto s = put_credits(*c, key); !s) return s;
    }
    for (const auto& app : batch.applications) {
      if (auto s = put(*c, app, kInsertApplication, kUpdateApplication, sqlite::bind_application,
                       "application");
          !s) {
        return s;
      }
    }
    for (const auto& trace : batch.traces) {
      if (auto s = put(*c, trace, kInsertTrace, kUpdateTrace, sqlite::bind_trace, "trace",
                       /*journaled=*/false);
          !s) {
        return s;
      }
    }
    if (batch.settings) {
      if (auto s = put_settings(*c, *batch.settings); !s) return s;
    }
    for (const auto& session : batch.sessions) {
      if (auto s =
              put(*c, session, kInsertSession, kUpdateSession, sqlite::bind_session, "session");
          !s) {
        return s;
      }
    }
    for (const auto& grant : batch.grants) {
      if (auto s = put(*c, grant, kInsertGrant, kUpdateGrant, sqlite::bind_grant, "grant",
                       /*journaled=*/false);
          !s) {
        return s;
      }
    }
    for (const auto& event : batch.audit) {
      auto st = c->prepare(kAppendAudit);
      if (!st) return fail(st.error());
      sqlite::bind_audit(*st, event);
      if (auto s = st->run(); !s) return s;
    }
    for (const auto& reminder : batch.reminders) {
      auto st = c->prepare(kInsertReminder);
      if (!st) return fail(st.error());
      st->bind(1, reminder.key_id)
          .bind(2, reminder.org_id)
          .bind(3, to_string(reminder.kind))
          .bind(4, reminder.deadline)
          .bind(5, reminder.threshold_seconds)
          .bind(6, reminder.sent_at);
      if (auto s = st->run(); !s) return s;
    }
    for (const auto& endpoint : batch.webhooks) {
      if (auto s = sqlite::put_webhook(*c, endpoint); !s) return s;
    }
    for (const auto& event : batch.webhook_events) {
      if (auto s = sqlite::raise_webhook_event(*c, event); !s) return s;
    }
    return {};
  });
}

Result<std::vector<CreditBalance>> SqliteStore::spend_credits(std::span<const CreditSpend> spends) {
  std::vector<CreditBalance> out;
  if (spends.empty()) return out;
  // Built once; the connection keeps the statement prepared (by this text's address).
  static const std::string full_batch = spend_credits_sql(kCreditRowsPerStatement);
  const CreditSpendBatches batches(spends, kCreditRowsPerStatement);
  auto c = acquire();
  auto done = sqlite::in_transaction(*c, [&]() -> Status {
    for (const auto batch : batches.batches()) {
      auto st = batch.size() == kCreditRowsPerStatement
                    ? c->prepare(full_batch.c_str())
                    : c->prepare_once(spend_credits_sql(batch.size()));
      if (!st) return fail(st.error());
      for (std::size_t i = 0; i < batch.size(); ++i) {
        const int p = static_cast<int>(i * 4);
        st->bind(p + 1, batch[i].key_id)
            .bind(p + 2, batch[i].spent)
            .bind(p + 3, batch[i].period_start)
            .bind(p + 4, batch[i].period_amount);
      }
      for (;;) {
        auto row = st->step();
        if (!row) return fail(row.error());
        if (!*row) break;
        out.push_back(
            {st->uuid(0), st->integer(1), st->optional_timestamp(2).value_or(Timestamp{})});
      }
    }
    return {};
  });
  if (!done) return fail(done.error());
  return out;
}

Result<std::vector<CreditBalance>> SqliteStore::credit_balances() {
  auto c = acquire();
  auto st = c->prepare(kCreditBalances);
  if (!st) return fail(st.error());
  std::vector<CreditBalance> out;
  for (;;) {
    auto row = st->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    out.push_back({st->uuid(0), st->integer(1), st->optional_timestamp(2).value_or(Timestamp{})});
  }
}

Status SqliteStore::record_usage(std::span<const KeyUsage> usage) {
  if (usage.empty()) return {};
  auto c = acquire();
  return sqlite::in_transaction(*c, [&]() -> Status {
    for (const auto& u : usage) {
      auto st = c->prepare(kRecordUsage);
      if (!st) return fail(st.error());
      st->bind(1, u.key_id).bind(2, u.last_used_at);
      if (auto s = st->run(); !s) return s;
    }
    return {};
  });
}

}  // namespace keyward::store

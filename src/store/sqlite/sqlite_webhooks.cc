// SqliteStore's webhook endpoints, outbox and delivery records.
#include "store/columns.h"
#include "store/conflicts.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/sqlite_webhook_writes.h"

namespace keyward::store {

using sqlite::Connection;
using sqlite::Statement;

namespace {

constexpr char kInsertWebhook[] = "INSERT INTO webhook_endpoints (" KEYWARD_WEBHOOK_COLUMNS
                                  ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr char kUpdateWebhook[] =
    "UPDATE webhook_endpoints SET url = ?3, events = ?4, secret_sealed = ?5, deleted_at = ?7, "
    "version = ?8 WHERE id = ?1 AND org_id = ?2 AND created_at = ?6 AND version = ?8 - 1";
constexpr char kDropPending[] = "DELETE FROM webhook_outbox WHERE endpoint_id = ?1";
constexpr char kRaise[] =
    "INSERT INTO webhook_outbox (" KEYWARD_OUTBOX_COLUMNS
    ", next_attempt_at) SELECT ?1, id, org_id, ?3, ?4, ?5, 0, ?5 FROM webhook_endpoints "
    "WHERE org_id = ?2 AND deleted_at IS NULL AND (events & ?6) != 0";
constexpr char kGetWebhook[] =
    "SELECT " KEYWARD_WEBHOOK_COLUMNS " FROM webhook_endpoints WHERE id = ?1";
constexpr char kListWebhooks[] = "SELECT " KEYWARD_WEBHOOK_COLUMNS
                                 " FROM webhook_endpoints WHERE org_id = ?1 AND deleted_at IS "
                                 "NULL ORDER BY created_at, id";
// One statement, so one write transaction: the rows it returns are this caller's alone.
constexpr char kClaim[] =
    "UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = ?2 WHERE rowid IN "
    "(SELECT rowid FROM webhook_outbox WHERE next_attempt_at <= ?1 ORDER BY next_attempt_at "
    "LIMIT ?3) RETURNING " KEYWARD_OUTBOX_COLUMNS;
constexpr char kAppendAttempt[] =
    "INSERT INTO webhook_attempts (endpoint_id, event_id, type, attempt, at, outcome, "
    "response_code, error, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr char kReschedule[] =
    "UPDATE webhook_outbox SET next_attempt_at = ?4 WHERE event_id = ?1 AND endpoint_id = ?2 "
    "AND attempts = ?3";
constexpr char kSettle[] =
    "DELETE FROM webhook_outbox WHERE event_id = ?1 AND endpoint_id = ?2 AND attempts = ?3";
constexpr char kListAttempts[] =
    "SELECT " KEYWARD_ATTEMPT_COLUMNS
    " FROM webhook_attempts WHERE endpoint_id = ?1 AND (?2 = 0 OR id < ?2) ORDER BY id DESC "
    "LIMIT ?3";

WebhookEndpoint read_webhook(const Statement& row) {
  WebhookEndpoint e;
  e.id = row.uuid(0);
  e.org_id = row.uuid(1);
  e.url = row.text(2);
  e.events = WebhookEventSet(row.integer(3));
  e.secret_sealed = row.blob(4);
  e.created_at = row.timestamp(5);
  e.deleted_at = row.optional_timestamp(6);
  e.version = row.integer(7);
  return e;
}

WebhookDelivery read_delivery(const Statement& row) {
  WebhookDelivery d;
  d.event.id = row.uuid(0);
  d.endpoint_id = row.uuid(1);
  d.event.org_id = row.uuid(2);
  d.event.type = parse_webhook_event_type(row.text(3)).value_or(WebhookEventType::kKeyCreated);
  d.event.payload = row.text(4);
  d.event.created_at = row.timestamp(5);
  d.attempt = static_cast<int>(row.integer(6));
  return d;
}

WebhookAttempt read_attempt(const Statement& row) {
  WebhookAttempt a;
  a.id = row.integer(0);
  a.endpoint_id = row.uuid(1);
  a.event_id = row.uuid(2);
  a.type = parse_webhook_event_type(row.text(3)).value_or(WebhookEventType::kKeyCreated);
  a.attempt = static_cast<int>(row.integer(4));
  a.at = row.timestamp(5);
  a.outcome = parse_attempt_outcome(row.text(6)).value_or(AttemptOutcome::kFailed);
  if (!row.is_null(7)) a.response_code = static_cast<int>(row.integer(7));
  a.error = row.text(8);
  a.next_attempt_at = row.optional_timestamp(9);
  return a;
}

}  // namespace

namespace sqlite {

Status put_webhook(Connection& c, const WebhookEndpoint& e) {
  auto st = c.prepare(e.version == 1 ? kInsertWebhook : kUpdateWebhook);
  if (!st) return fail(st.error());
  st->bind(1, e.id)
      .bind(2, e.org_id)
      .bind(3, std::string_view(e.url))
      .bind(4, e.events.bits())
      .bind(5, std::span<const std::uint8_t>(e.secret_sealed))
      .bind(6, e.created_at)
      .bind(7, e.deleted_at)
      .bind(8, e.version);
  if (auto s = st->run(); !s) return s;
  if (e.version != 1 && c.changes() == 0) return fail(changed_concurrently("webhook"));
  if (!e.deleted_at) return {};
  auto drop = c.prepare(kDropPending);
  if (!drop) return fail(drop.error());
  drop->bind(1, e.id);
  return drop->run();
}

Status raise_webhook_event(Connection& c, const WebhookEvent& event) {
  auto st = c.prepare(kRaise);
  if (!st) return fail(st.error());
  st->bind(1, event.id)
      .bind(2, event.org_id)
      .bind(3, to_string(event.type))
      .bind(4, std::string_view(event.payload))
      .bind(5, event.created_at)
      .bind(6, event_bit(event.type));
  return st->run();
}

}  // namespace sqlite

Result<WebhookEndpoint> SqliteStore::get_webhook(const Uuid& id) {
  auto c = acquire();
  auto st = c->prepare(kGetWebhook);
  if (!st) return fail(st.error());
  st->bind(1, id);
  auto row = st->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(not_found("webhook"));
  return read_webhook(*st);
}

Result<std::vector<WebhookEndpoint>> SqliteStore::list_webhooks(const Uuid& org_id) {
  auto c = acquire();
  auto st = c->prepare(kListWebhooks);
  if (!st) return fail(st.error());
  st->bind(1, org_id);
  return sqlite::all_rows<WebhookEndpoint>(*st, read_webhook);
}

Result<std::vector<WebhookDelivery>> SqliteStore::claim_webhook_deliveries(Timestamp now,
                                                                           Timestamp lease_until,
                                                                           std::size_t limit) {
  auto c = acquire();
  auto st = c->prepare(kClaim);
  if (!st) return fail(st.error());
  st->bind(1, now).bind(2, lease_until).bind(3, static_cast<std::int64_t>(limit));
  return sqlite::all_rows<WebhookDelivery>(*st, read_delivery);
}

Status SqliteStore::record_webhook_attempt(const WebhookAttempt& a) {
  auto c = acquire();
  return sqlite::in_transaction(*c, [&]() -> Status {
    auto st = c->prepare(kAppendAttempt);
    if (!st) return fail(st.error());
    st->bind(1, a.endpoint_id)
        .bind(2, a.event_id)
        .bind(3, to_string(a.type))
        .bind(4, a.attempt)
        .bind(5, a.at)
        .bind(6, to_string(a.outcome))
        .bind(7, a.response_code)
        .bind(8, std::string_view(a.error))
        .bind(9, a.next_attempt_at);
    if (auto s = st->run(); !s) return s;
    const bool retrying = a.outcome == AttemptOutcome::kRetrying && a.next_attempt_at;
    auto settle = c->prepare(retrying ? kReschedule : kSettle);
    if (!settle) return fail(settle.error());
    settle->bind(1, a.event_id).bind(2, a.endpoint_id).bind(3, a.attempt);
    if (retrying) settle->bind(4, *a.next_attempt_at);
    return settle->run();
  });
}

Result<std::vector<WebhookAttempt>> SqliteStore::list_webhook_attempts(
    const WebhookAttemptQuery& q) {
  auto c = acquire();
  auto st = c->prepare(kListAttempts);
  if (!st) return fail(st.error());
  st->bind(1, q.endpoint_id).bind(2, q.before_id).bind(3, static_cast<std::int64_t>(q.limit));
  return sqlite::all_rows<WebhookAttempt>(*st, read_attempt);
}

}  // namespace keyward::store

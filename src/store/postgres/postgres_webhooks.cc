// PostgresStore's webhook endpoints, outbox and delivery records.
#include "store/columns.h"
#include "store/conflicts.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/postgres_webhook_writes.h"
#include "store/postgres/store_queries.h"

namespace keyward::store {

using postgres::Connection;
using postgres::Params;
using postgres::Row;

namespace {

constexpr char kInsertWebhook[] = "INSERT INTO webhook_endpoints (" KEYWARD_WEBHOOK_COLUMNS
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
constexpr char kUpdateWebhook[] =
    "UPDATE webhook_endpoints SET url = $3, events = $4, secret_sealed = $5, deleted_at = $7, "
    "version = $8 WHERE id = $1 AND org_id = $2 AND created_at = $6 AND version = $8::bigint - 1";
constexpr char kDropPending[] = "DELETE FROM webhook_outbox WHERE endpoint_id = $1";
constexpr char kRaise[] =
    "INSERT INTO webhook_outbox (" KEYWARD_OUTBOX_COLUMNS
    ", next_attempt_at) SELECT $1::uuid, id, org_id, $3::text, $4::text, $5::bigint, 0, "
    "$5::bigint FROM webhook_endpoints "
    "WHERE org_id = $2 AND deleted_at IS NULL AND (events & $6::bigint) <> 0";
constexpr char kGetWebhook[] =
    "SELECT " KEYWARD_WEBHOOK_COLUMNS " FROM webhook_endpoints WHERE id = $1";
constexpr char kListWebhooks[] = "SELECT " KEYWARD_WEBHOOK_COLUMNS
                                 " FROM webhook_endpoints WHERE org_id = $1 AND deleted_at IS "
                                 "NULL ORDER BY created_at, id";
// Rows another node's claim holds locked are skipped rather than waited for, and the lease
// (next_attempt_at pushed to $2) keeps them from being claimed again once this commits.
constexpr char kClaim[] =
    "UPDATE webhook_outbox o SET attempts = o.attempts + 1, next_attempt_at = $2 FROM "
    "(SELECT event_id, endpoint_id FROM webhook_outbox WHERE next_attempt_at <= $1 ORDER BY "
    "next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) due WHERE o.event_id = due.event_id AND "
    "o.endpoint_id = due.endpoint_id RETURNING o.event_id, o.endpoint_id, o.org_id, o.type, "
    "o.payload, o.created_at, o.attempts";
constexpr char kAppendAttempt[] =
    "INSERT INTO webhook_attempts (endpoint_id, event_id, type, attempt, at, outcome, "
    "response_code, error, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr char kReschedule[] =
    "UPDATE webhook_outbox SET next_attempt_at = $4 WHERE event_id = $1 AND endpoint_id = $2 "
    "AND attempts = $3";
constexpr char kSettle[] =
    "DELETE FROM webhook_outbox WHERE event_id = $1 AND endpoint_id = $2 AND attempts = $3";
constexpr char kListAttempts[] =
    "SELECT " KEYWARD_ATTEMPT_COLUMNS
    " FROM webhook_attempts WHERE endpoint_id = $1 AND ($2::bigint = 0 OR id < $2::bigint) "
    "ORDER BY id DESC LIMIT $3";

WebhookEndpoint read_webhook(const Row& row) {
  WebhookEndpoint e;
  e.id = row.uuid(0);
  e.org_id = row.uuid(1);
  e.url = row.text(2);
  e.events = WebhookEventSet(row.integer(3));
  e.secret_sealed = row.bytes(4);
  e.created_at = row.timestamp(5);
  e.deleted_at = row.optional_timestamp(6);
  e.version = row.integer(7);
  return e;
}

WebhookDelivery read_delivery(const Row& row) {
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

WebhookAttempt read_attempt(const Row& row) {
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

namespace postgres {

Status put_webhook(Connection& c, const WebhookEndpoint& e) {
  Params params;
  params.add(e.id)
      .add(e.org_id)
      .add(e.url)
      .add(e.events.bits())
      .bytes(e.secret_sealed)
      .add(e.created_at)
      .add(e.deleted_at)
      .add(e.version);
  auto rows = c.query(e.version == 1 ? kInsertWebhook : kUpdateWebhook, params);
  if (!rows) return fail(rows.error());
  if (e.version != 1 && rows->affected() == 0) return fail(changed_concurrently("webhook"));
  if (!e.deleted_at) return {};
  if (auto drop = c.query(kDropPending, Params().add(e.id)); !drop) return fail(drop.error());
  return {};
}

Status raise_webhook_event(Connection& c, const WebhookEvent& event) {
  auto rows = c.query(kRaise, Params()
                                  .add(event.id)
                                  .add(event.org_id)
                                  .add(to_string(event.type))
                                  .add(event.payload)
                                  .add(event.created_at)
                                  .add(event_bit(event.type)));
  if (!rows) return fail(rows.error());
  return {};
}

}  // namespace postgres

Result<WebhookEndpoint> PostgresStore::get_webhook(const Uuid& id) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_one<WebhookEndpoint>(**c, kGetWebhook, read_webhook, Params().add(id),
                                              "webhook");
}

Result<std::vector<WebhookEndpoint>> PostgresStore::list_webhooks(const Uuid& org_id) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_all<WebhookEndpoint>(**c, kListWebhooks, read_webhook,
                                              Params().add(org_id));
}

Result<std::vector<WebhookDelivery>> PostgresStore::claim_webhook_deliveries(Timestamp now,
                                                                             Timestamp lease_until,
                                                                             std::size_t limit) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_all<WebhookDelivery>(
      **c, kClaim, read_delivery,
      Params().add(now).add(lease_until).add(static_cast<std::int64_t>(limit)));
}

Status PostgresStore::record_webhook_attempt(const WebhookAttempt& a) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  Connection& conn = **c;
  return postgres::in_transaction(conn, [&]() -> Status {
    auto appended = conn.query(kAppendAttempt, Params()
                                                   .add(a.endpoint_id)
                                                   .add(a.event_id)
                                                   .add(to_string(a.type))
                                                   .add(a.attempt)
                                                   .add(a.at)
                                                   .add(to_string(a.outcome))
                                                   .add(a.response_code)
                                                   .add(a.error)
                                                   .add(a.next_attempt_at));
    if (!appended) return fail(appended.error());
    const bool retrying = a.outcome == AttemptOutcome::kRetrying && a.next_attempt_at;
    Params params;
    params.add(a.event_id).add(a.endpoint_id).add(a.attempt);
    if (retrying) params.add(*a.next_attempt_at);
    auto settled = conn.query(retrying ? kReschedule : kSettle, params);
    if (!settled) return fail(settled.error());
    return {};
  });
}

Result<std::vector<WebhookAttempt>> PostgresStore::list_webhook_attempts(
    const WebhookAttemptQuery& q) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_all<WebhookAttempt>(
      **c, kListAttempts, read_attempt,
      Params().add(q.endpoint_id).add(q.before_id).add(static_cast<std::int64_t>(q.limit)));
}

}  // namespace keyward::store

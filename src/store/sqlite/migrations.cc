#include "store/sqlite/migrations.h"

#include <array>
#include <string>

namespace keyward::store::sqlite {
namespace {

constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE organizations (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  api_key_lookup   BLOB NOT NULL UNIQUE,
  api_key_sealed   BLOB NOT NULL,
  api_key_enabled  INTEGER NOT NULL,
  agent_username   TEXT NOT NULL UNIQUE,
  agent_key_lookup BLOB NOT NULL UNIQUE,
  agent_key_sealed BLOB NOT NULL,
  created_at       INTEGER NOT NULL,
  version          INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
  id                 TEXT PRIMARY KEY,
  username           TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash      TEXT NOT NULL,
  service_key_lookup BLOB NOT NULL UNIQUE,
  service_key_sealed BLOB NOT NULL,
  system_admin       INTEGER NOT NULL,
  failed_logins      INTEGER NOT NULL,
  locked_until       INTEGER,
  created_at         INTEGER NOT NULL,
  version            INTEGER NOT NULL
) STRICT;

CREATE TABLE memberships (
  user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  org_id   TEXT NOT NULL REFERENCES organizations(id),
  role     TEXT NOT NULL CHECK (role IN ('admin', 'member')),
  position INTEGER NOT NULL,  -- memberships keep the order they were written in
  PRIMARY KEY (user_id, org_id)
) STRICT;
CREATE INDEX memberships_by_org ON memberships(org_id);

CREATE TABLE api_keys (
  id            TEXT PRIMARY KEY,
  org_id        TEXT NOT NULL REFERENCES organizations(id),
  name          TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('public', 'secret')),
  scopes        INTEGER NOT NULL,
  token_hash    BLOB NOT NULL UNIQUE,
  public_token  TEXT,
  hint          TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER,
  grace_ends_at INTEGER,
  revoked_at    INTEGER,
  last_used_at  INTEGER,
  rolled_from   TEXT,
  version       INTEGER NOT NULL
) STRICT;
CREATE INDEX api_keys_by_org ON api_keys(org_id, created_at);

CREATE TABLE applications (
  id           TEXT PRIMARY KEY,
  org_id       TEXT NOT NULL REFERENCES organizations(id),
  name         TEXT NOT NULL,
  language     TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  version      INTEGER NOT NULL,
  UNIQUE (org_id, name, language)
) STRICT;

-- Every write appends the entities it touched, so other processes and nodes can refresh their
-- in-memory verify index (service/index_sync.h).
CREATE TABLE changes (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL
) STRICT;
)sql";

// What agents report: application details and their vulnerabilities ("traces").
constexpr std::string_view kTraces = R"sql(
ALTER TABLE applications ADD COLUMN path TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN importance INTEGER NOT NULL DEFAULT 2;
ALTER TABLE applications ADD COLUMN tags TEXT NOT NULL DEFAULT '';  -- one tag per line
ALTER TABLE applications ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;

CREATE TABLE traces (
  id             TEXT PRIMARY KEY,
  org_id         TEXT NOT NULL REFERENCES organizations(id),
  app_id         TEXT NOT NULL REFERENCES applications(id),
  title          TEXT NOT NULL,
  rule_name      TEXT NOT NULL,
  severity       INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 4),  -- Note .. Critical
  status         INTEGER NOT NULL CHECK (status BETWEEN 0 AND 5),    -- Reported .. Fixed
  hash           TEXT NOT NULL,
  category       TEXT NOT NULL,
  confidence     TEXT NOT NULL,
  impact         TEXT NOT NULL,
  likelihood     TEXT NOT NULL,
  tags           TEXT NOT NULL,  -- one tag per line
  first_seen_at  INTEGER NOT NULL,
  last_seen_at   INTEGER NOT NULL,
  times_received INTEGER NOT NULL,
  version        INTEGER NOT NULL,
  UNIQUE (app_id, hash)
) STRICT;
CREATE INDEX traces_by_org ON traces(org_id, last_seen_at);
)sql";

// Organization security administration: previous credential hashes (to name clients still
// presenting a rotated value), application keys, the system settings, console sessions, one-time
// reveal links and the audit log.
constexpr std::string_view kSecurityAdministration = R"sql(
ALTER TABLE organizations ADD COLUMN previous_api_key BLOB;
ALTER TABLE organizations ADD COLUMN previous_agent_key BLOB;
ALTER TABLE users ADD COLUMN previous_service_key BLOB;
ALTER TABLE applications ADD COLUMN key_sealed BLOB NOT NULL DEFAULT x'';

CREATE TABLE settings (
  id                   INTEGER PRIMARY KEY CHECK (id = 1),
  org_key_length       INTEGER NOT NULL,
  org_key_numerals     INTEGER NOT NULL,
  org_key_upper        INTEGER NOT NULL,
  org_key_lower        INTEGER NOT NULL,
  app_key_length       INTEGER NOT NULL,
  app_key_numerals     INTEGER NOT NULL,
  app_key_upper        INTEGER NOT NULL,
  app_key_lower        INTEGER NOT NULL,
  mask_invalid_ips     INTEGER NOT NULL,
  email_key_in_message INTEGER NOT NULL,
  version              INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
  id         TEXT PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE,
  csrf_hash  BLOB NOT NULL,
  user_id    TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ended_at   INTEGER,
  version    INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_expiry ON sessions(expires_at);

CREATE TABLE reveal_grants (
  id         TEXT PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE,
  user_id    TEXT NOT NULL REFERENCES users(id),
  what       TEXT NOT NULL CHECK (what IN ('org_api_key', 'user_service_key')),
  subject_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER,
  version    INTEGER NOT NULL
) STRICT;

CREATE TABLE audit_events (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  org_id    TEXT,
  action    TEXT NOT NULL,
  target    TEXT NOT NULL,
  outcome   TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  client_ip TEXT NOT NULL,
  detail    TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_org ON audit_events(org_id, id);
)sql";

// Journal pruning: how far the journal has been pruned, so a reader older than that knows it
// missed entries.
constexpr std::string_view kJournalPruning = R"sql(
CREATE TABLE journal_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  pruned_through INTEGER NOT NULL
) STRICT;
INSERT INTO journal_state (id, pruned_through) VALUES (1, 0);
)sql";

// Users added by an administrator get a one-time password and choose their own at first sign-in.
constexpr std::string_view kOneTimePasswords = R"sql(
ALTER TABLE users ADD COLUMN password_change_required INTEGER NOT NULL DEFAULT 0;
)sql";

// The organization API key became a layer an organization turns on for its agents (on by
// default) rather than a switch that refused every request presenting it. An organization that
// had switched its key off under the old meaning wanted it refused, not agents let in without it:
// every organization starts with the layer on, and its users and agents with the key they have.
constexpr std::string_view kApiKeyLayer = R"sql(
UPDATE organizations SET api_key_enabled = 1, version = version + 1 WHERE api_key_enabled = 0;
)sql";

// A named key can be disabled and enabled again: it fails like a deleted key while disabled_at is
// set. Existing keys stay enabled.
constexpr std::string_view kDisabledKeys = R"sql(
ALTER TABLE api_keys ADD COLUMN disabled_at INTEGER;
)sql";

// Per-key controls (core/key_controls.h): their configuration as text, and the credit count with
// when it was set, which change without a new version of the key.
constexpr std::string_view kKeyControls = R"sql(
ALTER TABLE api_keys ADD COLUMN controls TEXT NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN credits_remaining INTEGER;
ALTER TABLE api_keys ADD COLUMN credits_set_at INTEGER;
)sql";

// Limits counted across processes (service/shared_limits.h): each process's count per limit, key
// and time bucket, and the position each row was last added to at, handed out from
// limit_count_state under the write lock so that positions follow commit order.
constexpr std::string_view kSharedLimits = R"sql(
CREATE TABLE limit_counts (
  limiter   TEXT NOT NULL,
  key       TEXT NOT NULL,
  origin    INTEGER NOT NULL,
  bucket_ms INTEGER NOT NULL,
  count     INTEGER NOT NULL,
  seq       INTEGER NOT NULL,
  PRIMARY KEY (limiter, key, origin, bucket_ms)
) STRICT;
CREATE INDEX limit_counts_by_seq ON limit_counts(seq);
CREATE INDEX limit_counts_by_bucket ON limit_counts(bucket_ms);
CREATE TABLE limit_count_state (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL
) STRICT;
INSERT INTO limit_count_state (id, last_seq) VALUES (1, 0);
)sql";

// Lifecycle webhooks: an organization's endpoints (the events they take as a bit set, the
// signing secret sealed under the master key), the outbox of deliveries still to make (one row
// per event and endpoint) and the record of every try.
constexpr std::string_view kWebhooks = R"sql(
CREATE TABLE webhook_endpoints (
  id            TEXT PRIMARY KEY,
  org_id        TEXT NOT NULL REFERENCES organizations(id),
  url           TEXT NOT NULL,
  events        INTEGER NOT NULL,
  secret_sealed BLOB NOT NULL,
  created_at    INTEGER NOT NULL,
  deleted_at    INTEGER,
  version       INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_endpoints_by_org ON webhook_endpoints(org_id, created_at);

CREATE TABLE webhook_outbox (
  event_id        TEXT NOT NULL,
  endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints(id),
  org_id          TEXT NOT NULL,
  type            TEXT NOT NULL,
  payload         TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL,  -- tries claimed so far
  next_attempt_at INTEGER NOT NULL,  -- due then; pushed forward while a worker holds it
  PRIMARY KEY (event_id, endpoint_id)
) STRICT;
CREATE INDEX webhook_outbox_by_due ON webhook_outbox(next_attempt_at);

CREATE TABLE webhook_attempts (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  endpoint_id     TEXT NOT NULL,
  event_id        TEXT NOT NULL,
  type            TEXT NOT NULL,
  attempt         INTEGER NOT NULL,
  at              INTEGER NOT NULL,
  outcome         TEXT NOT NULL CHECK (outcome IN ('delivered', 'retrying', 'failed')),
  response_code   INTEGER,
  error           TEXT NOT NULL,
  next_attempt_at INTEGER
) STRICT;
CREATE INDEX webhook_attempts_by_endpoint ON webhook_attempts(endpoint_id, id);
)sql";

// Keys' usage (core/key_usage.h): one row per key and UTC hour, counts added to by every
// process; the newest valid use of the hour and its (maybe masked) address ride along.
constexpr std::string_view kKeyUsage = R"sql(
CREATE TABLE key_usage (
  key_id         TEXT NOT NULL,
  hour           INTEGER NOT NULL,  -- ms since the epoch, on the hour
  org_id         TEXT NOT NULL,
  valid          INTEGER NOT NULL,
  rate_limited   INTEGER NOT NULL,
  usage_exceeded INTEGER NOT NULL,
  refused        INTEGER NOT NULL,
  last_used_at   INTEGER,
  last_used_ip   TEXT NOT NULL,
  PRIMARY KEY (key_id, hour)
) STRICT;
CREATE INDEX key_usage_by_org ON key_usage(org_id, hour);
CREATE INDEX key_usage_by_hour ON key_usage(hour);
)sql";

// The life of keys (core/key_lifecycle.h): each organization's reminder days and unused-key
// days, who created each key (told of its expiry), and the notices given, one row each, so that
// a notice goes out once however many processes look for it.
constexpr std::string_view kKeyLifecycle = R"sql(
ALTER TABLE organizations ADD COLUMN reminder_days TEXT NOT NULL DEFAULT '7,1';
ALTER TABLE organizations ADD COLUMN unused_key_days INTEGER;
ALTER TABLE api_keys ADD COLUMN created_by TEXT;
CREATE TABLE key_reminders (
  key_id    TEXT NOT NULL,
  org_id    TEXT NOT NULL,
  kind      TEXT NOT NULL,
  deadline  INTEGER NOT NULL,
  threshold INTEGER NOT NULL,
  sent_at   INTEGER NOT NULL,
  PRIMARY KEY (key_id, kind, deadline, threshold)
) STRICT;
CREATE INDEX key_reminders_by_org ON key_reminders(org_id);
)sql";

// Credit counts move to a narrow table of their own (store/controls_columns.h): a flush of spent
// credits rewrites a row of three columns instead of the key's.
constexpr std::string_view kKeyCredits = R"sql(
CREATE TABLE key_credits (
  key_id    TEXT PRIMARY KEY,
  remaining INTEGER NOT NULL,
  set_at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO key_credits (key_id, remaining, set_at)
  SELECT id, credits_remaining, COALESCE(credits_set_at, 0) FROM api_keys
  WHERE credits_remaining IS NOT NULL;
ALTER TABLE api_keys DROP COLUMN credits_remaining;
ALTER TABLE api_keys DROP COLUMN credits_set_at;
)sql";

constexpr std::array kMigrations{
    Migration{1, "organizations, users, memberships, named keys, applications, change journal",
              kInitialSchema},
    Migration{2, "application details and traces", kTraces},
    Migration{3, "credential administration: sessions, reveal links, settings, audit log",
              kSecurityAdministration},
    Migration{4, "journal pruning", kJournalPruning},
    Migration{5, "one-time passwords for users an administrator adds", kOneTimePasswords},
    Migration{6, "the organization API key as a layer for agents, on everywhere", kApiKeyLayer},
    Migration{7, "named keys that are disabled and enabled again", kDisabledKeys},
    Migration{8, "limits counted across processes", kSharedLimits},
    Migration{9, "per-key controls: scopes, rate limits, credits, allowed networks", kKeyControls},
    Migration{10, "lifecycle webhooks: endpoints, outbox, delivery attempts", kWebhooks},
    Migration{11, "keys' usage per hour", kKeyUsage},
    Migration{12, "key lifecycle: expiry reminders, unused keys, key creators", kKeyLifecycle},
    Migration{13, "credit counts in a table of their own", kKeyCredits},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

Result<int> schema_version(Connection& connection) {
  auto st = connection.prepare("PRAGMA user_version");
  if (!st) return fail(st.error());
  auto row = st->step();
  if (!row) return fail(row.error());
  return static_cast<int>(st->integer(0));
}

Status migrate(Connection& connection) {
  auto current = schema_version(connection);
  if (!current) return fail(current.error());
  const int latest = kMigrations.back().version;
  if (*current > latest) {
    return fail(Errc::kConflict, "the database has schema version " + std::to_string(*current) +
                                     " but this keyward knows only up to " +
                                     std::to_string(latest) + "; upgrade keyward");
  }
  for (const auto& m : kMigrations) {
    if (m.version <= *current) continue;
    auto s = in_transaction(connection, [&]() -> Status {
      if (auto r = connection.exec(std::string(m.sql)); !r) return r;
      return connection.exec("PRAGMA user_version = " + std::to_string(m.version));
    });
    if (!s) {
      return fail(s.error().code, "migration " + std::to_string(m.version) + " (" +
                                      std::string(m.description) +
                                      ") failed: " + s.error().message);
    }
  }
  return {};
}

}  // namespace keyward::store::sqlite

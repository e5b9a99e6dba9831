#include "store/postgres/migrations.h"

#include <array>
#include <string>

namespace keyward::store::postgres {
namespace {

// "keyward" in ASCII: the advisory lock key every Keyward node migrates under.
constexpr const char* kLockMigrations = "SELECT pg_advisory_lock(30229394876363364)";
constexpr const char* kUnlockMigrations = "SELECT pg_advisory_unlock(30229394876363364)";

// One schema with everything SQLite reached in its first four migrations. Ids are uuid, times are
// bigint milliseconds since the epoch (as in SQLite, so both stores compare and order alike),
// credential hashes and ciphertexts bytea. Constraint names are spelled out: errors.cc maps them
// to Keyward's errors.
constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE organizations (
  id                 uuid PRIMARY KEY,
  name               text NOT NULL,
  api_key_lookup     bytea NOT NULL CONSTRAINT organizations_api_key_lookup_key UNIQUE,
  api_key_sealed     bytea NOT NULL,
  api_key_enabled    boolean NOT NULL,
  agent_username     text NOT NULL CONSTRAINT organizations_agent_username_key UNIQUE,
  agent_key_lookup   bytea NOT NULL CONSTRAINT organizations_agent_key_lookup_key UNIQUE,
  agent_key_sealed   bytea NOT NULL,
  created_at         bigint NOT NULL,
  version            bigint NOT NULL,
  previous_api_key   bytea,
  previous_agent_key bytea
);

-- Usernames are unique and found regardless of ASCII case, as SQLite's COLLATE NOCASE does:
-- translate() folds exactly A-Z whatever the database's locale.
CREATE TABLE users (
  id                   uuid PRIMARY KEY,
  username             text NOT NULL,
  username_folded      text NOT NULL GENERATED ALWAYS AS
                         (translate(username, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
                                    'abcdefghijklmnopqrstuvwxyz')) STORED
                         CONSTRAINT users_username_folded_key UNIQUE,
  password_hash        text NOT NULL,
  service_key_lookup   bytea NOT NULL CONSTRAINT users_service_key_lookup_key UNIQUE,
  service_key_sealed   bytea NOT NULL,
  system_admin         boolean NOT NULL,
  failed_logins        integer NOT NULL,
  locked_until         bigint,
  created_at           bigint NOT NULL,
  version              bigint NOT NULL,
  previous_service_key bytea
);

CREATE TABLE memberships (
  user_id  uuid NOT NULL CONSTRAINT memberships_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
  org_id   uuid NOT NULL CONSTRAINT memberships_org_id_fkey REFERENCES organizations(id),
  role     text NOT NULL CHECK (role IN ('admin', 'member')),
  position integer NOT NULL,  -- memberships keep the order they were written in
  CONSTRAINT memberships_pkey PRIMARY KEY (user_id, org_id)
);
CREATE INDEX memberships_by_org ON memberships(org_id);

CREATE TABLE api_keys (
  id            uuid PRIMARY KEY,
  org_id        uuid NOT NULL CONSTRAINT api_keys_org_id_fkey REFERENCES organizations(id),
  name          text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('public', 'secret')),
  scopes        integer NOT NULL,
  token_hash    bytea NOT NULL CONSTRAINT api_keys_token_hash_key UNIQUE,
  public_token  text,
  hint          text NOT NULL,
  created_at    bigint NOT NULL,
  expires_at    bigint,
  grace_ends_at bigint,
  revoked_at    bigint,
  last_used_at  bigint,
  rolled_from   uuid,
  version       bigint NOT NULL
);
CREATE INDEX api_keys_by_org ON api_keys(org_id, created_at);
CREATE INDEX api_keys_unrevoked ON api_keys(created_at) WHERE revoked_at IS NULL;

CREATE TABLE applications (
  id           uuid PRIMARY KEY,
  org_id       uuid NOT NULL CONSTRAINT applications_org_id_fkey REFERENCES organizations(id),
  name         text NOT NULL,
  language     text NOT NULL,
  created_at   bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  version      bigint NOT NULL,
  path         text NOT NULL DEFAULT '',
  importance   integer NOT NULL DEFAULT 2,
  tags         text NOT NULL DEFAULT '',  -- one tag per line
  archived     boolean NOT NULL DEFAULT false,
  key_sealed   bytea NOT NULL DEFAULT '',
  CONSTRAINT applications_org_id_name_language_key UNIQUE (org_id, name, language)
);

CREATE TABLE traces (
  id             uuid PRIMARY KEY,
  org_id         uuid NOT NULL CONSTRAINT traces_org_id_fkey REFERENCES organizations(id),
  app_id         uuid NOT NULL CONSTRAINT traces_app_id_fkey REFERENCES applications(id),
  title          text NOT NULL,
  rule_name      text NOT NULL,
  severity       integer NOT NULL CHECK (severity BETWEEN 0 AND 4),  -- Note .. Critical
  status         integer NOT NULL CHECK (status BETWEEN 0 AND 5),    -- Reported .. Fixed
  hash           text NOT NULL,
  category       text NOT NULL,
  confidence     text NOT NULL,
  impact         text NOT NULL,
  likelihood     text NOT NULL,
  tags           text NOT NULL,  -- one tag per line
  first_seen_at  bigint NOT NULL,
  last_seen_at   bigint NOT NULL,
  times_received bigint NOT NULL,
  version        bigint NOT NULL,
  CONSTRAINT traces_app_id_hash_key UNIQUE (app_id, hash)
);
CREATE INDEX traces_by_org ON traces(org_id, last_seen_at);

CREATE TABLE settings (
  id                   integer CONSTRAINT settings_pkey PRIMARY KEY CHECK (id = 1),
  org_key_length       integer NOT NULL,
  org_key_numerals     integer NOT NULL,
  org_key_upper        integer NOT NULL,
  org_key_lower        integer NOT NULL,
  app_key_length       integer NOT NULL,
  app_key_numerals     integer NOT NULL,
  app_key_upper        integer NOT NULL,
  app_key_lower        integer NOT NULL,
  mask_invalid_ips     boolean NOT NULL,
  email_key_in_message boolean NOT NULL,
  version              bigint NOT NULL
);

CREATE TABLE sessions (
  id         uuid PRIMARY KEY,
  token_hash bytea NOT NULL CONSTRAINT sessions_token_hash_key UNIQUE,
  csrf_hash  bytea NOT NULL,
  user_id    uuid NOT NULL CONSTRAINT sessions_user_id_fkey REFERENCES users(id),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  ended_at   bigint,
  version    bigint NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);

CREATE TABLE reveal_grants (
  id         uuid PRIMARY KEY,
  token_hash bytea NOT NULL CONSTRAINT reveal_grants_token_hash_key UNIQUE,
  user_id    uuid NOT NULL CONSTRAINT reveal_grants_user_id_fkey REFERENCES users(id),
  what       text NOT NULL CHECK (what IN ('org_api_key', 'user_service_key')),
  subject_id uuid NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at    bigint,
  version    bigint NOT NULL
);

CREATE TABLE audit_events (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        bigint NOT NULL,
  actor     text NOT NULL,
  org_id    uuid,
  action    text NOT NULL,
  target    text NOT NULL,
  outcome   text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  client_ip text NOT NULL,
  detail    text NOT NULL
);
CREATE INDEX audit_by_org ON audit_events(org_id, id);

-- The change journal (docs/decisions.md, "The journal in commit order"). A writing transaction
-- takes its positions from journal.last_seq as its last statement before COMMIT; the row lock it
-- takes there is held until the commit, so positions are handed out in commit order and a reader
-- that has seen position N can never later find an entry below N.
CREATE TABLE changes (
  seq       bigint PRIMARY KEY,
  entity    text NOT NULL,
  entity_id uuid NOT NULL
);
CREATE TABLE journal (
  id             integer PRIMARY KEY CHECK (id = 1),
  last_seq       bigint NOT NULL,
  pruned_through bigint NOT NULL
);
INSERT INTO journal (id, last_seq, pruned_through) VALUES (1, 0, 0);
)sql";

// Users added by an administrator get a one-time password and choose their own at first sign-in.
constexpr std::string_view kOneTimePasswords = R"sql(
ALTER TABLE users ADD COLUMN password_change_required boolean NOT NULL DEFAULT false;
)sql";

// The organization API key became a layer for agents (see the SQLite migration of the same name):
// every organization starts with it on.
constexpr std::string_view kApiKeyLayer = R"sql(
UPDATE organizations SET api_key_enabled = true, version = version + 1 WHERE NOT api_key_enabled;
)sql";

// A named key can be disabled and enabled again (see the SQLite migration of the same name).
constexpr std::string_view kDisabledKeys = R"sql(
ALTER TABLE api_keys ADD COLUMN disabled_at bigint;
)sql";

// Per-key controls (core/key_controls.h): their configuration as text, and the credit count with
// when it was set, which change without a new version of the key.
constexpr std::string_view kKeyControls = R"sql(
ALTER TABLE api_keys ADD COLUMN controls TEXT NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN credits_remaining bigint;
ALTER TABLE api_keys ADD COLUMN credits_set_at bigint;
)sql";

// Limits counted across nodes (see the SQLite migration of the same name). A writer takes its
// positions from limit_count_state.last_seq in the statement that adds its counts; the row lock is
// held until it commits, so positions follow commit order, as the journal's do.
constexpr std::string_view kSharedLimits = R"sql(
CREATE TABLE limit_counts (
  limiter   text NOT NULL,
  key       text NOT NULL,
  origin    bigint NOT NULL,
  bucket_ms bigint NOT NULL,
  count     bigint NOT NULL,
  seq       bigint NOT NULL,
  PRIMARY KEY (limiter, key, origin, bucket_ms)
);
CREATE INDEX limit_counts_by_seq ON limit_counts(seq);
CREATE INDEX limit_counts_by_bucket ON limit_counts(bucket_ms);
CREATE TABLE limit_count_state (
  id       integer PRIMARY KEY CHECK (id = 1),
  last_seq bigint NOT NULL
);
INSERT INTO limit_count_state (id, last_seq) VALUES (1, 0);
)sql";

// Lifecycle webhooks (see the SQLite migration of the same name). Delivery workers of several
// nodes claim outbox rows with FOR UPDATE SKIP LOCKED, by when they are due.
constexpr std::string_view kWebhooks = R"sql(
CREATE TABLE webhook_endpoints (
  id            uuid PRIMARY KEY,
  org_id        uuid NOT NULL REFERENCES organizations(id),
  url           text NOT NULL,
  events        bigint NOT NULL,
  secret_sealed bytea NOT NULL,
  created_at    bigint NOT NULL,
  deleted_at    bigint,
  version       bigint NOT NULL
);
CREATE INDEX webhook_endpoints_by_org ON webhook_endpoints(org_id, created_at);

CREATE TABLE webhook_outbox (
  event_id        uuid NOT NULL,
  endpoint_id     uuid NOT NULL REFERENCES webhook_endpoints(id),
  org_id          uuid NOT NULL,
  type            text NOT NULL,
  payload         text NOT NULL,
  created_at      bigint NOT NULL,
  attempts        integer NOT NULL,
  next_attempt_at bigint NOT NULL,
  PRIMARY KEY (event_id, endpoint_id)
);
CREATE INDEX webhook_outbox_by_due ON webhook_outbox(next_attempt_at);

CREATE TABLE webhook_attempts (
  id              bigserial PRIMARY KEY,
  endpoint_id     uuid NOT NULL,
  event_id        uuid NOT NULL,
  type            text NOT NULL,
  attempt         integer NOT NULL,
  at              bigint NOT NULL,
  outcome         text NOT NULL CHECK (outcome IN ('delivered', 'retrying', 'failed')),
  response_code   integer,
  error           text NOT NULL,
  next_attempt_at bigint
);
CREATE INDEX webhook_attempts_by_endpoint ON webhook_attempts(endpoint_id, id);
)sql";

// Keys' usage (core/key_usage.h): one row per key and UTC hour, counts added to by every node;
// the newest valid use of the hour and its (maybe masked) address ride along.
constexpr std::string_view kKeyUsage = R"sql(
CREATE TABLE key_usage (
  key_id         uuid NOT NULL,
  hour           bigint NOT NULL,
  org_id         uuid NOT NULL,
  valid          bigint NOT NULL,
  rate_limited   bigint NOT NULL,
  usage_exceeded bigint NOT NULL,
  refused        bigint NOT NULL,
  last_used_at   bigint,
  last_used_ip   text NOT NULL,
  PRIMARY KEY (key_id, hour)
);
CREATE INDEX key_usage_by_org ON key_usage(org_id, hour);
CREATE INDEX key_usage_by_hour ON key_usage(hour);
)sql";

// The life of keys (see the SQLite migration of the same name). A second node giving the same
// notice fails on key_reminders_pkey and gives nothing.
constexpr std::string_view kKeyLifecycle = R"sql(
ALTER TABLE organizations ADD COLUMN reminder_days text NOT NULL DEFAULT '7,1';
ALTER TABLE organizations ADD COLUMN unused_key_days integer;
ALTER TABLE api_keys ADD COLUMN created_by uuid;
CREATE TABLE key_reminders (
  key_id    uuid NOT NULL,
  org_id    uuid NOT NULL,
  kind      text NOT NULL,
  deadline  bigint NOT NULL,
  threshold bigint NOT NULL,
  sent_at   bigint NOT NULL,
  CONSTRAINT key_reminders_pkey PRIMARY KEY (key_id, kind, deadline, threshold)
);
CREATE INDEX key_reminders_by_org ON key_reminders(org_id);
)sql";

// Credit counts move to a narrow table of their own (store/controls_columns.h): a flush of spent
// credits rewrites a row of three columns instead of the key's.
constexpr std::string_view kKeyCredits = R"sql(
CREATE TABLE key_credits (
  key_id    uuid NOT NULL,
  remaining bigint NOT NULL,
  set_at    bigint NOT NULL,
  CONSTRAINT key_credits_pkey PRIMARY KEY (key_id)
);
INSERT INTO key_credits (key_id, remaining, set_at)
  SELECT id, credits_remaining, COALESCE(credits_set_at, 0) FROM api_keys
  WHERE credits_remaining IS NOT NULL;
ALTER TABLE api_keys DROP COLUMN credits_remaining;
ALTER TABLE api_keys DROP COLUMN credits_set_at;
)sql";

constexpr std::array kMigrations{
    Migration{1,
              "organizations, users, keys, applications, traces, settings, sessions, reveal "
              "links, audit log, change journal",
              kInitialSchema},
    Migration{2, "one-time passwords for users an administrator adds", kOneTimePasswords},
    Migration{3, "the organization API key as a layer for agents, on everywhere", kApiKeyLayer},
    Migration{4, "named keys that are disabled and enabled again", kDisabledKeys},
    Migration{5, "limits counted across nodes", kSharedLimits},
    Migration{6, "per-key controls: scopes, rate limits, credits, allowed networks", kKeyControls},
    Migration{7, "lifecycle webhooks: endpoints, outbox, delivery attempts", kWebhooks},
    Migration{8, "keys' usage per hour", kKeyUsage},
    Migration{9, "key lifecycle: expiry reminders, unused keys, key creators", kKeyLifecycle},
    Migration{10, "credit counts in a table of their own", kKeyCredits},
};

Result<int> recorded_version(Connection& c) {
  auto rows = c.query_once("SELECT COALESCE(MAX(version), 0)::bigint FROM schema_migrations");
  if (!rows) return fail(rows.error());
  return static_cast<int>((*rows)[0].integer(0));
}

Status migrate_locked(Connection& c) {
  if (auto s = c.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                      "version integer PRIMARY KEY, description text NOT NULL, "
                      "applied_at timestamptz NOT NULL DEFAULT now())");
      !s) {
    return s;
  }
  auto current = recorded_version(c);
  if (!current) return fail(current.error());
  const int latest = kMigrations.back().version;
  if (*current > latest) {
    return fail(Errc::kConflict, "the database has schema version " + std::to_string(*current) +
                                     " but this keyward knows only up to " +
                                     std::to_string(latest) + "; upgrade keyward");
  }
  for (const auto& m : kMigrations) {
    if (m.version <= *current) continue;
    auto s = in_transaction(c, [&]() -> Status {
      if (auto r = c.exec(std::string(m.sql)); !r) return r;
      auto recorded =
          c.query_once("INSERT INTO schema_migrations (version, description) VALUES ($1, $2)",
                       Params().add(m.version).add(m.description));
      if (!recorded) return fail(recorded.error());
      return {};
    });
    if (!s) {
      return fail(s.error().code, "migration " + std::to_string(m.version) + " (" +
                                      std::string(m.description) +
                                      ") failed: " + s.error().message);
    }
  }
  return {};
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

Result<int> schema_version(Connection& c) {
  auto exists = c.query_once("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists) return fail(exists.error());
  if (!(*exists)[0].boolean(0)) return 0;
  return recorded_version(c);
}

Status migrate(Connection& c) {
  if (auto s = c.exec(kLockMigrations); !s) return s;
  Status result = migrate_locked(c);
  // Closing the connection would release the lock too; unlocking keeps it reusable.
  if (auto s = c.exec(kUnlockMigrations); !s && result) result = s;
  return result;
}

}  // namespace keyward::store::postgres

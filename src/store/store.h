// The storage seam: everything Keyward persists goes through this interface.
//
// Implementations: MemoryStore (store/memory/, for tests and `--store memory:`), SqliteStore
// (store/sqlite/, the embedded default), PostgresStore (store/postgres/, for several nodes). All
// pass the conformance suites in tests/unit/store/.
//
// Writes are whole aggregates (an organization; a user with their memberships; a named key; an
// application; a trace; the settings; a session; a reveal grant) gathered in a WriteBatch, with
// the audit records that describe them, and applied atomically: all of a batch or none of it.
// Every entity carries a version. A batch entry at version 1 creates the entity and fails with
// kAlreadyExists if its id is taken; an entry at version N > 1 replaces the entity only if the
// stored one is at N - 1, else the batch fails with kConflict (someone changed it in between:
// re-read and retry). Unique values (usernames, credential hashes, agent usernames) are enforced
// with kAlreadyExists. A key's last_used_at is written only by record_usage(); a put keeps the
// stored value. Each organization, user, key, application, settings and session written is
// appended to a change journal in the same transaction, which is how every node's in-memory
// index learns of writes made elsewhere. Traces, reveal grants and audit records are not
// journaled: no node keeps them in memory.
//
// Journal positions (Change::seq) are assigned in commit order, without gaps a reader could
// later see filled: once a reader has seen position N, no entry at or below N will ever appear.
// So a reader that remembers the last position it applied misses nothing. The journal is pruned
// from the oldest end (prune_changes()); a reader whose position is older than the pruning point
// has missed entries and must reload everything.
//
// Errors: kNotFound for a missing entity, kUnavailable when the storage cannot be read or
// written. Threading: every method may be called concurrently from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/application.h"
#include "core/audit_event.h"
#include "core/error.h"
#include "core/key_reminder.h"
#include "core/key_usage.h"
#include "core/named_key.h"
#include "core/organization.h"
#include "core/reveal_grant.h"
#include "core/session.h"
#include "core/system_settings.h"
#include "core/trace.h"
#include "core/user.h"
#include "core/webhook_delivery.h"
#include "core/webhook_endpoint.h"
#include "store/queries.h"

namespace keyward::store {

struct WriteBatch {
  std::vector<Organization> organizations;
  std::vector<User> users;
  std::vector<NamedKey> keys;
  std::vector<Application> applications;
  std::vector<Trace> traces;
  std::optional<SystemSettings> settings;  // version 1 creates them, N replaces N-1
  std::vector<Session> sessions;
  std::vector<RevealGrant> grants;
  // Appended, never replaced; their ids are assigned by the store. A batch whose audit records
  // cannot be written fails as a whole.
  std::vector<AuditEvent> audit;
  // Webhook endpoints, under the version rule; one whose deleted_at is set takes its pending
  // deliveries out of the outbox with it. Not journaled: no node keeps them in memory.
  std::vector<WebhookEndpoint> webhooks;
  // Lifecycle events, written after the endpoints: each becomes one outbox row for every endpoint
  // of its organization that is not deleted and subscribes to its type (none: nothing is written),
  // due at once. So an event is raised exactly when the change it describes commits.
  std::vector<WebhookEvent> webhook_events;
  // Notices given about keys' lives, inserted, never replaced: one that is already recorded (same
  // key, kind, deadline and threshold) fails the batch with kAlreadyExists, so a notice and the
  // event raised with it happen once however many nodes try. Not journaled.
  std::vector<KeyReminder> reminders;

  bool empty() const {
    return organizations.empty() && users.empty() && keys.empty() && applications.empty() &&
           traces.empty() && !settings && sessions.empty() && grants.empty() && audit.empty() &&
           webhooks.empty() && webhook_events.empty() && reminders.empty();
  }
};

enum class EntityKind : std::uint8_t {
  kOrganization,
  kUser,
  kKey,
  kApplication,
  kSettings,  // the id is nil: there is one set of settings
  kSession,
};

// Which audit records to list: one organization's or all, newest first, before an id, optionally
// only those of one action (or family of actions) and one outcome.
struct AuditQuery {
  std::optional<Uuid> org_id;
  std::int64_t before_id = 0;  // 0: from the newest
  std::size_t limit = 50;
  // Empty: every action. Else the action itself and those under it: "org.api_key" matches
  // "org.api_key" and "org.api_key.rotate", not "org.api_keys".
  std::string action;
  std::optional<AuditOutcome> outcome;

  bool matches_action(std::string_view a) const {
    return action.empty() || a == action || (a.starts_with(action) && a[action.size()] == '.');
  }
};

struct Change {
  std::int64_t seq = 0;  // strictly increasing
  EntityKind kind = EntityKind::kOrganization;
  Uuid id;
};

// What prune_expired() deletes: sessions ended or expired, and reveal grants used or expired,
// before `dead_before`; audit records written before `audit_before`; limit counts whose bucket
// starts before `limit_counts_before`; webhook delivery attempts made before
// `webhook_attempts_before`. At most `limit` of each
// kind per call, each kind in its own short transaction, so a large backlog never holds the
// store's write lock for long: call again while any count equals the limit.
struct PruneCutoffs {
  Timestamp dead_before;
  Timestamp audit_before;
  std::size_t limit = 1000;
  // Limit counts (LimitCount) of buckets that start before this; the epoch keeps them all.
  Timestamp limit_counts_before{};
  // Keys' hourly usage counts (KeyUsageHour) of hours that start before this; the epoch keeps
  // them all.
  Timestamp key_usage_before{};
  // Webhook delivery attempts (WebhookAttempt) made before this; the epoch keeps them all.
  Timestamp webhook_attempts_before{};
};

struct PruneCounts {
  std::size_t sessions = 0;
  std::size_t grants = 0;
  std::size_t audit = 0;
  std::size_t limit_counts = 0;
  std::size_t key_usage = 0;
  std::size_t webhook_attempts = 0;

  // Whether a call may have left more behind (some kind hit the limit).
  bool maybe_more(std::size_t limit) const {
    return sessions >= limit || grants >= limit || audit >= limit || limit_counts >= limit ||
           key_usage >= limit || webhook_attempts >= limit;
  }
};

// One node's count of events for one key of one limit in one time bucket: how several nodes over
// one store count a limit together (service/shared_limits.h). Counts are absolute per row, so a
// reader that sees a row twice merges the same number twice, harmlessly.
struct LimitCount {
  std::string limiter;      // which limit ("auth_failures", "signin", ...)
  std::string key;          // what it limits: an address, an id; never a secret
  std::int64_t origin = 0;  // the node that counted
  // When the bucket starts, in ms since the epoch (for a key's rate-limit window, when it ends:
  // service/rate_limit_counts.h); rows are pruned by it.
  std::int64_t bucket_ms = 0;
  std::int64_t count = 0;
  // Set by limit_counts_after(): the row's position in the order rows were last added to.
  std::int64_t seq = 0;
};

// What the verify index keeps of a named key (service/key_table.h): read in bulk at start
// without building whole NamedKeys, and derived from one after every write.
struct IndexedKeyRow {
  Uuid id;
  Uuid org_id;
  KeyKind kind = KeyKind::kSecret;
  Scopes scopes;
  Digest token_hash{};
  std::optional<Timestamp> expires_at;
  std::optional<Timestamp> grace_ends_at;
  std::optional<Timestamp> revoked_at;
  std::optional<Timestamp> last_used_at;
  std::int64_t version = 1;
  bool disabled = false;  // disabled_at is set: the key fails until enabled again
  KeyControls controls;
};

inline IndexedKeyRow index_row_of(const NamedKey& k) {
  return IndexedKeyRow{k.id,
                       k.org_id,
                       k.kind,
                       k.scopes,
                       k.token_hash,
                       k.expires_at,
                       k.grace_ends_at,
                       k.revoked_at,
                       k.last_used_at,
                       k.version,
                       k.disabled_at.has_value(),
                       k.controls};
}

// Which tries at delivering to an endpoint to list: newest first, before an id.
struct WebhookAttemptQuery {
  Uuid endpoint_id;
  std::int64_t before_id = 0;  // 0: from the newest
  std::size_t limit = 50;
};

// One key's last use, gathered in memory and written in batches (service/usage_flusher.h).
struct KeyUsage {
  Uuid key_id;
  Timestamp last_used_at;
};

// Credits one node spent on one key since it last wrote them (service/credit_flusher.h).
struct CreditSpend {
  Uuid key_id;
  std::int64_t spent = 0;
  // The refill period the spending was in (Credits::set_at as the node knows it), and the count
  // that period began with: a period newer than the store's is a refill the store has not
  // recorded yet.
  Timestamp period_start{};
  std::int64_t period_amount = 0;
};

// One key's usage in one UTC hour (core/key_usage.h): what a node adds (service/
// usage_count_flusher.h) and what is read back, the sum of every node's additions.
struct KeyUsageHour {
  Uuid key_id;
  Uuid org_id;
  Timestamp hour{};  // the start of the hour
  UsageCounts counts;
  // The newest valid use in the hour and the client address it came from (as recorded: masked
  // when the system settings say so; empty when not known). Unset when the hour had none.
  std::optional<Timestamp> last_used_at;
  std::string last_used_ip;
};

// One key's usage added up over a span of hours.
struct KeyUsageTotal {
  Uuid key_id;
  UsageCounts counts;
};

// A key's credit count as the store holds it.
struct CreditBalance {
  Uuid key_id;
  std::int64_t remaining = 0;
  Timestamp set_at{};
};

class Store {
 public:
  virtual ~Store() = default;

  virtual Status apply(const WriteBatch& batch) = 0;

  virtual Result<Organization> get_organization(const Uuid& id) = 0;
  virtual Result<std::vector<Organization>> list_organizations() = 0;  // by creation time

  virtual Result<User> get_user(const Uuid& id) = 0;
  virtual Result<User> find_user(std::string_view username) = 0;  // case-insensitive
  virtual Result<std::vector<User>> list_users() = 0;             // by creation time

  virtual Result<NamedKey> get_key(const Uuid& id) = 0;
  // All keys of an organization, revoked ones included, by creation time.
  virtual Result<std::vector<NamedKey>> list_keys(const Uuid& org_id) = 0;
  // Calls `visit` with every key not revoked, of every organization, in no particular order:
  // what the verify index loads at start.
  virtual Status scan_unrevoked_keys(const std::function<void(const IndexedKeyRow&)>& visit) = 0;

  virtual Result<Application> get_application(const Uuid& id) = 0;
  virtual Result<std::vector<Application>> list_applications(const Uuid& org_id) = 0;
  // The organization's application with exactly this name and language.
  virtual Result<Application> find_application(const Uuid& org_id, std::string_view name,
                                               std::string_view language) = 0;
  virtual Result<Page<Application>> query_applications(const ApplicationQuery& query) = 0;

  virtual Result<Trace> get_trace(const Uuid& id) = 0;
  // The application's traces whose hash is one of `hashes` (in no particular order).
  virtual Result<std::vector<Trace>> find_traces(const Uuid& app_id,
                                                 std::span<const std::string> hashes) = 0;
  virtual Result<Page<Trace>> query_traces(const TraceQuery& query) = 0;
  // Trace counts by severity for every application of the organization that has traces.
  virtual Result<std::vector<TraceCounts>> count_traces(const Uuid& org_id) = 0;

  // The system settings; the defaults (version 0) until a system administrator saves them.
  virtual Result<SystemSettings> get_settings() = 0;

  virtual Result<Session> get_session(const Uuid& id) = 0;
  // Sessions not ended and not expired at `now`: what the index loads at start.
  virtual Result<std::vector<Session>> list_active_sessions(Timestamp now) = 0;

  virtual Result<RevealGrant> find_grant(const Digest& token_hash) = 0;

  // Newest first.
  virtual Result<std::vector<AuditEvent>> list_audit(const AuditQuery& query) = 0;

  // Journal entries with seq > `after`, oldest first, at most `limit` of them. Fails with
  // kNotFound (journal_pruned() in store/conflicts.h) when entries after `after` have been pruned,
  // that is when after < pruned_through(): the reader has missed changes and must reload.
  virtual Result<std::vector<Change>> changes_after(std::int64_t after, size_t limit) = 0;
  // The newest seq ever written to the journal (0 when none); pruning does not lower it.
  virtual Result<std::int64_t> last_change() = 0;
  // Deletes the journal entries with seq <= `through` (clamped to last_change(), so that positions
  // not yet assigned can never count as pruned) and returns how many were deleted. The pruning
  // point only moves forward: a `through` below it deletes nothing.
  virtual Result<std::size_t> prune_changes(std::int64_t through) = 0;
  // The highest seq pruned so far (0 when never): a reader at a lower position must reload.
  virtual Result<std::int64_t> pruned_through() = 0;

  // Deletes what no one can use or needs any more (PruneCutoffs). Sessions and grants still
  // valid at the cutoff are kept whatever their age.
  virtual Result<PruneCounts> prune_expired(const PruneCutoffs& cutoffs) = 0;

  // Adds each count to its row (limiter, key, origin, bucket_ms), made at 0 when new, in one
  // transaction, and gives every row it touched a new position (LimitCount::seq) after all
  // earlier ones. Positions are assigned in commit order, as the journal's are: once a reader has
  // seen position N, no row will later appear at or below N. `counts` may repeat a row; the
  // repeats add up.
  virtual Status add_limit_counts(std::span<const LimitCount> counts) = 0;
  // Rows whose position is above `after`, in position order, at most `limit` of them, each with
  // its total count and its position. Rows pruned by prune_expired() are gone.
  virtual Result<std::vector<LimitCount>> limit_counts_after(std::int64_t after,
                                                             std::size_t limit) = 0;

  // Raises last_used_at (never lowers it) without touching versions or the journal: usage is
  // bookkeeping, not a change anyone must be told about. Unknown ids are ignored.
  virtual Status record_usage(std::span<const KeyUsage> usage) = 0;
  // Subtracts each spend from its key's credit count, never below zero, and answers the counts
  // as they now stand. A spend of a period newer than the row's starts that period (count =
  // period_amount - spent); one of an older period changes nothing. Like record_usage(), it bumps
  // no version and writes no journal entry. Keys that are gone or have no credits are skipped.
  virtual Result<std::vector<CreditBalance>> spend_credits(std::span<const CreditSpend> spends) = 0;
  // The credit count of every key that has credits (and is not deleted): how a node learns what
  // the others spent.
  virtual Result<std::vector<CreditBalance>> credit_balances() = 0;

  // The notices given about the organization's keys (core/key_reminder.h), in no particular
  // order.
  virtual Result<std::vector<KeyReminder>> list_key_reminders(const Uuid& org_id) = 0;
  // Adds each row's counts to the stored row of its key and hour (made at zero when new), so
  // that several nodes adding to one hour sum up, and keeps the newer of the two last uses with
  // its address. `rows` may repeat a key and hour; the repeats add up. All or nothing. Like
  // record_usage(), it bumps no version and writes no journal entry; unknown keys are not checked.
  virtual Status add_key_usage(std::span<const KeyUsageHour> rows) = 0;
  // The key's hours that start at or after `from`, oldest first.
  virtual Result<std::vector<KeyUsageHour>> key_usage(const Uuid& key_id, Timestamp from) = 0;
  // The organization's usage per hour from `from`, every key's added up (key_id is nil,
  // last_used_* unset), oldest first.
  virtual Result<std::vector<KeyUsageHour>> org_usage(const Uuid& org_id, Timestamp from) = 0;
  // The organization's `limit` keys with the most verifications since `from`, most first (ties by
  // key id), none without any.
  virtual Result<std::vector<KeyUsageTotal>> top_keys_by_usage(const Uuid& org_id, Timestamp from,
                                                               std::size_t limit) = 0;

  // The endpoint, deleted or not.
  virtual Result<WebhookEndpoint> get_webhook(const Uuid& id) = 0;
  // The organization's endpoints that are not deleted, by creation time.
  virtual Result<std::vector<WebhookEndpoint>> list_webhooks(const Uuid& org_id) = 0;

  // The webhook outbox, for delivery workers on any number of nodes. Claims up to `limit` rows
  // due at `now` (oldest due first): each claimed row's try count goes up by one and it is not
  // due again until `lease_until`, so no other worker takes it while this one delivers; a worker
  // that dies mid-delivery leaves it to be taken again once the lease ends (at-least-once).
  // Concurrent claims never return the same row.
  virtual Result<std::vector<WebhookDelivery>> claim_webhook_deliveries(Timestamp now,
                                                                        Timestamp lease_until,
                                                                        std::size_t limit) = 0;
  // Records a try (its id is assigned) and settles the outbox row it was made for: kRetrying
  // makes the row due at next_attempt_at, kDelivered and kFailed remove it. The row is settled
  // only if no one has claimed it since (its try count is still `attempt.attempt`); the record
  // is written either way.
  virtual Status record_webhook_attempt(const WebhookAttempt& attempt) = 0;
  // Newest first.
  virtual Result<std::vector<WebhookAttempt>> list_webhook_attempts(
      const WebhookAttemptQuery& query) = 0;
};

}  // namespace keyward::store

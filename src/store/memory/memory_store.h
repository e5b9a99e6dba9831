// A Store kept in process memory: the reference implementation of store/store.h's contract, used by
// unit tests and by `keyward serve --store memory:` for throwaway demos. Nothing survives the
// process.
//
// Threading: one mutex guards all state; apply() builds the next state on a copy and swaps it in,
// so a failing batch leaves nothing behind.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "store/store.h"

namespace keyward::store {

class MemoryStore final : public Store {
 public:
  Status apply(const WriteBatch& batch) override;

  Result<Organization> get_organization(const Uuid& id) override;
  Result<std::vector<Organization>> list_organizations() override;
  Result<User> get_user(const Uuid& id) override;
  Result<User> find_user(std::string_view username) override;
  Result<std::vector<User>> list_users() override;
  Result<NamedKey> get_key(const Uuid& id) override;
  Result<std::vector<NamedKey>> list_keys(const Uuid& org_id) override;
  Status scan_unrevoked_keys(const std::function<void(const IndexedKeyRow&)>& visit) override;
  Result<Application> get_application(const Uuid& id) override;
  Result<std::vector<Application>> list_applications(const Uuid& org_id) override;
  Result<Application> find_application(const Uuid& org_id, std::string_view name,
                                       std::string_view language) override;
  Result<Page<Application>> query_applications(const ApplicationQuery& query) override;
  Result<Trace> get_trace(const Uuid& id) override;
  Result<std::vector<Trace>> find_traces(const Uuid& app_id,
                                         std::span<const std::string> hashes) override;
  Result<Page<Trace>> query_traces(const TraceQuery& query) override;
  Result<std::vector<TraceCounts>> count_traces(const Uuid& org_id) override;
  Result<SystemSettings> get_settings() override;
  Result<Session> get_session(const Uuid& id) override;
  Result<std::vector<Session>> list_active_sessions(Timestamp now) override;
  Result<RevealGrant> find_grant(const Digest& token_hash) override;
  Result<std::vector<AuditEvent>> list_audit(const AuditQuery& query) override;
  Result<std::vector<Change>> changes_after(std::int64_t after, size_t limit) override;
  Result<std::int64_t> last_change() override;
  Result<std::size_t> prune_changes(std::int64_t through) override;
  Result<std::int64_t> pruned_through() override;
  Result<PruneCounts> prune_expired(const PruneCutoffs& cutoffs) override;
  Status record_usage(std::span<const KeyUsage> usage) override;
  Result<std::vector<CreditBalance>> spend_credits(std::span<const CreditSpend> spends) override;
  Result<std::vector<CreditBalance>> credit_balances() override;
  Status add_limit_counts(std::span<const LimitCount> counts) override;
  Result<std::vector<LimitCount>> limit_counts_after(std::int64_t after,
                                                     std::size_t limit) override;
  Status add_key_usage(std::span<const KeyUsageHour> rows) override;
  Result<std::vector<KeyUsageHour>> key_usage(const Uuid& key_id, Timestamp from) override;
  Result<std::vector<KeyUsageHour>> org_usage(const Uuid& org_id, Timestamp from) override;
  Result<std::vector<KeyUsageTotal>> top_keys_by_usage(const Uuid& org_id, Timestamp from,
                                                       std::size_t limit) override;
  Result<WebhookEndpoint> get_webhook(const Uuid& id) override;
  Result<std::vector<KeyReminder>> list_key_reminders(const Uuid& org_id) override;
  Result<std::vector<WebhookEndpoint>> list_webhooks(const Uuid& org_id) override;
  Result<std::vector<WebhookDelivery>> claim_webhook_deliveries(Timestamp now,
                                                                Timestamp lease_until,
                                                                std::size_t limit) override;
  Status record_webhook_attempt(const WebhookAttempt& attempt) override;
  Result<std::vector<WebhookAttempt>> list_webhook_attempts(
      const WebhookAttemptQuery& query) override;

 private:
  // (limiter, key, origin, bucket_ms)
  using LimitRow = std::tuple<std::string, std::string, std::int64_t, std::int64_t>;
  struct LimitTotal {
    std::int64_t count = 0;
    std::int64_t seq = 0;
  };

  struct OutboxRow {
    WebhookDelivery delivery;  // attempt: the tries claimed so far
    Timestamp next_attempt_at;
  };
  struct State {
    std::map<Uuid, Organization> organizations;
    std::map<Uuid, User> users;
    std::map<Uuid, NamedKey> keys;
    std::map<Uuid, Application> applications;
    std::map<Uuid, Trace> traces;
    SystemSettings settings;
    std::map<Uuid, Session> sessions;
    std::map<Uuid, RevealGrant> grants;
    std::vector<AuditEvent> audit;
    std::vector<Change> changes;  // oldest first
    std::int64_t last_seq = 0;
    std::int64_t pruned_through = 0;
    std::map<Uuid, WebhookEndpoint> webhooks;
    std::map<std::pair<Uuid, Uuid>, OutboxRow> outbox;  // by (event, endpoint)
    std::vector<WebhookAttempt> attempts;               // oldest first
    std::int64_t last_attempt_id = 0;
    std::vector<KeyReminder> reminders;
  };

  static void journal(State& s, EntityKind kind, const Uuid& id);

  static Status put(State& s, const Organization& org);
  static Status put(State& s, const User& user);
  static Status put(State& s, const NamedKey& key);
  static Status put(State& s, const Application& app);
  static Status put(State& s, const Trace& trace);
  static Status put(State& s, const SystemSettings& settings);
  static Status put(State& s, const Session& session);
  static Status put(State& s, const RevealGrant& grant);
  static Status put(State& s, const WebhookEndpoint& endpoint);
  static void raise(State& s, const WebhookEvent& event);

  std::mutex mu_;
  State state_;
  // Apart from State, which apply() copies: limit counts are not entities and never in a batch.
  std::map<LimitRow, LimitTotal> limit_counts_;
  std::int64_t last_limit_seq_ = 0;
  // Keys' usage by (key, hour): bookkeeping, never in a batch either.
  std::map<std::pair<Uuid, Timestamp>, KeyUsageHour> key_usage_;
};

}  // namespace keyward::store

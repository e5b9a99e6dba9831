// The Store for several nodes: one PostgreSQL database that every `keyward serve` shares.
//
// Semantics are SQLite's, statement for statement (the conformance suites run on both). What
// PostgreSQL adds:
// - Connections come from a bounded ConnectionPool (pool.h): pool_size, pool_timeout and
//   statement_timeout in the location (location.h).
// - Journal positions are assigned in commit order: each writing transaction takes them from the
//   single journal row as its last statement before COMMIT, and holds that row's lock until the
//   commit. The same statement sends NOTIFY keyward_changes with the transaction's newest
//   position, which PostgreSQL delivers to every listener at commit (ChangeListener).
// - Opening migrates under an advisory lock, so nodes starting together migrate exactly once.
//
// Durability is PostgreSQL's: a write that has answered is committed (synchronous_commit is
// the server's setting; keep it on).
#pragma once

#include <memory>

#include "store/postgres/location.h"
#include "store/postgres/pool.h"
#include "store/store.h"

namespace keyward::store {

class PostgresStore final : public Store {
 public:
  // The channel every committing write notifies, with its newest journal position as payload.
  static constexpr const char* kChannel = "keyward_changes";

  // Connects, checks the database (UTF8), and brings its schema up to date. kUnavailable when
  // the server cannot be reached; kInvalidArgument for a malformed location.
  static Result<std::unique_ptr<PostgresStore>> open(std::string_view location);
  static Result<std::unique_ptr<PostgresStore>> open(const postgres::Location& location);

  // user@host:port/database: where this store is, for messages (never a password).
  const std::string& description() const { return description_; }
  postgres::ConnectionPool& pool() { return pool_; }

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
  PostgresStore(const postgres::Location& location);

  std::string description_;
  postgres::ConnectionPool pool_;
};

}  // namespace keyward::store

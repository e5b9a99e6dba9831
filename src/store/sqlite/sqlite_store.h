// The embedded default Store: one SQLite database file in the data directory.
//
// Durability: WAL with synchronous=FULL, so a write that has answered survives a crash or power
// loss. Concurrency: a small pool of connections; reads run in parallel (WAL readers never block),
// writes serialize on SQLite's write lock (BEGIN IMMEDIATE), and other processes (the `keyward`
// command while a server runs) may write the same file safely.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/store.h"

namespace keyward::store {

class SqliteStore final : public Store {
 public:
  struct Options {
    size_t connections = 4;  // enough for the server's worker threads plus background flushes
  };

  // Opens or creates the database and brings its schema up to date.
  static Result<std::unique_ptr<SqliteStore>> open(const std::filesystem::path& path,
                                                   Options options);
  static Result<std::unique_ptr<SqliteStore>> open(const std::filesystem::path& path) {
    return open(path, Options{});
  }

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
  // A connection borrowed from the pool for the duration of one operation.
  class Lease {
   public:
    Lease(SqliteStore& store, std::unique_ptr<sqlite::Connection> c)
        : store_(store), connection_(std::move(c)) {}
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    sqlite::Connection& operator*() { return *connection_; }
    sqlite::Connection* operator->() { return connection_.get(); }

   private:
    SqliteStore& store_;
    std::unique_ptr<sqlite::Connection> connection_;
  };

  SqliteStore() = default;
  Lease acquire();

  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<sqlite::Connection>> idle_;
};

}  // namespace keyward::store

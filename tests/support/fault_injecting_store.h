// A Store that passes everything to another Store, except the writes it is told to fail: the
// failure-injecting wrapper of STYLE.md lesson 4. Tests use it to prove that a failed write leaves
// nothing behind, in the store or in the in-memory index.
#pragma once

#include <atomic>

#include "store/store.h"

namespace keyward::testing {

class FaultInjectingStore final : public store::Store {
 public:
  explicit FaultInjectingStore(store::Store& inner) : inner_(inner) {}

  // The next `n` calls to apply() fail with kUnavailable without reaching the inner store.
  void fail_next_writes(int n) { failing_writes_ = n; }
  // The next `n` reads of any kind fail with kUnavailable.
  void fail_next_reads(int n) { failing_reads_ = n; }

  Status apply(const store::WriteBatch& batch) override {
    if (consume(failing_writes_)) return unavailable();
    return inner_.apply(batch);
  }
  Result<Organization> get_organization(const Uuid& id) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.get_organization(id);
  }
  Result<std::vector<Organization>> list_organizations() override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.list_organizations();
  }
  Result<User> get_user(const Uuid& id) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.get_user(id);
  }
  Result<User> find_user(std::string_view username) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.find_user(username);
  }
  Result<std::vector<User>> list_users() override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.list_users();
  }
  Result<NamedKey> get_key(const Uuid& id) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.get_key(id);
  }
  Result<std::vector<NamedKey>> list_keys(const Uuid& org_id) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.list_keys(org_id);
  }
  Status scan_unrevoked_keys(
      const std::function<void(const store::IndexedKeyRow&)>& visit) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.scan_unrevoked_keys(visit);
  }
  Result<Application> get_application(const Uuid& id) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.get_application(id);
  }
  Result<std::vector<Application>> list_applications(const Uuid& org_id) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.list_applications(org_id);
  }
  Result<Application> find_application(const Uuid& org_id, std::string_view name,
                                       std::string_view language) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.find_application(org_id, name, language);
  }
  Result<store::Page<Application>> query_applications(const store::ApplicationQuery& q) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.query_applications(q);
  }
  Result<Trace> get_trace(const Uuid& id) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.get_trace(id);
  }
  Result<std::vector<Trace>> find_traces(const Uuid& app_id,
                                         std::span<const std::string> hashes) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.find_traces(app_id, hashes);
  }
  Result<store::Page<Trace>> query_traces(const store::TraceQuery& q) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.query_traces(q);
  }
  Result<std::vector<store::TraceCounts>> count_traces(const Uuid& org_id) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.count_traces(org_id);
  }
  Result<SystemSettings> get_settings() override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.get_settings();
  }
  Result<Session> get_session(const Uuid& id) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.get_session(id);
  }
  Result<std::vector<Session>> list_active_sessions(Timestamp now) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.list_active_sessions(now);
  }
  Result<RevealGrant> find_grant(const Digest& token_hash) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.find_grant(token_hash);
  }
  Result<std::vector<AuditEvent>> list_audit(const store::AuditQuery& q) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.list_audit(q);
  }
  Result<std::vector<store::Change>> changes_after(std::int64_t after, size_t limit) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.changes_after(after, limit);
  }
  Result<std::int64_t> last_change() override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.last_change();
  }
  Result<std::size_t> prune_changes(std::int64_t through) override {
    if (consume(failing_writes_)) return unavailable();
    return inner_.prune_changes(through);
  }
  Result<std::int64_t> pruned_through() override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.pruned_through();
  }
  Result<store::PruneCounts> prune_expired(const store::PruneCutoffs& cutoffs) override {
    if (consume(failing_writes_)) return unavailable();
    return inner_.prune_expired(cutoffs);
  }
  Result<std::vector<store::CreditBalance>> spend_credits(
      std::span<const store::CreditSpend> spends) override {
    if (consume(failing_writes_)) return unavailable();
    return inner_.spend_credits(spends);
  }
  Result<std::vector<store::CreditBalance>> credit_balances() override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.credit_balances();
  }
  Status record_usage(std::span<const store::KeyUsage> usage) override {
    if (consume(failing_writes_)) return unavailable();
    return inner_.record_usage(usage);
  }
  Status add_limit_counts(std::span<const store::LimitCount> counts) override {
    if (consume(failing_writes_)) return unavailable();
    return inner_.add_limit_counts(counts);
  }
  Result<std::vector<store::LimitCount>> limit_counts_after(std::int64_t after,
                                                            std::size_t limit) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.limit_counts_after(after, limit);
  }
  Status add_key_usage(std::span<const store::KeyUsageHour> rows) override {
    if (consume(failing_writes_)) return unavailable();
    return inner_.add_key_usage(rows);
  }
  Result<std::vector<store::KeyUsageHour>> key_usage(const Uuid& key_id, Timestamp from) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.key_usage(key_id, from);
  }
  Result<std::vector<store::KeyUsageHour>> org_usage(const Uuid& org_id, Timestamp from) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.org_usage(org_id, from);
  }
  Result<std::vector<store::KeyUsageTotal>> top_keys_by_usage(const Uuid& org_id, Timestamp from,
                                                              std::size_t limit) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.top_keys_by_usage(org_id, from, limit);
  }
  Result<WebhookEndpoint> get_webhook(const Uuid& id) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.get_webhook(id);
  }
  Result<std::vector<KeyReminder>> list_key_reminders(const Uuid& org_id) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.list_key_reminders(org_id);
  }
  Result<std::vector<WebhookEndpoint>> list_webhooks(const Uuid& org_id) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.list_webhooks(org_id);
  }
  Result<std::vector<WebhookDelivery>> claim_webhook_deliveries(Timestamp now,
                                                                Timestamp lease_until,
                                                                std::size_t limit) override {
    if (consume(failing_writes_)) return unavailable();
    return inner_.claim_webhook_deliveries(now, lease_until, limit);
  }
  Status record_webhook_attempt(const WebhookAttempt& attempt) override {
    if (consume(failing_writes_)) return unavailable();
    return inner_.record_webhook_attempt(attempt);
  }
  Result<std::vector<WebhookAttempt>> list_webhook_attempts(
      const store::WebhookAttemptQuery& query) override {
    if (consume(failing_reads_)) return unavailable();
    return inner_.list_webhook_attempts(query);
  }

 private:
  static bool consume(std::atomic<int>& counter) {
    int n = counter.load();
    while (n > 0) {
      if (counter.compare_exchange_weak(n, n - 1)) return true;
    }
    return false;
  }
  static std::unexpected<Error> unavailable() {
    return fail(Errc::kUnavailable, "injected storage failure");
  }

  store::Store& inner_;
  std::atomic<int> failing_writes_{0};
  std::atomic<int> failing_reads_{0};
};

}  // namespace keyward::testing

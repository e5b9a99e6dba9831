// Deletes from the store what no one can use or needs any more, so nothing it holds grows
// without bound: sessions and reveal links that are over, audit records older than the
// retention, limit counts no window reaches any more, keys' usage counts older than 90 days,
// webhook delivery attempts older than 30 days, and the change journal beyond its newest entries. A
// serving node runs it on a schedule (node/node.h); several nodes over one store may run it at
// once, which is harmless.
//
// Threading: run() waits on the store and must not run on an I/O thread; calls must not overlap
// (one thread makes them). stop() may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "core/error.h"
#include "core/key_usage.h"
#include "core/time.h"
#include "store/store.h"

namespace keyward::service {

struct RetentionPolicy {
  // Audit records older than this are deleted.
  std::chrono::days audit{400};
  // Sessions and reveal links are deleted this long after they ended, expired or were used
  // (until then the index may still hold a stale copy being told of the end).
  std::chrono::seconds dead{std::chrono::hours(24)};
  // Limit counts (service/shared_limits.h) are deleted once their bucket began this long ago:
  // at least the longest shared window and one bucket (node/node.cc raises it to that).
  std::chrono::milliseconds limit_counts{std::chrono::hours(2)};
  // Keys' hourly usage counts are deleted once their hour began this long ago.
  std::chrono::days key_usage = kUsageRetention;
  // Webhook delivery attempts are deleted this long after they were made: long after the outbox
  // stops retrying a delivery (24 hours), as long as Stripe lists its events.
  std::chrono::days webhook_attempts{30};
  // The newest journal entries kept; a node further behind than this reloads.
  std::int64_t journal_entries = 100'000;
  // Rows deleted per statement, so no write lock is held long.
  std::size_t batch = 1000;
};

struct PruneReport {
  std::size_t sessions = 0;
  std::size_t grants = 0;
  std::size_t audit = 0;
  std::size_t limit_counts = 0;
  std::size_t key_usage = 0;
  std::size_t webhook_attempts = 0;
  std::size_t journal = 0;
};

class StorePruner {
 public:
  // `store` must outlive the pruner.
  StorePruner(store::Store& store, RetentionPolicy policy) : store_(store), policy_(policy) {}

  // Deletes everything due at `now`, batch after batch until none is left or stop() is called.
  Result<PruneReport> run(Timestamp now);
  // Makes a run() under way, and every later one, return after the batch it is deleting.
  void stop() { stopped_.store(true, std::memory_order_relaxed); }

 private:
  bool stopped() const { return stopped_.load(std::memory_order_relaxed); }

  store::Store& store_;
  RetentionPolicy policy_;
  std::atomic<bool> stopped_{false};
};

}  // namespace keyward::service

// The audit log's reading side, and its writing side for events that record no change.
//
// Changes write their audit records in their own batch (service/actor.h). Authentication failures
// change nothing, and there can be many of them, so they are gathered here and written once a
// second in one batch, never on the request's path. At most max_pending wait at a time; beyond
// that new ones are dropped and counted, so a flood of bad requests cannot exhaust memory (the
// throttle stops most of such a flood first).
//
// Threading: record() and flush() may be called from any thread.
#pragma once

#include <atomic>
#include <mutex>
#include <vector>

#include "core/audit_event.h"
#include "store/store.h"

namespace keyward::service {

class AuditLog {
 public:
  explicit AuditLog(store::Store& store, size_t max_pending = 10'000)
      : store_(store), max_pending_(max_pending) {}

  void record(AuditEvent event);
  Status flush();
  std::uint64_t dropped() const { return dropped_.load(); }

  Result<std::vector<AuditEvent>> list(const store::AuditQuery& query) {
    return store_.list_audit(query);
  }

 private:
  store::Store& store_;
  const size_t max_pending_;
  std::mutex mu_;
  std::vector<AuditEvent> pending_;
  std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace keyward::service

// The audit log's reading side, and its writing side for events that record no change.
//
// Changes write their audit records in their own batch (service/actor.h). Two kinds of event
// change nothing and come here:
//   - showing a secret (a reveal, an emailed key): write_now() writes its record before the secret
//     leaves, and a caller that cannot write it shows nothing (fail closed);
//   - refusals (authentication failures, refused chosen keys): there can be many, so record()
//     gathers them and flush() writes them once a second in one batch, never on a request's path.
//     At most max_pending wait; past that the oldest are dropped to make room, and the next flush
//     writes an "audit.dropped" record saying how many, so a gap is never silent.
//
// Threading: every method may be called from any thread. write_now() waits for the store: call it
// from a worker, never an I/O thread.
#pragma once

#include <atomic>
#include <deque>
#include <mutex>
#include <vector>

#include "core/audit_event.h"
#include "store/store.h"

namespace keyward::service {

class AuditLog {
 public:
  explicit AuditLog(store::Store& store, size_t max_pending = 10'000)
      : store_(store), max_pending_(max_pending) {}

  // Writes `event` to the store at once.
  Status write_now(AuditEvent event);
  // Buffers a refusal's record for the next flush().
  void record(AuditEvent event);
  Status flush();
  // Refusal records dropped since start-up because the buffer was full.
  std::uint64_t dropped() const { return dropped_.load(); }

  Result<std::vector<AuditEvent>> list(const store::AuditQuery& query) {
    return store_.list_audit(query);
  }

 private:
  store::Store& store_;
  const size_t max_pending_;
  std::mutex mu_;
  std::deque<AuditEvent> pending_;
  std::uint64_t unreported_drops_ = 0;  // dropped since the last "audit.dropped" record
  std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace keyward::service

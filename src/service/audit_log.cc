#include "service/audit_log.h"

namespace keyward::service {

void AuditLog::record(AuditEvent event) {
  std::lock_guard lock(mu_);
  if (pending_.size() >= max_pending_) {
    ++dropped_;
    return;
  }
  pending_.push_back(std::move(event));
}

Status AuditLog::flush() {
  store::WriteBatch batch;
  {
    std::lock_guard lock(mu_);
    batch.audit.swap(pending_);
  }
  if (batch.audit.empty()) return {};
  auto s = store_.apply(batch);
  if (!s) {
    std::lock_guard lock(mu_);
    // Keep what fits for the next attempt; the rest is counted as dropped.
    for (auto& e : batch.audit) {
      if (pending_.size() < max_pending_) {
        pending_.push_back(std::move(e));
      } else {
        ++dropped_;
      }
    }
  }
  return s;
}

}  // namespace keyward::service

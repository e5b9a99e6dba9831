#include "service/audit_log.h"

#include <iterator>
#include <string>

namespace keyward::service {

Status AuditLog::write_now(AuditEvent event) {
  store::WriteBatch batch;
  batch.audit.push_back(std::move(event));
  return store_.apply(batch);
}

void AuditLog::record(AuditEvent event) {
  std::lock_guard lock(mu_);
  if (max_pending_ == 0) {
    ++unreported_drops_;
    ++dropped_;
    return;
  }
  if (pending_.size() >= max_pending_) {
    // The newest refusals say most about an attack under way; the oldest make room.
    pending_.pop_front();
    ++unreported_drops_;
    ++dropped_;
  }
  pending_.push_back(std::move(event));
}

Status AuditLog::flush() {
  store::WriteBatch batch;
  std::uint64_t drops = 0;
  {
    std::lock_guard lock(mu_);
    batch.audit.assign(std::make_move_iterator(pending_.begin()),
                       std::make_move_iterator(pending_.end()));
    pending_.clear();
    drops = unreported_drops_;
    unreported_drops_ = 0;
  }
  if (batch.audit.empty() && drops == 0) return {};
  if (drops > 0) {
    AuditEvent gap;
    gap.at = batch.audit.empty() ? Timestamp{} : batch.audit.back().at;
    gap.actor = "keyward";
    gap.action = "audit.dropped";
    gap.target = "audit";
    gap.outcome = AuditOutcome::kFailure;
    gap.detail = drops == 1 ? std::string("1 record of a refused request was dropped")
                            : std::to_string(drops) + " records of refused requests were dropped";
    gap.detail += ": too many came at once";
    batch.audit.push_back(std::move(gap));
  }
  auto s = store_.apply(batch);
  if (!s) {
    std::lock_guard lock(mu_);
    // Put the records back in front of any that came since, keeping the newest that fit; the
    // gap record is rebuilt from the count at the next flush.
    if (drops > 0) batch.audit.pop_back();
    unreported_drops_ += drops;
    for (auto it = batch.audit.rbegin(); it != batch.audit.rend(); ++it) {
      if (pending_.size() >= max_pending_) {
        ++unreported_drops_;
        ++dropped_;
        continue;
      }
      pending_.push_front(std::move(*it));
    }
  }
  return s;
}

}  // namespace keyward::service

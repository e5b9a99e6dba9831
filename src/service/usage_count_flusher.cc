#include "service/usage_count_flusher.h"

#include "core/ip_mask.h"

namespace keyward::service {

Result<std::size_t> UsageCountFlusher::flush() {
  drained_.clear();
  counters_.drain(drained_);
  if (!drained_.empty()) {
    // Masked as they leave memory, once: rows kept from a failed flush are masked already.
    if (settings_.get().mask_invalid_ips) {
      for (auto& row : drained_) {
        if (!row.last_used_ip.empty()) row.last_used_ip = mask_ip(row.last_used_ip);
      }
    }
    pending_.insert(pending_.end(), std::make_move_iterator(drained_.begin()),
                    std::make_move_iterator(drained_.end()));
    if (pending_.size() > kMaxPending) {
      const std::size_t excess = pending_.size() - kMaxPending;
      for (std::size_t i = 0; i < excess; ++i) {
        dropped_ += static_cast<std::uint64_t>(pending_[i].counts.total());
      }
      pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(excess));
    }
  }
  if (pending_.empty()) return std::size_t{0};
  if (auto s = store_.add_key_usage(pending_); !s) return fail(s.error());
  const std::size_t written = pending_.size();
  pending_.clear();
  return written;
}

std::uint64_t UsageCountFlusher::take_dropped() {
  const std::uint64_t dropped = dropped_ + counters_.take_dropped();
  dropped_ = 0;
  return dropped;
}

}  // namespace keyward::service

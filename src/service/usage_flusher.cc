#include "service/usage_flusher.h"

namespace keyward::service {

Result<std::size_t> UsageFlusher::write(std::size_t max, bool all) {
  pending_.clear();
  rows_.clear();
  keys_.collect_usage(pending_, max, options_.granularity, all);
  if (pending_.empty()) return 0;
  for (const PendingUse& use : pending_) rows_.push_back({use.key_id, use.used_at});
  if (auto s = store_.record_usage(rows_); !s) return fail(s.error());
  keys_.mark_persisted(pending_);
  return pending_.size();
}

Result<std::size_t> UsageFlusher::flush() { return write(options_.batch, false); }

Status UsageFlusher::flush_all() {
  // collect_usage() with `all` walks the whole index once; a batch smaller than what is due means
  // the walk is done.
  for (;;) {
    auto written = write(options_.batch, true);
    if (!written) return fail(written.error());
    if (*written < options_.batch) return {};
  }
}

}  // namespace keyward::service

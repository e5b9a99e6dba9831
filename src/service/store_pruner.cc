#include "service/store_pruner.h"

#include <algorithm>

namespace keyward::service {

Result<PruneReport> StorePruner::run(Timestamp now) {
  PruneReport report;
  const store::PruneCutoffs cutoffs{.dead_before = now - policy_.dead,
                                    .audit_before = now - policy_.audit,
                                    .limit = std::max<std::size_t>(1, policy_.batch),
                                    .limit_counts_before = now - policy_.limit_counts,
                                    .key_usage_before = now - policy_.key_usage,
                                    .webhook_attempts_before = now - policy_.webhook_attempts};
  while (!stopped()) {
    auto counts = store_.prune_expired(cutoffs);
    if (!counts) return fail(counts.error());
    report.sessions += counts->sessions;
    report.grants += counts->grants;
    report.audit += counts->audit;
    report.limit_counts += counts->limit_counts;
    report.key_usage += counts->key_usage;
    report.webhook_attempts += counts->webhook_attempts;
    if (!counts->maybe_more(cutoffs.limit)) break;
  }
  // The journal, up to its newest entries, a batch of positions at a time.
  auto last = store_.last_change();
  if (!last) return fail(last.error());
  auto from = store_.pruned_through();
  if (!from) return fail(from.error());
  const std::int64_t target = *last - policy_.journal_entries;
  const auto step = static_cast<std::int64_t>(cutoffs.limit);
  for (std::int64_t through = *from; through < target && !stopped();) {
    through = std::min(target, through + step);
    auto pruned = store_.prune_changes(through);
    if (!pruned) return fail(pruned.error());
    report.journal += *pruned;
  }
  return report;
}

}  // namespace keyward::service

#include "service/credit_flusher.h"

namespace keyward::service {

Result<size_t> CreditFlusher::flush() {
  // Every kLongestWait-th flush writes everything; across nodes, every one does.
  const bool small_may_wait = !shared_ && ++flushes_ % kLongestWait != 0;
  return write(small_may_wait);
}

Result<size_t> CreditFlusher::write(bool small_may_wait) {
  const Timestamp now = clock_.now();
  spends_.clear();
  bool any = false;
  keys_.for_each_controls([&](const Uuid& id, LiveControls& live) {
    const auto& credits = live.config().credits;
    if (!credits) return;
    any = true;
    if (const auto spent = live.take_spent(now, small_may_wait)) {
      spends_.push_back(
          {id, spent->amount, spent->period_start, credits->refill ? credits->refill->amount : 0});
    }
  });
  if (!any) return size_t{0};

  auto written = store_.spend_credits(spends_);
  if (!written) {
    for (const auto& s : spends_) {
      keys_.with_controls(s.key_id, [&](LiveControls& l) { l.restore(s.spent, s.period_start); });
    }
    return fail(written.error());
  }
  settle(*written);
  if (!shared_) return spends_.size();
  // Then every count, so spending elsewhere reaches this node too.
  auto balances = store_.credit_balances();
  if (!balances) return fail(balances.error());
  settle(*balances);
  return spends_.size();
}

void CreditFlusher::settle(std::span<const store::CreditBalance> balances) {
  for (const auto& b : balances) {
    keys_.with_controls(b.key_id, [&](LiveControls& l) { l.settle(b.remaining, b.set_at); });
  }
}

}  // namespace keyward::service

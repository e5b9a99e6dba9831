#include "store/credit_spend_batches.h"

#include <algorithm>

namespace keyward::store {

CreditSpendBatches::CreditSpendBatches(std::span<const CreditSpend> spends, std::size_t max_rows)
    : sorted_(spends.begin(), spends.end()) {
  // Stable: a key met twice keeps its spends in the order they were taken.
  std::ranges::stable_sort(sorted_, {}, &CreditSpend::key_id);
  std::size_t start = 0;
  for (std::size_t i = 1; i <= sorted_.size(); ++i) {
    const bool end =
        i == sorted_.size() || i - start == max_rows || sorted_[i].key_id == sorted_[i - 1].key_id;
    if (!end) continue;
    batches_.emplace_back(sorted_.data() + start, i - start);
    start = i;
  }
}

}  // namespace keyward::store

// Spent credits cut into batches for one UPDATE ... FROM statement each (Store::spend_credits).
//
// Such a statement updates a row once however many of its source rows match it, so no batch may
// name a key twice (the flusher's walk can meet a key twice when its controls are replaced
// meanwhile). Batches come in key order, so two nodes writing the same keys lock their rows in
// the same order and never deadlock.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "store/store.h"

namespace keyward::store {

class CreditSpendBatches {
 public:
  // At most `max_rows` spends a batch.
  CreditSpendBatches(std::span<const CreditSpend> spends, std::size_t max_rows);

  const std::vector<std::span<const CreditSpend>>& batches() const { return batches_; }

 private:
  std::vector<CreditSpend> sorted_;
  std::vector<std::span<const CreditSpend>> batches_;
};

}  // namespace keyward::store

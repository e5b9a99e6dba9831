// Writes the credits each key spent on this node to the store, and takes up the store's counts,
// which is how credits survive a restart and how several nodes share one count (live_controls.h).
//
// Every flush writes what was spent since the last one as a decrement (Store::spend_credits; the
// store's count never goes below zero) and then reads every key's count (credit_balances), so a
// node learns what the others spent. Bounds: a restart forgets at most what was spent since the
// last flush (one flush period); across nodes, a count can be overspent by at most what the other
// nodes let through in one flush period.
//
// Threading: flush() is called from one background thread at a time.
#pragma once

#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "service/key_table.h"
#include "store/store.h"

namespace keyward::service {

class CreditFlusher {
 public:
  CreditFlusher(store::Store& store, KeyTable& keys, const Clock& clock)
      : store_(store), keys_(keys), clock_(clock) {}

  // Returns how many keys' spending was written. What fails to be written is written next time.
  Result<size_t> flush();

 private:
  store::Store& store_;
  KeyTable& keys_;
  const Clock& clock_;
  std::vector<store::CreditSpend> spends_;
};

}  // namespace keyward::service

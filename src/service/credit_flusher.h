// Writes the credits each key spent on this node to the store, and takes up the store's counts,
// which is how credits survive a restart and how several nodes share one count (live_controls.h).
//
// Every flush writes what was spent since the last one as a decrement (Store::spend_credits; the
// store's count never goes below zero) and takes up the counts the write returns. When other
// nodes share the store it then reads every key's count (credit_balances), so a node learns what
// the others spent; a node alone skips that read, which with many keys spending is most of the
// flush's cost. Bounds: a restart forgets at most what was spent since the last flush (one flush
// period); across nodes, a count can be overspent by at most what the other nodes let through in
// one flush period.
//
// Threading: flush() is called from one background thread at a time.
#pragma once

#include <span>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "service/key_table.h"
#include "store/store.h"

namespace keyward::service {

class CreditFlusher {
 public:
  // `shared`: other nodes may spend the same counts (several nodes on one store).
  CreditFlusher(store::Store& store, KeyTable& keys, const Clock& clock, bool shared)
      : store_(store), keys_(keys), clock_(clock), shared_(shared) {}

  // Returns how many keys' spending was written. What fails to be written is written next time.
  Result<size_t> flush();

 private:
  void settle(std::span<const store::CreditBalance> balances);

  store::Store& store_;
  KeyTable& keys_;
  const Clock& clock_;
  const bool shared_;
  std::vector<store::CreditSpend> spends_;
};

}  // namespace keyward::service

// Writes the credits each key spent on this node to the store, and takes up the store's counts,
// which is how credits survive a restart and how several nodes share one count (live_controls.h).
//
// Every flush writes what was spent since the last one as a decrement (Store::spend_credits; the
// store's count never goes below zero) and takes up the counts the write returns. When other
// nodes share the store it then reads every key's count (credit_balances), so a node learns what
// the others spent; a node alone skips that read, which with many keys spending is most of the
// flush's cost.
//
// On a node alone, a key whose spending since its last write is at most 1% of its count waits
// for a later flush, at most kLongestWait flushes in all: writing every spending key every
// period is most of what credits cost a busy node (each key is a row update), and what a crash
// could forget of such a key is a small share of its count. Bounds: a crash forgets at most one
// flush period of a key's spending, or up to kLongestWait periods' while that is no more than 1%
// of its count; a clean stop writes everything (flush_all). Across nodes every flush writes
// everything, and a count can be overspent by at most what the other nodes let through in one
// flush period.
//
// Threading: flush() and flush_all() are called from one background thread at a time.
#pragma once

#include <cstdint>
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

  // The flushes a key's small spending may wait for on a node alone.
  static constexpr std::uint32_t kLongestWait = 10;

  // Returns how many keys' spending was written. What fails to be written is written next time.
  Result<size_t> flush();
  // The same with nothing left waiting (at shutdown).
  Result<size_t> flush_all() { return write(false); }

 private:
  Result<size_t> write(bool small_may_wait);
  void settle(std::span<const store::CreditBalance> balances);

  store::Store& store_;
  KeyTable& keys_;
  const Clock& clock_;
  const bool shared_;
  std::uint32_t flushes_ = 0;
  std::vector<store::CreditSpend> spends_;
};

}  // namespace keyward::service

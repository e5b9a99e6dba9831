// Counts how each verification of a known key ends (core/key_usage.h), in memory, for the
// UsageCountFlusher to add to the store. This is what the verify path pays for usage: one
// uncontended mutex and a probe of a small table, no store, no global lock, no allocation once the
// table has grown to what one flush period needs.
//
// Counts are kept per (key, UTC hour) in shards: a thread takes a shard of its own on its first
// count (threads beyond the number of shards share them round-robin), so threads counting the
// same key never wait on each other. Each shard holds two tables: the one being counted into, and
// the one drain() swapped out and is reading, so a drain holds a shard's lock only to swap.
//
// Bounded memory: a table holds at most Options::max_cells keys-and-hours (a cell is 128 bytes);
// a shard whose table is full drops counts of keys it does not hold yet until the next drain,
// and take_dropped() says how many. A table that grew for a burst shrinks again once drains
// find it mostly empty.
//
// Threading: count() from any thread; drain() and take_dropped() from one thread at a time.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/key_usage.h"
#include "core/uuid.h"
#include "service/key_table.h"
#include "store/store.h"

namespace keyward::service {

// How a lookup of a known key ended, for its usage. A key refused by what it is (disabled,
// expired, past its grace) or by a control other than its rate limits and credits is kRefused.
UsageOutcome usage_outcome(const IndexedKey& key);

class UsageCounters {
 public:
  struct Options {
    std::size_t shards = 8;         // rounded up to a power of two
    std::size_t max_cells = 65536;  // per table; two tables per shard
  };

  UsageCounters() : UsageCounters(Options{}) {}
  explicit UsageCounters(Options options);
  ~UsageCounters();
  UsageCounters(const UsageCounters&) = delete;
  UsageCounters& operator=(const UsageCounters&) = delete;

  // Counts one verification of `key_id` at `now`. A valid one also becomes the hour's last use,
  // with `client_ip` (the address the key was used from; empty when not known, and truncated to
  // the longest textual address).
  void count(const Uuid& key_id, const Uuid& org_id, UsageOutcome outcome, Timestamp now,
             std::string_view client_ip);

  // Appends what was counted since the last drain to `out` (one row per key and hour a shard
  // saw; the same key and hour may come from several shards) and starts counting afresh.
  void drain(std::vector<store::KeyUsageHour>& out);

  // Counts dropped because a shard was full, since the last call.
  std::uint64_t take_dropped() { return dropped_.exchange(0, std::memory_order_relaxed); }

 private:
  class Tally;
  struct Shard;

  Shard& shard();

  Options options_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace keyward::service

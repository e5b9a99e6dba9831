// Adds what the UsageCounters counted to the store's hourly rows (Store::add_key_usage), off the
// request path: a serving node calls flush() every half second from its background thread
// (node/node.h), so a verification shows in GET .../usage within a second or so. Readers see
// only the store, which on PostgreSQL holds every node's counts added up.
//
// The address of a key's last use is stored masked to its network (core/ip_mask.h) when the
// system settings say `mask_invalid_ips`: the full address lives in this node's memory until the
// next flush and is never written.
//
// A flush the store refuses is kept and added to the next one (at most kMaxPending rows; beyond
// that the oldest are dropped and counted in dropped()). A write that failed after the store had
// committed it would count twice when retried: usage is bookkeeping, and that is the direction
// chosen over losing counts.
//
// Threading: flush() from one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/error.h"
#include "service/settings_cache.h"
#include "service/usage_counters.h"
#include "store/store.h"

namespace keyward::service {

class UsageCountFlusher {
 public:
  // Rows kept for a store that does not answer: a few minutes of a busy node's distinct keys.
  static constexpr std::size_t kMaxPending = 200'000;

  // Everything given must outlive the flusher.
  UsageCountFlusher(store::Store& store, UsageCounters& counters, const SettingsCache& settings)
      : store_(store), counters_(counters), settings_(settings) {}

  // Writes what was counted since the last successful flush; returns how many rows.
  Result<std::size_t> flush();
  // Counts lost since the last call: a full shard (UsageCounters) or an unreachable store.
  std::uint64_t take_dropped();

 private:
  store::Store& store_;
  UsageCounters& counters_;
  const SettingsCache& settings_;
  std::vector<store::KeyUsageHour> drained_;
  std::vector<store::KeyUsageHour> pending_;
  std::uint64_t dropped_ = 0;
};

}  // namespace keyward::service

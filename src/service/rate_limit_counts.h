// Per-key rate limits (live_controls.h) counted by every node over one store, through
// SharedLimits (shared_limits.h) like the other shared limits. A node shares them only over a
// store with a change feed (PostgreSQL, node/node.cc): a node alone on SQLite walks nothing and
// writes nothing for them.
//
// The algorithm: fixed windows aligned to the epoch, as on one node. Each node counts the passes
// it let through in a key's window, exactly, in the key's LiveControls. Every sync (limits_sync,
// 250 ms by default) take_unpublished() gives SharedLimits what each window counted since the
// last sync, added to the store's row for (this node, `<key id>/<window_seconds>`, the window);
// merge() brings each other node's count of a window, which is absolute, so this keeps the
// highest seen per node and hands the window's LiveControls their sum. A verification passes
// while this node's count plus that sum is under the limit: checked in memory, on the verify
// path, never waiting on the store.
//
// The bound: a pass on one node counts on another once its node has published it (within one
// sync period) and the other has read it (within one more), plus the store's latency. So within
// one window all nodes together let through at most the limit plus what the other nodes let
// through in the last two sync periods and the store's latency before the last pass: for a key
// verified r times a second spread evenly over N nodes, limit + r (N - 1) / N (2 limits_sync +
// latency). A node started later reads every count of windows still under way (its own earlier
// counts among them, under its former id), so a restart loses nothing that was published. A
// store that cannot be reached leaves each node counting alone (at most the limit on each) until
// it answers, when what was counted meanwhile is published. Each node's windows begin by its
// own clock; a count from a node whose clock is ahead waits here for the window it belongs to
// and counts from this node's first sync in it, so clocks that differ by d add at most what this
// node lets through in d and one sync period at a window's start.
//
// A row's bucket is the moment its window ends, not when it begins, so that the store keeps a
// row exactly as long past its window as every other limit count (service/store_pruner.h):
// bucketed by the start, a 30-day window would keep every 1-second window's rows for 30 days.
// Key ids are not secrets and go to the store as they are; windows of one length count the same
// passes, so a key's limits of one length share a row.
//
// Threading: the SharedCounts methods are for the node's background thread (SharedLimits::sync);
// each LiveControls guards its own counters, and this class guards its table of other nodes'
// counts with a mutex of its own, never held while a LiveControls' is taken.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/uuid.h"
#include "service/key_table.h"
#include "service/shared_counts.h"

namespace keyward::service {

class RateLimitCounts final : public SharedCounts {
 public:
  // The name its rows go under in the store (LimitCount::limiter).
  static constexpr std::string_view kName = "key.rate_limit";

  // `keys` must outlive this.
  explicit RateLimitCounts(KeyTable& keys) : keys_(keys) {}

  // The store's key of a key's windows of this length: "<key id>/<window_seconds>".
  static std::string limit_key(const Uuid& key_id, std::int64_t window_seconds);

  // Key ids are neither secrets nor addresses: kept as they are, the hash is not needed.
  void start_sharing(const crypto::ShortHash* hash) override;
  std::vector<BucketCount> take_unpublished(Timestamp now) override;
  void restore_unpublished(std::span<const BucketCount> counts) override;
  void merge(const BucketCount& count, std::int64_t origin, Timestamp now) override;
  // None past a window's end, where its rows' buckets are.
  std::chrono::milliseconds retention() const override { return std::chrono::milliseconds(0); }

 private:
  // A row's key and bucket read back: whose windows, of what length, and which window.
  struct Row {
    Uuid key_id;
    LiveControls::WindowCount window;
  };
  static std::optional<Row> parse(const BucketCount& count);

  // The other nodes' counts of the newest window of one key and length heard of.
  struct Others {
    std::int64_t index = -1;
    std::int64_t end_ms = 0;                                       // when that window ends
    std::vector<std::pair<std::int64_t, std::int64_t>> by_origin;  // (origin, count)
  };

  KeyTable& keys_;
  std::mutex mu_;
  std::unordered_map<std::string, Others> others_;  // by limit key
};

}  // namespace keyward::service

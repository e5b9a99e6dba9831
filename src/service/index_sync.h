// Keeps a CredentialIndex in step with the store: a full load at start, then the change journal.
//
// The node calls catch_up() on a short timer (every 20 ms by default) from its background thread,
// which is how a key deleted with the `keyward` command, or on another node, stops verifying here
// too. Every successful load or catch-up is the moment the index was last known to be current;
// fresh() tells whether that was recently enough to answer for keys at all (a node that cannot
// read its journal could be serving keys deleted elsewhere, and must fail closed instead).
//
// A node on a store with a change feed (store/change_feed.h) also calls catch_up() whenever the
// feed wakes it, and reports the feed's losses: a node whose feed has been lost for longer than
// the bound is not fresh either, because its promise of changes within milliseconds no longer
// holds, even while slower polling still reads the journal.
//
// Threading: load() and catch_up() serialize on an internal mutex; call them from any thread.
// fresh() and last_synced() are lock-free and may be called from request threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

#include "core/clock.h"
#include "core/error.h"
#include "service/credential_index.h"
#include "service/settings_cache.h"
#include "store/store.h"

namespace keyward::service {

class IndexSync {
 public:
  IndexSync(store::Store& store, CredentialIndex& index, SettingsCache& settings,
            const Clock& clock)
      : store_(store), index_(index), settings_(settings), clock_(clock) {}

  // Replaces the index with everything the store holds.
  Status load();
  // Applies journal entries written since the last load() or catch_up(); returns how many. When
  // the journal has been pruned past what was read, reloads everything instead.
  Result<size_t> catch_up();

  // When the index was last known to be current (a load or catch-up that succeeded); nullopt
  // before the first.
  std::optional<Timestamp> last_synced() const;
  // Whether the index was current within `bound` of now. Measured on the monotonic clock: it is
  // elapsed time that matters, whatever the wall clock (or a test's ManualClock) says.
  bool fresh(std::chrono::milliseconds bound) const;

  // The change feed was lost (from the first loss until feed_restored(); later losses in the
  // same outage change nothing), or is connected again.
  void feed_lost();
  void feed_restored();

 private:
  Status load_locked();
  Status apply(const store::Change& change);
  void mark_synced(Timestamp at, std::chrono::steady_clock::time_point steady_at);

  store::Store& store_;
  CredentialIndex& index_;
  SettingsCache& settings_;
  const Clock& clock_;
  std::mutex mu_;
  std::int64_t seen_ = 0;
  std::atomic<std::int64_t> synced_ms_{INT64_MIN};  // wall clock, for reports
  std::atomic<std::int64_t> synced_steady_ns_{INT64_MIN};
  static constexpr std::int64_t kFeedHealthy = INT64_MAX;  // no loss under way
  std::atomic<std::int64_t> feed_lost_steady_ns_{kFeedHealthy};
};

// Whether a node may answer for credentials: its index was current within `bound`. With no
// IndexSync (a node that follows no journal, as in unit tests) it always may.
struct Staleness {
  const IndexSync* sync = nullptr;
  std::chrono::milliseconds bound{5000};
  bool fresh() const { return !sync || sync->fresh(bound); }
};

}  // namespace keyward::service

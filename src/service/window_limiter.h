// Counts events per key (a client address, a user id) in a sliding window and says when a key
// has had its share. Used to throttle authentication failures, to cap "email me the key" and to
// count failed sign-ins.
//
// Shared (SharedCounts, service/shared_limits.h), it also counts the events other nodes over the
// same store published: this node's own events exactly, theirs per bucket of a tenth of the
// window, each bucket as if all its events happened at its last moment, so a remote event may
// count up to one bucket longer than the window, never shorter. The other nodes' events reach
// this one only at the next sync: until then each node counts what it saw plus what it last read,
// so a key can exceed its limit by at most what the other nodes let through in two sync periods
// (docs/architecture.md). blocked() and add() never touch the store.
//
// Shared with a hash, every key is kept as its keyed hash (crypto/short_hash.h) from then on,
// here and in the store: the callers keep passing the key itself.
//
// Memory is bounded: at most kMaxKeys keys are tracked (and as many unpublished counts); past
// that the oldest are forgotten, which errs towards letting a request through rather than
// refusing everyone.
//
// Threading: a mutex guards the table; every method may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/time.h"
#include "service/shared_counts.h"

namespace keyward::service {

class WindowLimiter final : public SharedCounts {
 public:
  static constexpr size_t kMaxKeys = 100'000;
  static constexpr int kBucketsPerWindow = 10;

  WindowLimiter(int limit, std::chrono::milliseconds window);

  // When `key` has reached its limit at `now`: how long until it may go on. nullopt: go on.
  std::optional<std::chrono::seconds> blocked(const std::string& key, Timestamp now);
  // Counts one event for `key`.
  void add(const std::string& key, Timestamp now);
  // The events of `key` that count at `now`: inside the window and later than `after`; and when
  // the newest of them happened (a remote bucket's at its last moment).
  struct Tally {
    int count = 0;
    Timestamp latest{};
  };
  Tally tally(const std::string& key, Timestamp now, Timestamp after = {});
  // Forgets every event of `key` this node knows of, and its unpublished counts.
  void forget(const std::string& key);
  // forget() for every key that starts with `prefix` (as kept: for limiters shared without a
  // hash).
  void forget_prefix(std::string_view prefix);

  int limit() const { return limit_; }
  std::chrono::milliseconds window() const { return window_; }
  // The length of the buckets counts are shared in.
  std::chrono::milliseconds bucket() const { return bucket_; }

  void start_sharing(const crypto::ShortHash* hash) override;
  std::vector<BucketCount> take_unpublished(Timestamp now) override;
  void restore_unpublished(std::span<const BucketCount> counts) override;
  void merge(const BucketCount& count, std::int64_t origin, Timestamp now) override;
  std::chrono::milliseconds retention() const override { return window_ + bucket_; }

 private:
  struct Remote {
    std::int64_t bucket_ms = 0;
    std::int64_t origin = 0;
    std::int64_t count = 0;
  };
  struct Entry {
    std::deque<Timestamp> local;  // oldest first, at most limit_ of them
    std::vector<Remote> remote;   // by bucket, then origin
  };

  // When a remote bucket's events are taken to have happened: its last moment.
  Timestamp last_moment(const Remote& r) const;
  void prune_locked(Entry& e, Timestamp now) const;
  Tally tally_locked(const Entry& e, Timestamp after) const;
  Entry& entry_locked(const std::string& key);
  // The key as kept: its hash when shared with one.
  std::string kept(std::string_view key) const {
    return hash_ ? hash_->hex(key) : std::string(key);
  }

  const int limit_;
  const std::chrono::milliseconds window_;
  const std::chrono::milliseconds bucket_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::deque<std::string> order_;  // insertion order of keys, for forgetting the oldest
  bool sharing_ = false;
  const crypto::ShortHash* hash_ = nullptr;
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> unpublished_;  // (key, bucket)
};

}  // namespace keyward::service

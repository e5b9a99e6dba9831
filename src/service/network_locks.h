// Failed sign-ins counted per account and client network, and the locks they earn.
//
// A stranger who can type an account's username must not be able to keep its owner out, so the
// max_failures-th failure within `lockout` locks the account for that network only (IPv4 /24,
// IPv6 /64: see core/ip_mask.h); sign-in and the account's service key answer as locked there and
// nowhere else. Attempts during a lock are not counted, and only failures after a lock ends count
// towards the next, so a lock never extends itself. Across networks an account may fail at most
// kAccountCapPerHour times an hour (NIST SP 800-63B 5.2.2); the caller locks the whole account,
// in the store, when add_failure() says the cap was reached.
//
// Several nodes over one store count together (SharedCounts, service/shared_limits.h): each
// publishes its failures and reads the others', and a node whose count, its own and the others'
// together, reaches max_failures locks that network itself, as from the newest of those failures
// (another node's taken at the end of its bucket). So a lock set on one node holds on every node
// within two sync periods, and ends there at most one bucket (a tenth of `lockout`) later; a node
// started during a lock learns of it at its first sync and locks only for what is left. An
// administrator's unlock (clear_user) is published too and clears every node's locks and counts of
// the account. A successful sign-in (clear) clears this node's count of its network only: the
// others keep theirs, which errs towards locking. locked() and add_failure() never touch the store.
//
// At most kMaxEntries locks are tracked; past that the oldest are forgotten.
//
// Threading: a mutex guards the tables; every method may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/time.h"
#include "core/uuid.h"
#include "service/shared_counts.h"
#include "service/window_limiter.h"

namespace keyward::service {

class NetworkLocks final : public SharedCounts {
 public:
  static constexpr size_t kMaxEntries = 100'000;
  static constexpr int kAccountCapPerHour = 100;

  enum class Counted { kCounted, kNetworkLocked, kAccountCapReached };

  explicit NetworkLocks(int max_failures = 5,
                        std::chrono::seconds lockout = std::chrono::minutes(15));

  // Whether any network lock may still hold at `now`. Lock-free and allocation-free, so the
  // request path asks this before building a network's name for locked().
  bool any(Timestamp now) const {
    return to_epoch_ms(now) < last_lock_ends_ms_.load(std::memory_order_relaxed);
  }
  // Whether failures from `network` have locked `user` there at `now`.
  bool locked(const Uuid& user, std::string_view network, Timestamp now) const;
  // Counts a failure (nothing while the network is locked) and says whether it was the
  // max_failures-th within `lockout` (the network is now locked for `lockout`) or took the account
  // to its hourly cap.
  Counted add_failure(const Uuid& user, std::string_view network, Timestamp now);
  // A successful sign-in from `network` starts its count afresh (on this node).
  void clear(const Uuid& user, std::string_view network);
  // An administrator unlocked the account at `now`: every network's count and lock go, on this
  // node at once and on the others at their next sync.
  void clear_user(const Uuid& user, Timestamp now);

  int max_failures() const { return max_failures_; }
  std::chrono::seconds lockout() const { return lockout_; }

  // Keys are "n|<user>|<network's hash>" (failures from a network), "a|<user>" (failures of the
  // account) and "u|<user>" (an unlock, in the bucket of the moment it happened).
  void start_sharing(const crypto::ShortHash* hash) override;
  std::vector<BucketCount> take_unpublished(Timestamp now) override;
  void restore_unpublished(std::span<const BucketCount> counts) override;
  void merge(const BucketCount& count, std::int64_t origin, Timestamp now) override;
  std::chrono::milliseconds retention() const override;

 private:
  // "<user>|<network>", the network as its hash when shared with one. Called with mu_ held.
  std::string key_of(const Uuid& user, std::string_view network) const;
  // Called with mu_ held.
  void lock_locked(const std::string& key, Timestamp from);
  void unlock_locked(const std::string& user, Timestamp at);
  Timestamp count_after_locked(const std::string& key) const;

  const int max_failures_;
  const std::chrono::seconds lockout_;
  mutable std::mutex mu_;
  WindowLimiter failures_;     // keyed by key_of(user, network)
  WindowLimiter per_account_;  // keyed by user id
  // key_of(user, network) -> when its lock ends; kept after that as the point failures count
  // from, until it no longer matters.
  std::unordered_map<std::string, Timestamp> locks_;
  std::deque<std::string> lock_order_;  // insertion order of locks_, for forgetting the oldest
  std::unordered_map<std::string, Timestamp> unlocked_at_;  // user id -> latest unlock known
  bool sharing_ = false;
  const crypto::ShortHash* hash_ = nullptr;
  std::vector<BucketCount> unpublished_unlocks_;
  std::atomic<std::int64_t> last_lock_ends_ms_{0};  // the latest end of any lock set so far
};

}  // namespace keyward::service

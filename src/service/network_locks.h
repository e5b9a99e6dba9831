// Failed sign-ins counted per account and client network, and the locks they earn.
//
// A stranger who can type an account's username must not be able to keep its owner out, so the
// max_failures-th failure within `lockout` locks the account for that network only (IPv4 /24,
// IPv6 /64: see core/ip_mask.h); sign-in and the account's service key answer as locked there and
// nowhere else. Attempts during a lock are not counted, so a lock never extends itself. Across
// networks an account may fail at most kAccountCapPerHour times an hour (NIST SP 800-63B 5.2.2);
// the caller locks the whole account, in the store, when add_failure() says the cap was reached.
// The limits are the caller's (SessionService's SignInPolicy), passed with each failure.
//
// The counts live in this node's memory: several nodes each count on their own, which multiplies
// the per-network allowance by the number of nodes but never lets a lock outlive `lockout`.
// At most kMaxEntries (account, network) pairs are tracked; past that the oldest are forgotten.
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

#include "core/time.h"
#include "core/uuid.h"
#include "service/window_limiter.h"

namespace keyward::service {

class NetworkLocks {
 public:
  static constexpr size_t kMaxEntries = 100'000;
  static constexpr int kAccountCapPerHour = 100;

  enum class Counted { kCounted, kNetworkLocked, kAccountCapReached };

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
  Counted add_failure(const Uuid& user, std::string_view network, Timestamp now, int max_failures,
                      std::chrono::seconds lockout);
  // A successful sign-in from `network` starts its count afresh.
  void clear(const Uuid& user, std::string_view network);
  // An administrator unlocked the account: every network's count and lock on this node go.
  void clear_user(const Uuid& user);

 private:
  struct Entry {
    std::deque<Timestamp> failures;  // within the last `lockout`
    Timestamp locked_until{};
  };
  static std::string key_of(const Uuid& user, std::string_view network);
  void forget_oldest();

  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::deque<std::string> order_;  // insertion order of entries_, for forgetting the oldest
  WindowLimiter per_account_{kAccountCapPerHour, std::chrono::hours(1)};  // keyed by user id
  std::atomic<std::int64_t> last_lock_ends_ms_{0};  // the latest end of any lock set so far
};

}  // namespace keyward::service

// A key's controls (core/key_controls.h) as the verify path applies them: the configuration, and
// the counters it keeps in this node's memory (rate-limit windows, credits left).
//
// Rate limits count in fixed windows aligned to the epoch: within one window at most `limit`
// verifications pass, exactly, on one node. A verification passes only if every check does, and
// only a passing one is counted or spends credits, so a refused attempt never uses up the budget
// of the good ones. Checks, in order: the client's network, the scopes asked for, the rate limits,
// the credits.
//
// Credits: the count a node starts from is the store's; each pass spends `cost`, never taking the
// count below zero. What was spent is written back by the CreditFlusher (credit_flusher.h) as a
// decrement, which is how several nodes share one count; the store's answer becomes this node's
// count again, less what was spent meanwhile.
//
// Threading: admit() and the flusher's calls may come from any thread; a mutex per key guards
// the counters (only keys with controls have one, and it is held for a few comparisons).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/key_controls.h"
#include "core/key_kind.h"
#include "core/time.h"

namespace keyward::service {

// What a verification asks of a key beyond being usable.
struct KeyDemands {
  std::span<const std::string_view> scopes = {};  // every one must be held
  // The client's address, checked against the key's allow-list. Empty: not known, and a key
  // with an allow-list is then refused (fail closed).
  std::string_view client_ip = {};
  std::int64_t cost = 1;  // credits a pass spends
};

enum class ControlVerdict : std::uint8_t {
  kPassed,
  kIpNotAllowed,
  kInsufficientScope,
  kRateLimited,
  kUsageExceeded,
};

std::string_view to_string(ControlVerdict verdict);  // "ip_not_allowed", ...

struct Admission {
  ControlVerdict verdict = ControlVerdict::kPassed;
  std::int64_t retry_after_s = 0;  // kRateLimited: until the window that refused ends
  std::optional<std::int64_t> credits_remaining;  // for keys with credits, after this pass
  // Of a passing key: the organization's own scopes it holds (shared, so that answering with them
  // copies nothing); null when it holds none.
  std::shared_ptr<const std::vector<std::string>> own_scopes;
};

// Whether a key with these read/write scopes and no controls holds every scope demanded.
bool holds_scopes(Scopes builtin, std::span<const std::string> own,
                  std::span<const std::string_view> demanded);

class LiveControls {
 public:
  explicit LiveControls(KeyControls config);

  const KeyControls& config() const { return config_; }

  Admission admit(Scopes builtin, const KeyDemands& demands, Timestamp now);
  // The credit count at `now` (refilled when due).
  std::int64_t credits_now(Timestamp now);

  // Takes over the counters of the same key's previous configuration: rate-limit windows whose
  // limit and window are unchanged, and the live credit count unless the new configuration set
  // the count afresh (its credits' set_at is newer).
  void carry_over(LiveControls& previous);

  // For the flusher: what was spent since the last take (and the refill period it belongs to).
  struct Spent {
    std::int64_t amount = 0;
    Timestamp period_start{};  // Credits::set_at of the period the spending was in
  };
  std::optional<Spent> take_spent(Timestamp now);
  // The store's count after the flusher's decrement: this node's count becomes it, less what
  // was spent here since the take.
  void settle(std::int64_t stored_remaining, Timestamp stored_set_at);
  // Gives back a take the store did not record, so it is written next time.
  void restore(std::int64_t spent_taken, Timestamp period_start);

 private:
  // A rate limit beside its window's count, so that a check reads one array.
  struct Window {
    RateLimit limit;
    std::int64_t index = -1;  // which window (epoch seconds / window_seconds)
    std::int64_t count = 0;
  };
  // Networks held in the object itself: most allow-lists are a few entries, and reading them
  // where the counters are saves the verify path a cache miss on keys drawn at random.
  static constexpr std::size_t kInlineNetworks = 4;

  bool allows(std::string_view client_ip) const;
  // Refills the count when a refill is due at `now` (called with mu_ held).
  void refill_locked(Timestamp now);

  // What the verify path reads, together: the allow-list, the scopes and the windows.
  std::uint8_t inline_networks_ = 0;  // how many of networks_ are used; the rest: config_
  std::uint8_t window_count_ = 0;
  std::array<IpNetwork, kInlineNetworks> networks_{};
  const std::shared_ptr<const std::vector<std::string>> own_scopes_;  // null when none
  std::mutex mu_;
  std::array<Window, kMaxRateLimits> windows_{};
  std::int64_t credits_ = 0;
  Timestamp period_start_{};   // when the current credit count was set or last refilled
  Timestamp stored_period_{};  // the period the store's count is known to be of
  std::int64_t unflushed_ = 0;
  const KeyControls config_;
};

}  // namespace keyward::service

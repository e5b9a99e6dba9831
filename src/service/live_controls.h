// A key's controls (core/key_controls.h) as the verify path applies them: the configuration, and
// the counters it keeps in this node's memory (rate-limit windows, credits left).
//
// Rate limits count in fixed windows aligned to the epoch: within one window at most `limit`
// verifications pass, exactly, on one node. A verification passes only if every check does, and
// only a passing one is counted or spends credits, so a refused attempt never uses up the budget
// of the good ones. Checks, in order: the client's network, the scopes asked for, the rate limits,
// the credits.
//
// With several nodes over one store, each window's count also holds what the other nodes let
// through in it, as last merged (RateLimitCounts, service/rate_limit_counts.h, takes this node's
// own passes for them and brings theirs): a verification passes while this node's passes plus
// theirs are under the limit, and the check compares one number, in memory, under the same mutex,
// as on a node alone. What sharing needs beside the count is kept apart, made only once a key is
// shared, and never read on the verify path: a merge that brings the others' passes in the window
// this node's clock is in begins that window itself, with them; a window the verify path begins
// (its clock reached it before the merge, or the others' clock was ahead) gets the passes already
// known for it at the next take or merge, within a sync period. A window whose length is
// unchanged keeps its counts when its limit changes, so that the count means the same on every
// node whichever configuration each holds: a raised limit lets through the difference, a lowered
// one refuses until the window ends.
//
// Credits: the count a node starts from is the store's; each pass spends `cost`, never taking the
// count below zero. What was spent is written back by the CreditFlusher (credit_flusher.h) as a
// decrement, which is how several nodes share one count; the store's answer becomes this node's
// count again, less what was spent meanwhile.
//
// Threading: admit() and the background calls may come from any thread; a lock per key guards
// the counters (only keys with controls have one). It is held for a few comparisons, so it is a
// spin lock (spin_lock.h).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
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
#include "service/spin_lock.h"

namespace keyward::service {

// What a verification asks of a key beyond being usable.
struct KeyDemands {
  std::span<const std::string_view> scopes = {};  // every one must be held
  // The client's address, checked against the key's allow-list. Empty: not known, and a key
  // with an allow-list is then refused (fail closed).
  std::string_view client_ip = {};
  std::int64_t cost = 1;  // credits a pass spends
  // When set, called with each of the organization's own scopes the key holds, once it passes
  // (the verify answer lists them). Called under the index's lock: copy the name, do not keep it.
  std::function<void(std::string_view)> own_scope = {};
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
};

// Whether a key with these read/write scopes and these scopes of its own (sorted) holds every
// scope demanded.
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
  // length is unchanged (whatever their limit), and the live credit count unless the new
  // configuration set the count afresh (its credits' set_at is newer).
  void carry_over(LiveControls& previous);

  // A count of one window of a given length: which window (epoch seconds / window_seconds) and
  // how many passes.
  struct WindowCount {
    std::int64_t window_seconds = 0;
    std::int64_t index = 0;
    std::int64_t count = 0;
  };
  // For sharing: per window length, the passes counted here since the last take in the window
  // under way (windows that ended before `now` are skipped: they no longer matter). Writes at
  // most one per length into `out` and returns how many.
  std::size_t take_unpublished(Timestamp now, std::span<WindowCount, kMaxRateLimits> out);
  // Gives back a take that was not published, so it goes with the next.
  void restore_unpublished(const WindowCount& taken);
  // What the other nodes let through in a window, all together, at `now`. A count for an older
  // window than the last, or lower than the last of the same, changes nothing; one for a window
  // this node's clock has not reached yet counts from the first take or merge once it has.
  void merge_others(const WindowCount& others, Timestamp now);

  // For the flusher: what was spent since the last take (and the refill period it belongs to).
  struct Spent {
    std::int64_t amount = 0;
    Timestamp period_start{};  // Credits::set_at of the period the spending was in
  };
  // `small_may_wait`: spending that is at most 1% of the count it was spent from stays here
  // (nullopt) for a later take, unless a refill is yet to be written.
  std::optional<Spent> take_spent(Timestamp now, bool small_may_wait = false);
  // The store's count after the flusher's decrement: this node's count becomes it, less what
  // was spent here since the take.
  void settle(std::int64_t stored_remaining, Timestamp stored_set_at);
  // Gives back a take the store did not record, so it is written next time.
  void restore(std::int64_t spent_taken, Timestamp period_start);

 private:
  // A rate limit beside its window's count, so that a check reads one array (32 bytes).
  struct Window {
    std::int64_t limit = 0;
    std::int64_t index = -1;  // which window (epoch seconds / window_seconds)
    // The passes counted here in it, plus what the other nodes let through in it as far as
    // merged (Shared::included): what a check compares with the limit, in one number.
    std::int64_t count = 0;
    std::int32_t window_seconds = 0;
    // Windows begun: how sharing tells that the count began again since it last looked, without
    // the verify path touching anything but the window.
    std::uint32_t rolls = 0;
  };
  // A window's part in sharing, apart from the windows: the verify path never reads it, and it is
  // made only when a key's windows are first shared (so a node alone holds none). Brought up to
  // date with the window under mu_, on the background thread's calls (catch_up_locked).
  struct Shared {
    // The other nodes' passes in window `index` as last merged: the window under way, or one this
    // node's clock has not reached yet.
    std::int64_t index = -1;
    std::int64_t others = 0;
    std::uint32_t rolls = 0;     // Window::rolls when `included` and `published` were of it
    std::int64_t included = 0;   // of the others' passes, how many are in the window's count
    std::int64_t published = 0;  // of this node's passes in the window, how many were taken
  };
  // Networks held in the object itself: most allow-lists are a few entries, and reading them
  // where the counters are saves the verify path a cache miss on keys drawn at random.
  static constexpr std::size_t kInlineNetworks = 4;

  bool allows(std::string_view client_ip) const;
  // windows_[i]'s Shared, made when first needed (called with mu_ held).
  Shared& shared_locked(std::size_t i);
  // Brings windows_[i] and its Shared up to date (called with mu_ held): the others' passes go
  // into its count once, again after it began anew; and when this node's clock is in (`current`,
  // a window index) a window the others counted in but this node has not, that window begins.
  void catch_up_locked(std::size_t i, std::int64_t current);
  // Windows of one length count the same passes, so the first of them speaks for all when
  // sharing: the position of the first with this length (window_count_ when none).
  std::size_t first_of_length_seconds(std::int64_t window_seconds) const;
  std::size_t first_of_length(std::size_t i) const {
    return first_of_length_seconds(windows_[i].window_seconds);
  }
  // Refills the count when a refill is due at `now` (called with mu_ held).
  void refill_locked(Timestamp now);
  // The rate limits, then the credits, for a verification that passed every other check: counts
  // it when they let it through (called with mu_ held).
  Admission count_locked(std::int64_t cost, Timestamp now);

  // What admit() reads comes first, so that a key drawn at random costs as few cache misses as
  // can be: the first 64 bytes hold the lock, the flags, the credit counters and the scopes; the
  // allowed networks and the windows follow. What only the background thread reads comes last.
  // (Not aligned to a cache line: aligned allocations of many objects fragment malloc's heap,
  // which slowed every later allocation more than the alignment saved.)
  SpinLock mu_;                       // guards the counters: credits, windows, shared_
  std::uint8_t window_count_ = 0;     // how many of windows_ are in use
  std::uint8_t inline_networks_ = 0;  // how many of networks_ are used; the rest: config_
  bool checks_ip_ = false;            // the key has an allow-list
  bool has_credits_ = false;
  std::int64_t credits_ = 0;
  Timestamp period_start_{};  // when the current credit count was set or last refilled
  // The refill's interval, copied from config_ so that the verify path does not read it there.
  std::int64_t refill_interval_ms_ = 0;  // 0: none
  std::int64_t unflushed_ = 0;
  const std::vector<std::string> own_scopes_;  // config_.scopes, where admit() reads
  std::int64_t refill_amount_ = 0;
  std::array<IpNetwork, kInlineNetworks> networks_{};
  std::array<Window, kMaxRateLimits> windows_{};

  Timestamp stored_period_{};  // the period the store's count is known to be of
  const KeyControls config_;
  std::unique_ptr<Shared[]> shared_;  // one per window; null until shared
};

}  // namespace keyward::service

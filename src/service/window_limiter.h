// Counts events per key (a client address, an email address) in a sliding window and says when a
// key has had its share. Used to throttle authentication failures and to cap "email me the key".
//
// Memory is bounded: at most kMaxKeys keys are tracked; past that the oldest are forgotten, which
// errs towards letting a request through rather than refusing everyone.
//
// Threading: a mutex guards the table; every method may be called from any thread.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/time.h"

namespace keyward::service {

class WindowLimiter {
 public:
  static constexpr size_t kMaxKeys = 100'000;

  WindowLimiter(int limit, std::chrono::seconds window) : limit_(limit), window_(window) {}

  // When `key` has reached its limit at `now`: how long until it may go on. nullopt: go on.
  std::optional<std::chrono::seconds> blocked(const std::string& key, Timestamp now);
  // Counts one event for `key`.
  void add(const std::string& key, Timestamp now);
  // Forgets every event of `key`.
  void forget(const std::string& key);

  int limit() const { return limit_; }

 private:
  void prune_locked(std::deque<Timestamp>& events, Timestamp now) const;

  const int limit_;
  const std::chrono::seconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<Timestamp>> events_;
  std::deque<std::string> order_;  // insertion order of keys, for forgetting the oldest
};

}  // namespace keyward::service

#include "service/window_limiter.h"

namespace keyward::service {

void WindowLimiter::prune_locked(std::deque<Timestamp>& events, Timestamp now) const {
  while (!events.empty() && now - events.front() >= window_) events.pop_front();
}

std::optional<std::chrono::seconds> WindowLimiter::blocked(const std::string& key, Timestamp now) {
  std::lock_guard lock(mu_);
  const auto it = events_.find(key);
  if (it == events_.end()) return std::nullopt;
  prune_locked(it->second, now);
  if (static_cast<int>(it->second.size()) < limit_) return std::nullopt;
  // Free again when the oldest counted event leaves the window; round up to whole seconds.
  const auto wait = it->second.front() + window_ - now;
  return std::chrono::ceil<std::chrono::seconds>(wait);
}

void WindowLimiter::add(const std::string& key, Timestamp now) {
  std::lock_guard lock(mu_);
  auto [it, inserted] = events_.try_emplace(key);
  if (inserted) {
    order_.push_back(key);
    while (events_.size() > kMaxKeys) {
      events_.erase(order_.front());
      order_.pop_front();
    }
  }
  prune_locked(it->second, now);
  it->second.push_back(now);
  // Keep no more history than the limit needs.
  while (static_cast<int>(it->second.size()) > limit_) it->second.pop_front();
}

void WindowLimiter::forget(const std::string& key) {
  std::lock_guard lock(mu_);
  events_.erase(key);  // its place in order_ goes when it reaches the front
}

}  // namespace keyward::service

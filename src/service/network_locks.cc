#include "service/network_locks.h"

#include <algorithm>

namespace keyward::service {
namespace {

void drop_before(std::deque<Timestamp>& events, Timestamp cutoff) {
  while (!events.empty() && events.front() <= cutoff) events.pop_front();
}

}  // namespace

std::string NetworkLocks::key_of(const Uuid& user, std::string_view network) {
  std::string key = user.to_string();
  key += '|';
  key += network;
  return key;
}

bool NetworkLocks::locked(const Uuid& user, std::string_view network, Timestamp now) const {
  if (!any(now)) return false;
  std::lock_guard lock(mu_);
  const auto it = entries_.find(key_of(user, network));
  return it != entries_.end() && now < it->second.locked_until;
}

NetworkLocks::Counted NetworkLocks::add_failure(const Uuid& user, std::string_view network,
                                                Timestamp now, int max_failures,
                                                std::chrono::seconds lockout) {
  const auto window = std::chrono::duration_cast<std::chrono::milliseconds>(lockout);
  std::lock_guard lock(mu_);
  const std::string key = key_of(user, network);
  auto [it, fresh] = entries_.try_emplace(key);
  if (fresh) {
    order_.push_back(key);
    if (entries_.size() > kMaxEntries || order_.size() > 2 * kMaxEntries) forget_oldest();
  }
  Entry& e = it->second;
  if (now < e.locked_until) return Counted::kCounted;  // a lock does not extend itself
  drop_before(e.failures, now - window);
  e.failures.push_back(now);

  const std::string account = user.to_string();
  per_account_.add(account, now);
  if (per_account_.blocked(account, now)) return Counted::kAccountCapReached;

  if (static_cast<int>(e.failures.size()) >= max_failures) {
    e.failures.clear();
    e.locked_until = now + window;
    const std::int64_t ends = to_epoch_ms(e.locked_until);
    if (ends > last_lock_ends_ms_.load(std::memory_order_relaxed)) {
      last_lock_ends_ms_.store(ends, std::memory_order_relaxed);  // under mu_: no lost update
    }
    return Counted::kNetworkLocked;
  }
  return Counted::kCounted;
}

void NetworkLocks::clear(const Uuid& user, std::string_view network) {
  std::lock_guard lock(mu_);
  entries_.erase(key_of(user, network));
}

void NetworkLocks::clear_user(const Uuid& user) {
  std::lock_guard lock(mu_);
  const std::string prefix = user.to_string() + "|";
  std::erase_if(entries_, [&](const auto& kv) { return kv.first.starts_with(prefix); });
  per_account_.forget(user.to_string());
}

void NetworkLocks::forget_oldest() {
  // Called with mu_ held. order_ may name keys cleared since; rebuilding it drops them.
  while (entries_.size() > kMaxEntries && !order_.empty()) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
  if (order_.size() > 2 * kMaxEntries) {
    std::erase_if(order_, [&](const std::string& k) { return !entries_.contains(k); });
  }
}

}  // namespace keyward::service

#include "service/network_locks.h"

#include <algorithm>

namespace keyward::service {
namespace {

constexpr std::string_view kNetworkPrefix = "n|";
constexpr std::string_view kAccountPrefix = "a|";
constexpr std::string_view kUnlockPrefix = "u|";
constexpr std::size_t kUserIdLength = 36;  // a UUID's text

// The user id a shared key names after its prefix, or empty.
std::string user_of(std::string_view rest) {
  if (rest.size() < kUserIdLength) return {};
  const std::string_view id = rest.substr(0, kUserIdLength);
  if (!Uuid::parse(id)) return {};
  return std::string(id);
}

}  // namespace

NetworkLocks::NetworkLocks(int max_failures, std::chrono::seconds lockout)
    : max_failures_(max_failures),
      lockout_(lockout),
      failures_(max_failures, lockout),
      per_account_(kAccountCapPerHour, std::chrono::hours(1)) {}

std::string NetworkLocks::key_of(const Uuid& user, std::string_view network) const {
  std::string key = user.to_string();
  key += '|';
  key += hash_ ? hash_->hex(network) : std::string(network);
  return key;
}

bool NetworkLocks::locked(const Uuid& user, std::string_view network, Timestamp now) const {
  if (!any(now)) return false;
  std::lock_guard lock(mu_);
  const auto it = locks_.find(key_of(user, network));
  return it != locks_.end() && now < it->second;
}

Timestamp NetworkLocks::count_after_locked(const std::string& key) const {
  // Failures up to the end of the last lock were counted towards it, or met it.
  const auto it = locks_.find(key);
  return it == locks_.end() ? Timestamp{} : it->second - std::chrono::milliseconds(1);
}

void NetworkLocks::lock_locked(const std::string& key, Timestamp from) {
  auto [it, fresh] = locks_.insert_or_assign(key, from + lockout_);
  if (fresh) {
    lock_order_.push_back(key);
    while (locks_.size() > kMaxEntries && !lock_order_.empty()) {
      if (lock_order_.front() != key) locks_.erase(lock_order_.front());
      lock_order_.pop_front();
    }
    if (lock_order_.size() > 2 * kMaxEntries) {
      std::erase_if(lock_order_, [&](const std::string& k) { return !locks_.contains(k); });
    }
  }
  const std::int64_t ends = to_epoch_ms(it->second);
  if (ends > last_lock_ends_ms_.load(std::memory_order_relaxed)) {
    last_lock_ends_ms_.store(ends, std::memory_order_relaxed);  // under mu_: no lost update
  }
}

NetworkLocks::Counted NetworkLocks::add_failure(const Uuid& user, std::string_view network,
                                                Timestamp now) {
  std::lock_guard lock(mu_);
  const std::string key = key_of(user, network);
  if (const auto it = locks_.find(key); it != locks_.end() && now < it->second) {
    return Counted::kCounted;  // a lock does not extend itself
  }
  failures_.add(key, now);
  const std::string account = user.to_string();
  per_account_.add(account, now);
  if (per_account_.blocked(account, now)) return Counted::kAccountCapReached;
  if (failures_.tally(key, now, count_after_locked(key)).count >= max_failures_) {
    lock_locked(key, now);
    return Counted::kNetworkLocked;
  }
  return Counted::kCounted;
}

void NetworkLocks::clear(const Uuid& user, std::string_view network) {
  std::lock_guard lock(mu_);
  const std::string key = key_of(user, network);
  locks_.erase(key);
  failures_.forget(key);
}

void NetworkLocks::unlock_locked(const std::string& user, Timestamp at) {
  const std::string prefix = user + "|";
  std::erase_if(locks_, [&](const auto& kv) { return kv.first.starts_with(prefix); });
  failures_.forget_prefix(prefix);
  per_account_.forget(user);
  Timestamp& known = unlocked_at_[user];
  known = std::max(known, at);
}

void NetworkLocks::clear_user(const Uuid& user, Timestamp now) {
  std::lock_guard lock(mu_);
  const std::string id = user.to_string();
  unlock_locked(id, now);
  if (sharing_) {
    unpublished_unlocks_.push_back(
        BucketCount{std::string(kUnlockPrefix) + id, to_epoch_ms(now), 1});
  }
}

void NetworkLocks::start_sharing(const crypto::ShortHash* hash) {
  std::lock_guard lock(mu_);
  sharing_ = true;
  hash_ = hash;
  // Their keys are made here: user ids, and networks already hashed.
  failures_.start_sharing(nullptr);
  per_account_.start_sharing(nullptr);
}

std::vector<BucketCount> NetworkLocks::take_unpublished(Timestamp now) {
  std::lock_guard lock(mu_);
  std::vector<BucketCount> out = std::move(unpublished_unlocks_);
  unpublished_unlocks_.clear();
  for (auto& c : failures_.take_unpublished(now)) {
    c.key.insert(0, kNetworkPrefix);
    out.push_back(std::move(c));
  }
  for (auto& c : per_account_.take_unpublished(now)) {
    c.key.insert(0, kAccountPrefix);
    out.push_back(std::move(c));
  }
  // Unlocks that no longer matter are forgotten here, where it costs nothing on the request path.
  std::erase_if(unlocked_at_, [&](const auto& kv) { return now - kv.second >= retention(); });
  return out;
}

void NetworkLocks::restore_unpublished(std::span<const BucketCount> counts) {
  std::lock_guard lock(mu_);
  for (const auto& c : counts) {
    const std::string_view key = c.key;
    BucketCount stripped{std::string(key.substr(2)), c.bucket_ms, c.count};
    if (key.starts_with(kNetworkPrefix)) {
      failures_.restore_unpublished(std::span(&stripped, 1));
    } else if (key.starts_with(kAccountPrefix)) {
      per_account_.restore_unpublished(std::span(&stripped, 1));
    } else if (key.starts_with(kUnlockPrefix)) {
      unpublished_unlocks_.push_back(c);
    }
  }
}

void NetworkLocks::merge(const BucketCount& count, std::int64_t origin, Timestamp now) {
  const std::string_view key = count.key;
  if (key.size() < 2) return;
  const std::string_view rest = key.substr(2);
  const std::string user = user_of(rest);
  if (user.empty()) return;
  std::lock_guard lock(mu_);
  if (key.starts_with(kUnlockPrefix)) {
    const Timestamp at = from_epoch_ms(count.bucket_ms);
    const auto known = unlocked_at_.find(user);
    if (now - at < retention() && (known == unlocked_at_.end() || known->second < at)) {
      unlock_locked(user, at);
    }
    return;
  }
  // A bucket begun before the account's last unlock counted towards what the unlock cleared.
  if (const auto unlocked = unlocked_at_.find(user);
      unlocked != unlocked_at_.end() && from_epoch_ms(count.bucket_ms) < unlocked->second) {
    return;
  }
  const BucketCount stripped{std::string(rest), count.bucket_ms, count.count};
  if (key.starts_with(kAccountPrefix)) {
    per_account_.merge(stripped, origin, now);
    return;
  }
  if (!key.starts_with(kNetworkPrefix)) return;
  failures_.merge(stripped, origin, now);
  // The other nodes' failures and ours together may have reached the limit: lock here too.
  const auto lock_it = locks_.find(stripped.key);
  if (lock_it != locks_.end() && now < lock_it->second) return;
  const auto seen = failures_.tally(stripped.key, now, count_after_locked(stripped.key));
  if (seen.count >= max_failures_ && now < seen.latest + lockout_) {
    lock_locked(stripped.key, seen.latest);
  }
}

std::chrono::milliseconds NetworkLocks::retention() const {
  return std::max(failures_.retention(), per_account_.retention());
}

}  // namespace keyward::service

#include "service/window_limiter.h"

#include <algorithm>
#include <limits>

namespace keyward::service {

WindowLimiter::WindowLimiter(int limit, std::chrono::milliseconds window)
    : limit_(limit),
      window_(window),
      bucket_(std::max(std::chrono::milliseconds(std::chrono::seconds(1)),
                       window / kBucketsPerWindow)) {}

Timestamp WindowLimiter::last_moment(const Remote& r) const {
  return from_epoch_ms(r.bucket_ms) + bucket_ - std::chrono::milliseconds(1);
}

void WindowLimiter::prune_locked(Entry& e, Timestamp now) const {
  while (!e.local.empty() && now - e.local.front() >= window_) e.local.pop_front();
  std::erase_if(e.remote, [&](const Remote& r) { return now - last_moment(r) >= window_; });
}

WindowLimiter::Tally WindowLimiter::tally_locked(const Entry& e, Timestamp after) const {
  std::int64_t n = 0;
  Timestamp latest{};
  for (const Timestamp t : e.local) {
    if (t <= after) continue;
    n += 1;
    latest = std::max(latest, t);
  }
  for (const Remote& r : e.remote) {
    const Timestamp t = last_moment(r);
    if (t <= after) continue;
    n += r.count;
    latest = std::max(latest, t);
  }
  return Tally{static_cast<int>(std::min<std::int64_t>(n, std::numeric_limits<int>::max())),
               latest};
}

WindowLimiter::Entry& WindowLimiter::entry_locked(const std::string& key) {
  auto [it, inserted] = entries_.try_emplace(key);
  if (inserted) {
    order_.push_back(key);
    while (entries_.size() > kMaxKeys) {
      if (order_.front() == key) break;  // never the one just made
      entries_.erase(order_.front());
      order_.pop_front();
    }
    // Keys forgotten since are still in order_; drop them once they outnumber the live ones.
    if (order_.size() > 2 * kMaxKeys) {
      std::erase_if(order_, [&](const std::string& k) { return !entries_.contains(k); });
    }
  }
  return it->second;
}

std::optional<std::chrono::seconds> WindowLimiter::blocked(const std::string& key, Timestamp now) {
  std::lock_guard lock(mu_);
  const auto it = entries_.find(hash_ ? kept(key) : key);
  if (it == entries_.end()) return std::nullopt;
  Entry& e = it->second;
  prune_locked(e, now);
  const int n = tally_locked(e, Timestamp{}).count;
  if (n < limit_) return std::nullopt;
  // Free again once n - limit + 1 events have left the window: walk both lists (each in time
  // order) by when their events leave, without allocating.
  std::int64_t to_leave = n - limit_ + 1;
  auto local = e.local.begin();
  auto remote = e.remote.begin();
  Timestamp leaves = now;
  while (to_leave > 0) {
    const bool take_local =
        remote == e.remote.end() || (local != e.local.end() && *local <= last_moment(*remote));
    if (take_local) {
      if (local == e.local.end()) break;
      leaves = *local++ + window_;
      to_leave -= 1;
    } else {
      leaves = last_moment(*remote) + window_;
      to_leave -= remote->count;
      ++remote;
    }
  }
  // Round up to whole seconds: telling a client less would have it come back too early.
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(leaves - now));
}

void WindowLimiter::add(const std::string& event_key, Timestamp now) {
  std::lock_guard lock(mu_);
  const std::string key = kept(event_key);
  Entry& e = entry_locked(key);
  prune_locked(e, now);
  e.local.push_back(now);
  // Keep no more history than the limit needs.
  while (static_cast<int>(e.local.size()) > limit_) e.local.pop_front();
  if (sharing_) {
    const std::int64_t ms = to_epoch_ms(now);
    const std::int64_t bucket_ms = ms - ms % bucket_.count();
    auto slot = unpublished_.find({key, bucket_ms});
    if (slot != unpublished_.end()) {
      ++slot->second;
    } else if (unpublished_.size() < kMaxKeys) {
      unpublished_.emplace(std::pair{key, bucket_ms}, 1);
    }
  }
}

WindowLimiter::Tally WindowLimiter::tally(const std::string& key, Timestamp now, Timestamp after) {
  std::lock_guard lock(mu_);
  const auto it = entries_.find(hash_ ? kept(key) : key);
  if (it == entries_.end()) return {};
  prune_locked(it->second, now);
  return tally_locked(it->second, after);
}

void WindowLimiter::forget(const std::string& forgotten) {
  std::lock_guard lock(mu_);
  const std::string key = kept(forgotten);
  entries_.erase(key);  // its place in order_ goes when it reaches the front
  std::erase_if(unpublished_, [&](const auto& kv) { return kv.first.first == key; });
}

void WindowLimiter::forget_prefix(std::string_view prefix) {
  std::lock_guard lock(mu_);
  std::erase_if(entries_, [&](const auto& kv) { return kv.first.starts_with(prefix); });
  std::erase_if(unpublished_, [&](const auto& kv) { return kv.first.first.starts_with(prefix); });
}

void WindowLimiter::start_sharing(const crypto::ShortHash* hash) {
  std::lock_guard lock(mu_);
  sharing_ = true;
  hash_ = hash;
}

std::vector<BucketCount> WindowLimiter::take_unpublished(Timestamp now) {
  std::lock_guard lock(mu_);
  std::vector<BucketCount> out;
  out.reserve(unpublished_.size());
  for (auto& [slot, n] : unpublished_) {
    // A bucket whose events have all left every window needs telling no one.
    if (now - from_epoch_ms(slot.second) >= retention()) continue;
    out.push_back(BucketCount{slot.first, slot.second, n});
  }
  unpublished_.clear();
  return out;
}

void WindowLimiter::restore_unpublished(std::span<const BucketCount> counts) {
  std::lock_guard lock(mu_);
  for (const auto& c : counts) {
    auto slot = unpublished_.find({c.key, c.bucket_ms});
    if (slot != unpublished_.end()) {
      slot->second += c.count;
    } else if (unpublished_.size() < kMaxKeys) {
      unpublished_.emplace(std::pair{c.key, c.bucket_ms}, c.count);
    }
  }
}

void WindowLimiter::merge(const BucketCount& count, std::int64_t origin, Timestamp now) {
  const Remote incoming{count.bucket_ms, origin, count.count};
  if (now - last_moment(incoming) >= window_ || count.count <= 0) return;  // already over
  std::lock_guard lock(mu_);
  Entry& e = entry_locked(count.key);
  const auto at = std::lower_bound(
      e.remote.begin(), e.remote.end(), incoming, [](const Remote& a, const Remote& b) {
        return std::pair{a.bucket_ms, a.origin} < std::pair{b.bucket_ms, b.origin};
      });
  if (at != e.remote.end() && at->bucket_ms == incoming.bucket_ms && at->origin == origin) {
    // Counts only grow; an older read arriving late must not lower one.
    at->count = std::max(at->count, incoming.count);
  } else {
    e.remote.insert(at, incoming);
  }
}

}  // namespace keyward::service

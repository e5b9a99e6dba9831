#include "service/index_sync.h"

namespace keyward::service {
namespace {

constexpr size_t kJournalPage = 512;

}  // namespace

Status IndexSync::load() {
  std::lock_guard lock(mu_);
  return load_locked();
}

Status IndexSync::load_locked() {
  // Read the journal position (and the time) first: anything written while we load is replayed
  // by catch_up(), and replaying an entity already loaded is harmless (versions decide).
  const Timestamp started = clock_.now();
  const auto started_steady = std::chrono::steady_clock::now();
  auto last = store_.last_change();
  if (!last) return fail(last.error());
  auto orgs = store_.list_organizations();
  if (!orgs) return fail(orgs.error());
  auto users = store_.list_users();
  if (!users) return fail(users.error());
  KeyTable keys;
  if (auto s = store_.scan_unrevoked_keys([&](const store::IndexedKeyRow& k) { keys.put(k); });
      !s) {
    return s;
  }
  auto sessions = store_.list_active_sessions(clock_.now());
  if (!sessions) return fail(sessions.error());
  auto settings = store_.get_settings();
  if (!settings) return fail(settings.error());
  index_.reset(*orgs, *users, keys, *sessions);
  settings_.put(*settings);
  seen_ = *last;
  mark_synced(started, started_steady);
  return {};
}

Status IndexSync::apply(const store::Change& change) {
  switch (change.kind) {
    case store::EntityKind::kOrganization: {
      auto org = store_.get_organization(change.id);
      if (!org) return fail(org.error());
      index_.put(*org);
      return {};
    }
    case store::EntityKind::kUser: {
      auto user = store_.get_user(change.id);
      if (!user) return fail(user.error());
      index_.put(*user);
      return {};
    }
    case store::EntityKind::kKey: {
      auto key = store_.get_key(change.id);
      if (!key) return fail(key.error());
      index_.put(*key);
      return {};
    }
    case store::EntityKind::kSession: {
      auto session = store_.get_session(change.id);
      if (!session) return fail(session.error());
      index_.put(*session);
      return {};
    }
    case store::EntityKind::kSettings: {
      auto settings = store_.get_settings();
      if (!settings) return fail(settings.error());
      settings_.put(*settings);
      return {};
    }
    case store::EntityKind::kApplication:
      return {};  // applications hold no credentials the index needs
  }
  return {};
}

Result<size_t> IndexSync::catch_up() {
  std::lock_guard lock(mu_);
  const Timestamp started = clock_.now();
  const auto started_steady = std::chrono::steady_clock::now();
  size_t applied = 0;
  for (;;) {
    auto changes = store_.changes_after(seen_, kJournalPage);
    if (!changes && changes.error().code == Errc::kNotFound) {
      // The journal was pruned past what this node has read: what it missed is gone from the
      // journal but not from the store, so read the store whole.
      if (auto s = load_locked(); !s) return fail(s.error());
      return applied;
    }
    if (!changes) return fail(changes.error());
    for (const auto& change : *changes) {
      if (auto s = apply(change); !s) {
        // A session the journal names may since have been deleted as long dead
        // (Store::prune_expired()): the store now holds less than the journal says, so read it
        // whole rather than stop following.
        if (s.error().code != Errc::kNotFound || change.kind != store::EntityKind::kSession) {
          return fail(s.error());
        }
        if (auto r = load_locked(); !r) return fail(r.error());
        return applied;
      }
      seen_ = change.seq;
      ++applied;
    }
    if (changes->size() < kJournalPage) break;
  }
  // Everything committed before `started` has now been applied.
  mark_synced(started, started_steady);
  return applied;
}

std::optional<Timestamp> IndexSync::last_synced() const {
  const std::int64_t ms = synced_ms_.load(std::memory_order_relaxed);
  if (ms == INT64_MIN) return std::nullopt;
  return from_epoch_ms(ms);
}

void IndexSync::mark_synced(Timestamp at, std::chrono::steady_clock::time_point steady_at) {
  synced_ms_.store(to_epoch_ms(at), std::memory_order_relaxed);
  synced_steady_ns_.store(steady_at.time_since_epoch().count(), std::memory_order_relaxed);
}

bool IndexSync::fresh(std::chrono::milliseconds bound) const {
  const std::int64_t synced = synced_steady_ns_.load(std::memory_order_relaxed);
  if (synced == INT64_MIN) return false;
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  if (now - std::chrono::steady_clock::duration(synced) > bound) return false;
  const std::int64_t lost = feed_lost_steady_ns_.load(std::memory_order_relaxed);
  return lost == kFeedHealthy || now - std::chrono::steady_clock::duration(lost) <= bound;
}

void IndexSync::feed_lost() {
  std::int64_t healthy = kFeedHealthy;
  feed_lost_steady_ns_.compare_exchange_strong(
      healthy, std::chrono::steady_clock::now().time_since_epoch().count(),
      std::memory_order_relaxed);
}

void IndexSync::feed_restored() {
  feed_lost_steady_ns_.store(kFeedHealthy, std::memory_order_relaxed);
}

}  // namespace keyward::service

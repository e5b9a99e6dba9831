#include "service/key_table.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <mutex>

namespace keyward::service {
namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
// Slot flags.
constexpr std::uint8_t kTombstone = 1;  // deleted
constexpr std::uint8_t kDisabled = 2;   // disabled until enabled again; never with kTombstone
constexpr size_t kInitialTableSize = 1024;
// Usage scans give the lock back this often, so a writer never waits behind a long scan.
constexpr std::uint32_t kScanStride = 4096;
// At most this many slots are looked at per collect_usage() call: a pass over ten million keys
// is spread over many flushes instead of holding up one.
constexpr std::uint32_t kMaxScanPerCall = 262'144;

std::uint64_t load_u64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::uint32_t load_u32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Two loads instead of a call to memcmp: this runs on every lookup.
bool same_hash(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& b) {
  return load_u64(a.data()) == load_u64(b.data()) &&
         load_u64(a.data() + 8) == load_u64(b.data() + 8);
}

std::uint32_t seconds_of(Timestamp t) {
  const auto s = to_epoch_ms(t) / 1000;
  return s <= 0 ? 0u : static_cast<std::uint32_t>(std::min<std::int64_t>(s, UINT32_MAX));
}

Timestamp from_seconds(std::uint32_t s) { return from_epoch_ms(std::int64_t{s} * 1000); }

std::uint32_t clamp_version(std::int64_t v) {
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(v, 0, UINT32_MAX));
}

std::int64_t ends_ms_of(const store::IndexedKeyRow& key) {
  std::int64_t ends = kNever;
  if (key.expires_at) ends = to_epoch_ms(*key.expires_at);
  if (key.grace_ends_at) ends = std::min(ends, to_epoch_ms(*key.grace_ends_at));
  return ends;
}

}  // namespace

// One key, one cache line. Trivial on purpose: chunks are allocated without being written (pages
// are committed as slots fill) and slots move by copy when one is removed. The usage fields are
// shared with concurrent readers through std::atomic_ref.
struct KeyTable::Slot {
  Hash16 hash;
  Uuid key_id;
  std::int64_t ends_ms;  // kNever when the key never ends; for a tombstone, when it was deleted
  std::uint32_t org;     // ordinal in orgs_
  std::uint32_t version;
  std::uint32_t last_used_s;  // seconds since the epoch; 0 never used
  std::uint32_t persisted_s;  // the last use the store holds
  std::uint32_t controls;     // 1 + its index in controlled_; 0 for a key without controls
  KeyKind kind;
  std::uint8_t scopes;
  std::uint8_t flags;
  std::uint8_t unused;
};
KeyTable::KeyTable() : table_(kInitialTableSize, 0), mask_(kInitialTableSize - 1) {
  static_assert(sizeof(Slot) == 64, "a slot is one cache line");
  static_assert(std::is_trivially_copyable_v<Slot>);
}

KeyTable::~KeyTable() = default;

KeyTable::Slot& KeyTable::slot(std::uint32_t i) const {
  return chunks_[i >> kChunkBits][i & ((1u << kChunkBits) - 1)];
}

KeyTable::Probe KeyTable::probe(const Hash16& hash) const {
  const std::uint32_t tag = load_u32(hash.data() + 8);
  for (std::uint64_t pos = load_u64(hash.data()) & mask_;; pos = (pos + 1) & mask_) {
    const std::uint64_t e = table_[pos];
    if (e == 0) return {kNone, pos};
    if (static_cast<std::uint32_t>(e >> 32) == tag) {
      const auto index = static_cast<std::uint32_t>(e) - 1;
      if (same_hash(slot(index).hash, hash)) return {index, pos};
    }
  }
}

std::uint32_t KeyTable::find_locked(const Hash16& hash) const { return probe(hash).index; }

void KeyTable::insert_entry(const Hash16& hash, std::uint32_t index) {
  insert_entry_at(probe(hash).position, hash, index);
}

void KeyTable::insert_entry_at(std::uint64_t position, const Hash16& hash, std::uint32_t index) {
  table_[position] = (std::uint64_t{load_u32(hash.data() + 8)} << 32) | (index + 1u);
}

void KeyTable::repoint_entry(const Hash16& hash, std::uint32_t index) {
  const std::uint32_t tag = load_u32(hash.data() + 8);
  for (std::uint64_t pos = load_u64(hash.data()) & mask_;; pos = (pos + 1) & mask_) {
    const std::uint64_t e = table_[pos];
    if (e == 0) return;
    if (static_cast<std::uint32_t>(e >> 32) == tag &&
        same_hash(slot(static_cast<std::uint32_t>(e) - 1).hash, hash)) {
      table_[pos] = (std::uint64_t{tag} << 32) | (index + 1u);
      return;
    }
  }
}

// Backward-shift deletion keeps linear probing free of tombstone entries.
void KeyTable::erase_entry(const Hash16& hash) {
  const std::uint32_t tag = load_u32(hash.data() + 8);
  std::uint64_t hole = load_u64(hash.data()) & mask_;
  for (;; hole = (hole + 1) & mask_) {
    const std::uint64_t e = table_[hole];
    if (e == 0) return;
    if (static_cast<std::uint32_t>(e >> 32) == tag &&
        same_hash(slot(static_cast<std::uint32_t>(e) - 1).hash, hash)) {
      break;
    }
  }
  for (std::uint64_t next = (hole + 1) & mask_;; next = (next + 1) & mask_) {
    const std::uint64_t e = table_[next];
    if (e == 0) break;
    const std::uint64_t home =
        load_u64(slot(static_cast<std::uint32_t>(e) - 1).hash.data()) & mask_;
    // The entry at `next` may move into the hole unless its home lies cyclically in (hole, next].
    const bool stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
    if (!stays) {
      table_[hole] = e;
      hole = next;
    }
  }
  table_[hole] = 0;
}

void KeyTable::grow_table() {
  std::vector<std::uint64_t> old(table_.size() * 2, 0);
  old.swap(table_);
  mask_ = table_.size() - 1;
  for (const std::uint64_t e : old) {
    if (e != 0)
      insert_entry(slot(static_cast<std::uint32_t>(e) - 1).hash, static_cast<std::uint32_t>(e) - 1);
  }
}

std::uint32_t KeyTable::append_slot() {
  if ((slots_ >> kChunkBits) == chunks_.size()) {
    chunks_.push_back(std::make_unique_for_overwrite<Slot[]>(size_t{1} << kChunkBits));
  }
  return slots_++;
}

void KeyTable::attach_controls(Slot& s, const KeyControls& controls) {
  auto live = std::make_unique<LiveControls>(controls);
  if (s.controls != 0) {
    auto& held = controlled_[s.controls - 1].live;
    live->carry_over(*held);
    held = std::move(live);
    return;
  }
  std::uint32_t at;
  if (free_controlled_.empty()) {
    at = static_cast<std::uint32_t>(controlled_.size());
    controlled_.push_back({s.key_id, std::move(live)});
  } else {
    at = free_controlled_.back();
    free_controlled_.pop_back();
    controlled_[at] = {s.key_id, std::move(live)};
  }
  controlled_by_id_[s.key_id] = at;
  s.controls = at + 1;
}

void KeyTable::detach_controls(Slot& s) {
  if (s.controls == 0) return;
  const std::uint32_t at = s.controls - 1;
  controlled_by_id_.erase(controlled_[at].key_id);
  controlled_[at] = {};
  free_controlled_.push_back(at);
  s.controls = 0;
}

void KeyTable::remove_slot(std::uint32_t index) {
  const std::uint32_t last = slots_ - 1;
  if (slot(index).flags & kTombstone) --tombstones_;
  detach_controls(slot(index));
  erase_entry(slot(index).hash);
  if (index != last) {
    slot(index) = slot(last);
    repoint_entry(slot(index).hash, index);
  }
  --slots_;
  // Give back a chunk once a whole one is free beyond the one in use.
  const size_t needed = (size_t{slots_} >> kChunkBits) + 1;
  if (chunks_.size() > needed + 1) chunks_.pop_back();
}

std::uint32_t KeyTable::org_ordinal(const Uuid& org_id) {
  auto [it, inserted] = org_ordinals_.try_emplace(org_id, static_cast<std::uint32_t>(orgs_.size()));
  if (inserted) orgs_.push_back(org_id);
  return it->second;
}

IndexedKey KeyTable::view(const Slot& s, Timestamp now) const {
  IndexedKey k;
  k.key_id = s.key_id;
  k.org_id = orgs_[s.org];
  k.kind = s.kind;
  k.scopes = Scopes{s.scopes};
  if (s.ends_ms != kNever) k.ends_at = from_epoch_ms(s.ends_ms);
  const bool ended = to_epoch_ms(now) >= s.ends_ms;
  k.disabled = !ended && (s.flags & kDisabled) != 0;
  k.usable = !ended && !k.disabled;
  return k;
}

std::optional<IndexedKey> KeyTable::use(const Digest& token_hash, Timestamp now,
                                        const KeyDemands& demands) {
  Hash16 hash;
  std::memcpy(hash.data(), token_hash.data(), hash.size());
  std::shared_lock lock(mu_);
  const std::uint32_t index = find_locked(hash);
  if (index == kNone) return std::nullopt;
  Slot& s = slot(index);
  if (s.flags & kTombstone) return std::nullopt;
  IndexedKey k = view(s, now);
  if (k.usable && s.controls != 0) {
    k.admission = controlled_[s.controls - 1].live->admit(k.scopes, demands, now);
  } else if (k.usable && !demands.scopes.empty() && !holds_scopes(k.scopes, {}, demands.scopes)) {
    k.admission.verdict = ControlVerdict::kInsufficientScope;
  }
  if (k.usable && k.admission.verdict == ControlVerdict::kPassed) {
    std::atomic_ref<std::uint32_t> last_used(s.last_used_s);
    const std::uint32_t second = seconds_of(now);
    // Written once per key per second at most, so keys in use on several threads do not make
    // their cache line bounce on every request.
    if (last_used.load(std::memory_order_relaxed) < second) {
      last_used.store(second, std::memory_order_relaxed);
    }
  }
  return k;
}

std::optional<IndexedKey> KeyTable::find(const Digest& token_hash, Timestamp now) const {
  Hash16 hash;
  std::memcpy(hash.data(), token_hash.data(), hash.size());
  std::shared_lock lock(mu_);
  const std::uint32_t index = find_locked(hash);
  if (index == kNone || (slot(index).flags & kTombstone)) return std::nullopt;
  return view(slot(index), now);
}

std::optional<Timestamp> KeyTable::last_used(const Digest& token_hash) const {
  Hash16 hash;
  std::memcpy(hash.data(), token_hash.data(), hash.size());
  std::shared_lock lock(mu_);
  const std::uint32_t index = find_locked(hash);
  if (index == kNone) return std::nullopt;
  const std::uint32_t s =
      std::atomic_ref<std::uint32_t>(slot(index).last_used_s).load(std::memory_order_relaxed);
  if (s == 0) return std::nullopt;
  return from_seconds(s);
}

void KeyTable::put(const store::IndexedKeyRow& key) {
  std::unique_lock lock(mu_);
  put_locked(key);
}

void KeyTable::put(const NamedKey& key) { put(store::index_row_of(key)); }

void KeyTable::put_locked(const store::IndexedKeyRow& key) {
  Hash16 hash;
  std::memcpy(hash.data(), key.token_hash.data(), hash.size());
  const std::uint32_t version = clamp_version(key.version);
  // Keep the load factor at or under 3/4, so probes stay short for hits and misses alike. Grown
  // before probing, so the probe's empty position is where an insert goes.
  if ((std::uint64_t{slots_} + 1) * 4 > table_.size() * 3) grow_table();
  const Probe found = probe(hash);
  std::uint32_t index = found.index;
  if (index != kNone && slot(index).version >= version) return;
  const bool fresh = index == kNone;
  if (fresh) index = append_slot();
  Slot& s = slot(index);
  const bool was_tombstone = !fresh && (s.flags & kTombstone);
  const std::uint32_t used = key.last_used_at ? seconds_of(*key.last_used_at) : 0;
  std::atomic_ref<std::uint32_t> last_used(s.last_used_s);
  std::atomic_ref<std::uint32_t> persisted(s.persisted_s);
  if (fresh) {
    s.hash = hash;
    s.controls = 0;
    s.unused = 0;
    last_used.store(used, std::memory_order_relaxed);
    persisted.store(used, std::memory_order_relaxed);
  } else {
    // Uses seen here may be newer than what the store says; never go back.
    if (last_used.load(std::memory_order_relaxed) < used) {
      last_used.store(used, std::memory_order_relaxed);
    }
    if (persisted.load(std::memory_order_relaxed) < used) {
      persisted.store(used, std::memory_order_relaxed);
    }
  }
  s.key_id = key.id;
  s.org = org_ordinal(key.org_id);
  s.version = version;
  s.kind = key.kind;
  s.scopes = key.scopes.bits();
  if (key.revoked_at) {
    s.flags = kTombstone;
    s.ends_ms = to_epoch_ms(*key.revoked_at);
    if (!was_tombstone) ++tombstones_;
  } else {
    s.flags = key.disabled ? kDisabled : 0;
    s.ends_ms = ends_ms_of(key);
    if (was_tombstone) --tombstones_;
  }
  if (!key.revoked_at && !key.controls.empty()) {
    attach_controls(s, key.controls);
  } else {
    detach_controls(s);
  }
  if (fresh) insert_entry_at(found.position, hash, index);
}

void KeyTable::swap(KeyTable& other) {
  if (&other == this) return;
  std::scoped_lock lock(mu_, other.mu_);
  chunks_.swap(other.chunks_);
  std::swap(slots_, other.slots_);
  std::swap(tombstones_, other.tombstones_);
  table_.swap(other.table_);
  std::swap(mask_, other.mask_);
  orgs_.swap(other.orgs_);
  org_ordinals_.swap(other.org_ordinals_);
  controlled_.swap(other.controlled_);
  free_controlled_.swap(other.free_controlled_);
  controlled_by_id_.swap(other.controlled_by_id_);
  // A reload must not reset rate-limit windows and credits spent here: the new controls take
  // over the old ones' counters (other now holds the old table).
  for (auto& [id, live] : controlled_) {
    if (!live) continue;
    const auto old = other.controlled_by_id_.find(id);
    if (old != other.controlled_by_id_.end()) {
      live->carry_over(*other.controlled_[old->second].live);
    }
  }
  usage_cursor_.store(0);
  other.usage_cursor_.store(0);
}

size_t KeyTable::size() const {
  std::shared_lock lock(mu_);
  return slots_ - tombstones_;
}

size_t KeyTable::memory_bytes() const {
  std::shared_lock lock(mu_);
  return chunks_.size() * (sizeof(Slot) << kChunkBits) + table_.capacity() * sizeof(std::uint64_t) +
         orgs_.capacity() * sizeof(Uuid);
}

size_t KeyTable::prune(Timestamp now, std::chrono::seconds tombstone_life,
                       std::chrono::seconds expired_life) {
  const std::int64_t now_ms = to_epoch_ms(now);
  const std::int64_t tombstone_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(tombstone_life).count();
  const std::int64_t expired_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(expired_life).count();
  const auto prunable = [&](const Slot& s) {
    if (s.ends_ms == kNever) return false;
    const std::int64_t life = (s.flags & kTombstone) ? tombstone_ms : expired_ms;
    return s.ends_ms < now_ms - life;
  };
  // Find candidates under the shared lock a stride at a time, then remove them in one short
  // exclusive section, checking each again (it may have changed in between).
  std::vector<Hash16> candidates;
  for (std::uint32_t start = 0;; start += kScanStride) {
    std::shared_lock lock(mu_);
    if (start >= slots_) break;
    const std::uint32_t end = std::min(slots_, start + kScanStride);
    for (std::uint32_t i = start; i < end; ++i) {
      if (prunable(slot(i))) candidates.push_back(slot(i).hash);
    }
  }
  if (candidates.empty()) return 0;
  std::unique_lock lock(mu_);
  size_t removed = 0;
  for (const Hash16& hash : candidates) {
    const std::uint32_t index = find_locked(hash);
    if (index != kNone && prunable(slot(index))) {
      remove_slot(index);
      ++removed;
    }
  }
  return removed;
}

void KeyTable::for_each_controls(
    const std::function<void(const Uuid&, LiveControls&)>& visit) const {
  // A stride at a time: a write waiting for the lock (and, writers first, the lookups queued
  // behind it) waits for one stride, not for the whole walk.
  for (std::size_t start = 0;; start += kScanStride) {
    std::shared_lock lock(mu_);
    if (start >= controlled_.size()) break;
    const std::size_t end = std::min<std::size_t>(controlled_.size(), start + kScanStride);
    for (std::size_t i = start; i < end; ++i) {
      if (controlled_[i].live) visit(controlled_[i].key_id, *controlled_[i].live);
    }
  }
}

void KeyTable::with_controls(const Uuid& key_id,
                             const std::function<void(LiveControls&)>& visit) const {
  std::shared_lock lock(mu_);
  const auto it = controlled_by_id_.find(key_id);
  if (it != controlled_by_id_.end()) visit(*controlled_[it->second].live);
}

void KeyTable::collect_usage(std::vector<PendingUse>& out, size_t max,
                             std::chrono::seconds granularity, bool all) {
  const auto step = static_cast<std::uint32_t>(granularity.count());
  std::uint32_t scanned = 0;
  std::uint32_t cursor = usage_cursor_.load();
  size_t taken = 0;
  while (taken < max) {
    std::shared_lock lock(mu_);
    if (slots_ == 0 || scanned >= slots_ || (!all && scanned >= kMaxScanPerCall)) break;
    if (cursor >= slots_) cursor = 0;
    const std::uint32_t end = std::min({slots_, cursor + kScanStride, cursor + (slots_ - scanned)});
    for (; cursor < end && taken < max; ++cursor, ++scanned) {
      Slot& s = slot(cursor);
      if (s.flags & kTombstone) continue;
      const std::uint32_t used =
          std::atomic_ref<std::uint32_t>(s.last_used_s).load(std::memory_order_relaxed);
      const std::uint32_t persisted =
          std::atomic_ref<std::uint32_t>(s.persisted_s).load(std::memory_order_relaxed);
      const bool due = (all || persisted == 0) ? used > persisted : used >= persisted + step;
      if (due) {
        out.push_back(PendingUse{s.key_id, from_seconds(used), s.hash});
        ++taken;
      }
    }
  }
  usage_cursor_.store(cursor);
}

void KeyTable::mark_persisted(std::span<const PendingUse> written) {
  std::shared_lock lock(mu_);
  for (const PendingUse& use : written) {
    const std::uint32_t index = find_locked(use.hash);
    if (index == kNone) continue;
    std::atomic_ref<std::uint32_t> persisted(slot(index).persisted_s);
    const std::uint32_t second = seconds_of(use.used_at);
    if (persisted.load(std::memory_order_relaxed) < second) {
      persisted.store(second, std::memory_order_relaxed);
    }
  }
}

}  // namespace keyward::service

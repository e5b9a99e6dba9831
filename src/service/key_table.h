// The named keys of the verify index, packed so that millions fit in memory and a lookup touches
// two cache lines: an open-addressing table of 8-byte entries (a tag and a position) over a dense
// array of 64-byte slots, one per key. A slot keeps the first 16 bytes of the key's lookup HMAC
// (128 bits: no two keys share them, and nobody without the pepper can aim at them), its id, its
// organization (as an ordinal), when it stops working, its kind and scopes, whether it is disabled
// (a flag bit), its version, its last use, and where its controls are if it has any.
//
// Deleted keys stay for a short while as tombstones, so that a stale copy arriving late (the
// journal re-reads an entity while a delete commits) cannot bring a key back; tombstones and keys
// long past their end are pruned by prune(). Recording a use is one relaxed atomic store into the
// key's own slot: no lock beyond the shared one the lookup holds, no allocation, no queue.
// Persisting uses is the flusher's job (collect_usage/mark_persisted), which walks the slots a
// bounded number at a time.
//
// Threading: one writer-first shared mutex. Lookups and usage scans hold it shared; writes hold it
// exclusively for O(1) work (a whole reload is built aside and swapped in).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/digest.h"
#include "core/key_kind.h"
#include "core/named_key.h"
#include "core/time.h"
#include "core/uuid.h"
#include "service/live_controls.h"
#include "service/writer_first_mutex.h"
#include "store/store.h"

namespace keyward::service {

// A named key as the verify path sees it.
struct IndexedKey {
  Uuid key_id;
  Uuid org_id;
  KeyKind kind = KeyKind::kPublic;
  Scopes scopes;
  // When the key stops working: its expiry or the end of its roll grace, whichever is first.
  std::optional<Timestamp> ends_at;
  // Disabled by an administrator, and not past its end (an expired key is "expired" whether or
  // not it is disabled, as in core/named_key.h).
  bool disabled = false;
  // Whether it works at the time it was looked up at (not deleted, not past its end, not
  // disabled).
  bool usable = false;
  // For a usable key looked up with use(): what its controls said (kPassed for a key without).
  Admission admission;
};

// A use not yet written to the store.
struct PendingUse {
  Uuid key_id;
  Timestamp used_at;
  std::array<std::uint8_t, 16> hash{};  // to find the slot again in mark_persisted
};

class KeyTable {
 public:
  KeyTable();
  ~KeyTable();
  KeyTable(const KeyTable&) = delete;
  KeyTable& operator=(const KeyTable&) = delete;

  // The key with this lookup hash, usable or not (deleted keys are absent). When it is usable at
  // `now`, its controls are applied to `demands` (live_controls.h) and, when they pass, its use
  // is recorded. Allocates nothing itself (demands.own_scope may).
  std::optional<IndexedKey> use(const Digest& token_hash, Timestamp now,
                                const KeyDemands& demands = {});
  // The same without recording a use.
  std::optional<IndexedKey> find(const Digest& token_hash, Timestamp now) const;
  // The key's last recorded use on this node (to the second), if any.
  std::optional<Timestamp> last_used(const Digest& token_hash) const;

  // Inserts or replaces a key, unless the table holds a newer version of it.
  void put(const store::IndexedKeyRow& key);
  void put(const NamedKey& key);
  // Replaces this table's contents with `other`'s (a full reload built aside). `other` is left
  // with this table's old contents.
  void swap(KeyTable& other);

  // Live keys held (tombstones not counted).
  size_t size() const;
  // Bytes held by the table's own arrays (for sizing and the memory benchmark).
  size_t memory_bytes() const;

  // Drops tombstones of keys deleted more than `tombstone_life` before `now`, and keys whose end
  // lies more than `expired_life` before `now`. Returns how many slots were dropped.
  size_t prune(Timestamp now, std::chrono::seconds tombstone_life,
               std::chrono::seconds expired_life);

  // Appends to `out`, at most `max` of them, the keys whose last use is `granularity` or more
  // past what was last persisted (or that were never persisted), resuming where the previous call
  // stopped and wrapping around; `all` ignores the granularity (at shutdown). Marks nothing.
  void collect_usage(std::vector<PendingUse>& out, size_t max, std::chrono::seconds granularity,
                     bool all = false);
  // Records that these uses are now in the store.
  void mark_persisted(std::span<const PendingUse> written);

  // Calls `visit` for every key with controls (for the CreditFlusher and RateLimitCounts:
  // LiveControls guard their own counters), under the shared lock a stride of keys at a time; a
  // key whose controls come or go during the walk may be visited twice or not at all.
  void for_each_controls(const std::function<void(const Uuid&, LiveControls&)>& visit) const;
  // Calls `visit` with the controls of the key `key_id`, if it still has them.
  void with_controls(const Uuid& key_id, const std::function<void(LiveControls&)>& visit) const;

 private:
  struct Slot;
  using Hash16 = std::array<std::uint8_t, 16>;

  // Slots per chunk: 4,096 (256 KiB). Chunks keep slots in place as the table grows (no copying
  // of millions of slots under the lock) and are small enough that the last one wastes little.
  static constexpr std::uint32_t kChunkBits = 12;
  static constexpr std::uint32_t kNone = UINT32_MAX;

  // Where a hash is: its slot (or kNone) and its table position (or the empty one it would take).
  struct Probe {
    std::uint32_t index;
    std::uint64_t position;
  };

  Slot& slot(std::uint32_t i) const;
  Probe probe(const Hash16& hash) const;
  std::uint32_t find_locked(const Hash16& hash) const;  // slot index or kNone
  std::uint32_t append_slot();
  void insert_entry(const Hash16& hash, std::uint32_t index);
  void insert_entry_at(std::uint64_t position, const Hash16& hash, std::uint32_t index);
  void erase_entry(const Hash16& hash);
  void repoint_entry(const Hash16& hash, std::uint32_t index);
  void remove_slot(std::uint32_t index);
  void grow_table();
  std::uint32_t org_ordinal(const Uuid& org_id);
  IndexedKey view(const Slot& s, Timestamp now) const;
  void put_locked(const store::IndexedKeyRow& key);
  // Gives the slot's key these controls, taking over the counters of the ones it had.
  void attach_controls(Slot& s, const KeyControls& controls);
  void detach_controls(Slot& s);

  // Writers first: a revocation is never kept waiting by a stream of lookups.
  mutable WriterFirstMutex mu_;
  std::vector<std::unique_ptr<Slot[]>> chunks_;
  std::uint32_t slots_ = 0;  // slots in use, live keys and tombstones
  std::uint32_t tombstones_ = 0;
  std::vector<std::uint64_t> table_;  // (tag << 32) | (index + 1); 0 is empty
  std::uint64_t mask_ = 0;
  std::vector<Uuid> orgs_;  // organization ordinals
  // The controls of the keys that have any. A slot holds its key's position here, so the verify
  // path reaches them without a hash lookup (keys without controls never look); the map by id
  // serves the flusher and the key views. Freed positions are reused.
  struct ControlledKey {
    Uuid key_id;
    std::unique_ptr<LiveControls> live;  // null at a free position
  };
  std::vector<ControlledKey> controlled_;
  std::vector<std::uint32_t> free_controlled_;
  std::unordered_map<Uuid, std::uint32_t, UuidHash> controlled_by_id_;
  std::unordered_map<Uuid, std::uint32_t, UuidHash> org_ordinals_;
  std::atomic<std::uint32_t> usage_cursor_{0};
};

}  // namespace keyward::service

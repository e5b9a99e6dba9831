#include "service/usage_counters.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <mutex>

namespace keyward::service {
namespace {

// Long enough for any textual IPv6 address ("ffff:...:255.255.255.255" is 45 characters).
constexpr std::size_t kMaxAddress = 46;
// A table starts this small and grows by doubling.
constexpr std::size_t kInitialCells = 64;

// What every count touches comes first and fills one cache line (a probe reads only that line);
// the organization and the address, written when a cell is made and by valid uses, the next.
constexpr std::int64_t kUnused = INT64_MIN;  // the hour of a cell not in use

struct alignas(64) Cell {
  Uuid key_id;
  std::int64_t hour_ms = kUnused;
  std::int64_t last_used_ms = -1;  // -1: no valid use counted
  UsageCounts counts;
  Uuid org_id;
  std::array<char, kMaxAddress> ip{};
  std::uint8_t ip_length = 0;
};
static_assert(sizeof(Cell) == 128);

// All sixteen bytes and the hour, mixed (the finalizer of MurmurHash3): a version-4 UUID has fixed
// bits where a table's low bits would come from, and those must not cluster the probes.
std::size_t hash_of(const Uuid& key_id, std::int64_t hour_ms) {
  std::uint64_t a = 0, b = 0;
  std::memcpy(&a, key_id.bytes().data(), 8);
  std::memcpy(&b, key_id.bytes().data() + 8, 8);
  std::uint64_t x = a ^ (b * 0x9E3779B97F4A7C15ULL) ^
                    (static_cast<std::uint64_t>(hour_ms) * 0xC2B2AE3D27D4EB4FULL);
  x ^= x >> 33;
  x *= 0xFF51AFD7ED558CCDULL;
  x ^= x >> 33;
  x *= 0xC4CEB9FE1A85EC53ULL;
  x ^= x >> 33;
  return static_cast<std::size_t>(x);
}

// Which shard a thread counts into: taken round-robin on the thread's first count. Constant-
// initialized, so reading it costs no initialization check.
constexpr std::size_t kNoShard = SIZE_MAX;
std::atomic<std::size_t> g_next_shard{0};
thread_local std::size_t t_shard = kNoShard;

}  // namespace

UsageOutcome usage_outcome(const IndexedKey& key) {
  if (!key.usable) return UsageOutcome::kRefused;
  switch (key.admission.verdict) {
    case ControlVerdict::kPassed:
      return UsageOutcome::kValid;
    case ControlVerdict::kRateLimited:
      return UsageOutcome::kRateLimited;
    case ControlVerdict::kUsageExceeded:
      return UsageOutcome::kUsageExceeded;
    case ControlVerdict::kIpNotAllowed:
    case ControlVerdict::kInsufficientScope:
      return UsageOutcome::kRefused;
  }
  return UsageOutcome::kRefused;
}

// An open-addressing table of cells, kept at most three quarters full, and the positions of the
// cells in use (so a drain visits only those).
class UsageCounters::Tally {
 public:
  Tally() : cells_(kInitialCells) { in_use_.reserve(kInitialCells); }

  // The cell of (key, hour), made when new; null when new and the table is full at `max_cells`.
  Cell* find_or_add(const Uuid& key_id, const Uuid& org_id, std::int64_t hour_ms,
                    std::size_t max_cells) {
    for (;;) {
      const std::size_t mask = cells_.size() - 1;
      for (std::size_t i = hash_of(key_id, hour_ms) & mask;; i = (i + 1) & mask) {
        Cell& c = cells_[i];
        if (c.hour_ms == hour_ms && c.key_id == key_id) return &c;
        if (c.hour_ms != kUnused) continue;
        if ((in_use_.size() + 1) * 4 > cells_.size() * 3) break;  // full: grow, or give up
        c.key_id = key_id;
        c.hour_ms = hour_ms;
        c.org_id = org_id;
        in_use_.push_back(static_cast<std::uint32_t>(i));
        return &c;
      }
      if (cells_.size() * 2 > max_cells) return nullptr;
      resize(cells_.size() * 2);
    }
  }

  template <class Visit>
  void for_each(Visit visit) const {
    for (const std::uint32_t i : in_use_) visit(cells_[i]);
  }

  // Empties the table; one that grew for a burst and is now mostly idle shrinks by half.
  void clear() {
    const bool idle = in_use_.size() * 8 < cells_.size() && cells_.size() > kInitialCells;
    for (const std::uint32_t i : in_use_) cells_[i] = Cell{};
    in_use_.clear();
    if (idle) {
      cells_ = std::vector<Cell>(cells_.size() / 2);
      in_use_.shrink_to_fit();
    }
  }

 private:
  void resize(std::size_t size) {
    std::vector<Cell> old(size);
    old.swap(cells_);
    std::vector<std::uint32_t> was;
    was.swap(in_use_);
    in_use_.reserve(size);
    const std::size_t mask = size - 1;
    for (const std::uint32_t j : was) {
      std::size_t i = hash_of(old[j].key_id, old[j].hour_ms) & mask;
      while (cells_[i].hour_ms != kUnused) i = (i + 1) & mask;
      cells_[i] = old[j];
      in_use_.push_back(static_cast<std::uint32_t>(i));
    }
  }

  std::vector<Cell> cells_;  // a power of two of them
  std::vector<std::uint32_t> in_use_;
};

// Aligned so that two shards' locks never share a cache line.
struct alignas(64) UsageCounters::Shard {
  std::mutex mu;
  Tally tallies[2];
  int active = 0;  // under mu: the table count() writes into
};

UsageCounters::UsageCounters(Options options) : options_(options) {
  options_.shards = std::bit_ceil(std::max<std::size_t>(1, options_.shards));
  options_.max_cells = std::max(kInitialCells, options_.max_cells);
  for (std::size_t i = 0; i < options_.shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

UsageCounters::~UsageCounters() = default;

UsageCounters::Shard& UsageCounters::shard() {
  if (t_shard == kNoShard) t_shard = g_next_shard.fetch_add(1, std::memory_order_relaxed);
  return *shards_[t_shard & (shards_.size() - 1)];
}

void UsageCounters::count(const Uuid& key_id, const Uuid& org_id, UsageOutcome outcome,
                          Timestamp now, std::string_view client_ip) {
  const std::int64_t hour_ms = to_epoch_ms(hour_start(now));
  Shard& s = shard();
  std::lock_guard lock(s.mu);
  Cell* c = s.tallies[s.active].find_or_add(key_id, org_id, hour_ms, options_.max_cells);
  if (!c) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  c->counts.add(outcome);
  const std::int64_t ms = to_epoch_ms(now);
  if (outcome == UsageOutcome::kValid && ms >= c->last_used_ms) {
    c->last_used_ms = ms;
    const std::size_t n = std::min(client_ip.size(), kMaxAddress);
    std::copy_n(client_ip.data(), n, c->ip.data());  // an empty address may be a null pointer
    c->ip_length = static_cast<std::uint8_t>(n);
  }
}

void UsageCounters::drain(std::vector<store::KeyUsageHour>& out) {
  for (auto& s : shards_) {
    Tally* full = nullptr;
    {
      std::lock_guard lock(s->mu);
      full = &s->tallies[s->active];
      s->active = 1 - s->active;
    }
    // count() now writes into the other table; this one is the drain's alone.
    full->for_each([&](const Cell& c) {
      store::KeyUsageHour row{c.key_id, c.org_id, from_epoch_ms(c.hour_ms), c.counts, {}, {}};
      if (c.last_used_ms >= 0) {
        row.last_used_at = from_epoch_ms(c.last_used_ms);
        row.last_used_ip.assign(c.ip.data(), c.ip_length);
      }
      out.push_back(std::move(row));
    });
    full->clear();
  }
}

}  // namespace keyward::service

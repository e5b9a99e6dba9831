#include "service/shared_limits.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace keyward::service {
namespace {

std::int64_t random_origin(RandomSource& random) {
  std::array<std::uint8_t, 8> bytes{};
  random.fill(bytes);
  std::uint64_t v = 0;
  std::memcpy(&v, bytes.data(), sizeof v);
  // Positive and never 0, so no node mistakes a default for itself.
  return static_cast<std::int64_t>(v >> 1) | 1;
}

// A key of its own for limit keys, derived from the pepper: the same on every node, and useless
// to whoever reads the store without the data directory.
crypto::ShortHash key_hash_of(const crypto::CredentialProtector& protector) {
  const Digest derived = protector.lookup_hash("keyward: keys of shared limit counts");
  return crypto::ShortHash(std::span<const std::uint8_t, crypto::ShortHash::kKeySize>(
      derived.data(), crypto::ShortHash::kKeySize));
}

bool publishable(std::string_view key) {
  return !key.empty() && key.size() <= SharedLimits::kMaxKeyLength &&
         std::all_of(key.begin(), key.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

}  // namespace

SharedLimits::SharedLimits(store::Store& store, const Clock& clock, RandomSource& random,
                           const crypto::CredentialProtector& protector, std::vector<Shared> shared)
    : store_(store),
      clock_(clock),
      origin_(random_origin(random)),
      key_hash_(key_hash_of(protector)),
      shared_(std::move(shared)) {
  for (const auto& s : shared_) s.counts->start_sharing(&key_hash_);
}

std::chrono::milliseconds SharedLimits::retention() const {
  std::chrono::milliseconds longest{0};
  for (const auto& s : shared_) longest = std::max(longest, s.counts->retention());
  return longest;
}

SharedCounts* SharedLimits::find(std::string_view name) const {
  for (const auto& s : shared_) {
    if (s.name == name) return s.counts;
  }
  return nullptr;
}

Status SharedLimits::sync() {
  const Timestamp now = clock_.now();
  if (auto s = publish(now); !s) return s;
  return read(now);
}

Status SharedLimits::publish(Timestamp now) {
  std::vector<std::vector<BucketCount>> taken(shared_.size());
  std::vector<store::LimitCount> rows;
  for (std::size_t i = 0; i < shared_.size(); ++i) {
    taken[i] = shared_[i].counts->take_unpublished(now);
    std::erase_if(taken[i], [](const BucketCount& c) { return !publishable(c.key); });
    for (const auto& c : taken[i]) {
      rows.push_back(store::LimitCount{shared_[i].name, c.key, origin_, c.bucket_ms, c.count});
    }
  }
  if (rows.empty()) return {};
  if (auto s = store_.add_limit_counts(rows); !s) {
    for (std::size_t i = 0; i < shared_.size(); ++i) {
      shared_[i].counts->restore_unpublished(taken[i]);
    }
    return s;
  }
  return {};
}

Status SharedLimits::read(Timestamp now) {
  for (int page = 0; page < kMaxPages; ++page) {
    auto rows = store_.limit_counts_after(read_through_, kPage);
    if (!rows) return fail(rows.error());
    for (const auto& row : *rows) {
      read_through_ = std::max(read_through_, row.seq);
      if (row.origin == origin_) continue;  // this node's own, counted exactly already
      if (SharedCounts* counts = find(row.limiter)) {
        counts->merge(BucketCount{row.key, row.bucket_ms, row.count}, row.origin, now);
      }
    }
    if (rows->size() < kPage) break;
  }
  return {};
}

}  // namespace keyward::service

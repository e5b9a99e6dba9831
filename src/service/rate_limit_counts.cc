#include "service/rate_limit_counts.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "core/key_controls.h"

namespace keyward::service {

std::string RateLimitCounts::limit_key(const Uuid& key_id, std::int64_t window_seconds) {
  return key_id.to_string() + "/" + std::to_string(window_seconds);
}

std::optional<RateLimitCounts::Row> RateLimitCounts::parse(const BucketCount& count) {
  const std::string_view key = count.key;
  const auto slash = key.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto id = Uuid::parse(key.substr(0, slash));
  const std::string_view length = key.substr(slash + 1);
  std::int64_t window_seconds = 0;
  const auto [end, ec] =
      std::from_chars(length.data(), length.data() + length.size(), window_seconds);
  if (!id || ec != std::errc{} || end != length.data() + length.size() || window_seconds < 1 ||
      window_seconds > kMaxRateLimitWindow) {
    return std::nullopt;
  }
  const std::int64_t window_ms = window_seconds * 1000;
  if (count.bucket_ms <= 0 || count.bucket_ms % window_ms != 0) return std::nullopt;
  return Row{*id, {window_seconds, count.bucket_ms / window_ms - 1, count.count}};
}

void RateLimitCounts::start_sharing(const crypto::ShortHash* /*hash*/) {}

std::vector<BucketCount> RateLimitCounts::take_unpublished(Timestamp now) {
  std::vector<BucketCount> out;
  std::array<LiveControls::WindowCount, kMaxRateLimits> taken;
  keys_.for_each_controls([&](const Uuid& id, LiveControls& live) {
    const std::size_t n = live.take_unpublished(now, taken);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& w = taken[i];
      out.push_back(BucketCount{limit_key(id, w.window_seconds),
                                (w.index + 1) * w.window_seconds * 1000, w.count});
    }
  });
  // The other nodes' counts of windows that have ended no longer matter.
  const std::int64_t now_ms = to_epoch_ms(now);
  std::lock_guard lock(mu_);
  std::erase_if(others_, [&](const auto& kv) { return kv.second.end_ms <= now_ms; });
  return out;
}

void RateLimitCounts::restore_unpublished(std::span<const BucketCount> counts) {
  for (const auto& c : counts) {
    const auto row = parse(c);
    if (!row) continue;
    keys_.with_controls(row->key_id,
                        [&](LiveControls& live) { live.restore_unpublished(row->window); });
  }
}

void RateLimitCounts::merge(const BucketCount& count, std::int64_t origin, Timestamp now) {
  const auto row = parse(count);
  if (!row || count.count <= 0 || count.bucket_ms <= to_epoch_ms(now)) return;  // or over
  std::int64_t sum = 0;
  {
    std::lock_guard lock(mu_);
    Others& others = others_[count.key];
    if (row->window.index < others.index) return;  // a window this node's others have left
    if (row->window.index > others.index) {
      others = Others{row->window.index, count.bucket_ms, {}};
    }
    auto it = std::find_if(others.by_origin.begin(), others.by_origin.end(),
                           [&](const auto& o) { return o.first == origin; });
    if (it == others.by_origin.end()) {
      others.by_origin.emplace_back(origin, count.count);
    } else {
      it->second = std::max(it->second, count.count);  // counts only grow; a late read is older
    }
    for (const auto& [_, n] : others.by_origin)
      sum = std::min(kMaxCount, sum + std::min(n, kMaxCount));
  }
  keys_.with_controls(row->key_id, [&](LiveControls& live) {
    live.merge_others({row->window.window_seconds, row->window.index, sum}, now);
  });
}

}  // namespace keyward::service

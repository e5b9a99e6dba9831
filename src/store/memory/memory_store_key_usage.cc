// MemoryStore's keys' usage counts (store.h, KeyUsageHour).
#include <algorithm>

#include "store/memory/memory_store.h"

namespace keyward::store {

Status MemoryStore::add_key_usage(std::span<const KeyUsageHour> rows) {
  std::lock_guard lock(mu_);
  for (const auto& r : rows) {
    auto [it, fresh] = key_usage_.try_emplace({r.key_id, r.hour});
    KeyUsageHour& stored = it->second;
    if (fresh) {
      stored.key_id = r.key_id;
      stored.org_id = r.org_id;
      stored.hour = r.hour;
    }
    stored.counts.add(r.counts);
    if (r.last_used_at && (!stored.last_used_at || *stored.last_used_at < *r.last_used_at)) {
      stored.last_used_at = r.last_used_at;
      stored.last_used_ip = r.last_used_ip;
    }
  }
  return {};
}

Result<std::vector<KeyUsageHour>> MemoryStore::key_usage(const Uuid& key_id, Timestamp from) {
  std::lock_guard lock(mu_);
  std::vector<KeyUsageHour> out;
  for (auto it = key_usage_.lower_bound({key_id, from});
       it != key_usage_.end() && it->first.first == key_id; ++it) {
    out.push_back(it->second);
  }
  return out;
}

Result<std::vector<KeyUsageHour>> MemoryStore::org_usage(const Uuid& org_id, Timestamp from) {
  std::lock_guard lock(mu_);
  std::map<Timestamp, UsageCounts> hours;
  for (const auto& [row, usage] : key_usage_) {
    if (usage.org_id == org_id && !(usage.hour < from)) hours[usage.hour].add(usage.counts);
  }
  std::vector<KeyUsageHour> out;
  for (const auto& [hour, counts] : hours) out.push_back({{}, org_id, hour, counts, {}, {}});
  return out;
}

Result<std::vector<KeyUsageTotal>> MemoryStore::top_keys_by_usage(const Uuid& org_id,
                                                                  Timestamp from,
                                                                  std::size_t limit) {
  std::lock_guard lock(mu_);
  std::map<Uuid, UsageCounts> keys;
  for (const auto& [row, usage] : key_usage_) {
    if (usage.org_id == org_id && !(usage.hour < from)) keys[usage.key_id].add(usage.counts);
  }
  std::vector<KeyUsageTotal> out;
  for (const auto& [id, counts] : keys) {
    if (counts.total() > 0) out.push_back({id, counts});
  }
  std::stable_sort(out.begin(), out.end(), [](const KeyUsageTotal& a, const KeyUsageTotal& b) {
    return a.counts.total() > b.counts.total();
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace keyward::store

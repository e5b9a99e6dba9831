#include "service/usage_recorder.h"

#include <vector>

namespace keyward::service {

void UsageRecorder::record(const Uuid& key_id, Timestamp when) {
  std::lock_guard lock(mu_);
  auto [it, inserted] = pending_.try_emplace(key_id, when);
  if (!inserted && it->second < when) it->second = when;
}

Status UsageRecorder::flush(store::Store& store) {
  std::unordered_map<Uuid, Timestamp, UuidHash> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(pending_);
  }
  if (batch.empty()) return {};
  std::vector<store::KeyUsage> usage;
  usage.reserve(batch.size());
  for (const auto& [id, when] : batch) usage.push_back({id, when});
  auto s = store.record_usage(usage);
  if (!s) {
    for (const auto& [id, when] : batch) record(id, when);
  }
  return s;
}

size_t UsageRecorder::pending() const {
  std::lock_guard lock(mu_);
  return pending_.size();
}

}  // namespace keyward::service

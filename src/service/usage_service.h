// What keys' usage looks like (core/key_usage.h): one key's counts per hour or per day, with its
// last use, and an organization's counts with the keys that made most of them. Everything comes
// from the store, which the UsageCountFlusher adds to every half second; the last use time also
// takes this node's newer value (as key views do).
//
// Threading: thread-safe; every call waits on the store (a worker-pool handler only).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/key_usage.h"
#include "core/named_key.h"
#include "service/key_service.h"
#include "service/service_context.h"

namespace keyward::service {

struct KeyUsageReport {
  Uuid key_id;
  UsageGranularity granularity = UsageGranularity::kHour;
  std::optional<Timestamp> last_used_at;
  // The address of the last use within the kept window, as recorded (masked when the policy says
  // so); empty when not known.
  std::string last_used_ip;
  std::vector<UsageBucket> buckets;  // oldest first, none empty
};

struct KeyUsageLeader {
  Uuid key_id;
  std::string name;
  KeyStatus status = KeyStatus::kActive;  // revoked: deleted since
  UsageCounts counts;
};

struct OrgUsageReport {
  Uuid org_id;
  UsageGranularity granularity = UsageGranularity::kHour;
  std::vector<UsageBucket> buckets;      // every key's counts added up; oldest first, none empty
  std::vector<KeyUsageLeader> top_keys;  // most verifications over the window first
};

class UsageService {
 public:
  // Keys listed in an organization's summary at most.
  static constexpr std::size_t kMaxTopKeys = 100;

  explicit UsageService(ServiceContext ctx) : ctx_(ctx), keys_(ctx) {}

  // kNotFound when the key is deleted or another organization's (as KeyService::get).
  Result<KeyUsageReport> key_usage(const Uuid& org_id, const Uuid& key_id, UsageGranularity g);
  // `top`: how many keys to name (1 to kMaxTopKeys; kInvalidArgument otherwise).
  Result<OrgUsageReport> org_usage(const Uuid& org_id, UsageGranularity g, std::size_t top);

 private:
  ServiceContext ctx_;
  KeyService keys_;
};

}  // namespace keyward::service

// The system settings a system administrator manages: the key policies for organization API keys
// and application keys, address masking, and how email delivers keys. A policy change never
// touches existing keys; the compliance report says which ones no longer satisfy it.
#pragma once

#include <string>
#include <vector>

#include "core/system_settings.h"
#include "service/actor.h"
#include "service/service_context.h"

namespace keyward::service {

// One key checked against the policy in force.
struct KeyCompliance {
  std::string kind;  // "org_api_key" or "application_key"
  Uuid org_id;
  std::string org_name;
  std::optional<Uuid> app_id;  // application keys
  std::string app_name;
  std::vector<std::string> violations;  // empty: it complies
};

class PolicyService {
 public:
  explicit PolicyService(ServiceContext ctx) : ctx_(ctx) {}

  SystemSettings get() const { return ctx_.settings.get(); }
  // Refuses nonsense policies with one detail per problem (kInvalidArgument), and a lost race
  // with another administrator (kConflict). `proposed.version` is ignored.
  Result<SystemSettings> set(const Actor& actor, SystemSettings proposed);
  // Every organization API key and application key, checked against the policy in force.
  Result<std::vector<KeyCompliance>> compliance();

 private:
  ServiceContext ctx_;
};

}  // namespace keyward::service

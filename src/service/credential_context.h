// The AEAD context strings that bind each sealed credential to its owner and purpose, so a sealed
// value copied to another row or column fails to open.
#pragma once

#include <string>

#include "core/uuid.h"

namespace keyward::service {

inline std::string org_api_key_context(const Uuid& org_id) {
  return "org-api-key:" + org_id.to_string();
}
inline std::string agent_key_context(const Uuid& org_id) {
  return "agent-service-key:" + org_id.to_string();
}
inline std::string service_key_context(const Uuid& user_id) {
  return "user-service-key:" + user_id.to_string();
}
inline std::string application_key_context(const Uuid& app_id) {
  return "application-key:" + app_id.to_string();
}

}  // namespace keyward::service

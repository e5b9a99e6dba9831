// The configuration file a Contrast agent reads its connection from, contrast_security.yaml, in
// the layout those agents expect (api.url, api.api_key, api.user_name, api.service_key). It is how
// an organization's agent comes "pre-fitted with a set of randomly generated credentials for your
// organization" (seed 000): an administrator downloads it and ships it with the agent.
#pragma once

#include <string>

#include "core/time.h"

namespace keyward {

struct AgentConfig {
  std::string url;  // the server's base URL; "/Contrast" is appended, as agents expect
  std::string api_key;
  std::string user_name;  // the organization's agent username
  std::string service_key;
  std::string organization_id;
  Timestamp written_at;
};

// The YAML text. Every value is written as a double-quoted scalar with YAML's escapes, so no value
// can change the document's structure whatever it holds.
std::string render_agent_config(const AgentConfig& config);

}  // namespace keyward

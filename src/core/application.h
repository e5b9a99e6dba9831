// An application monitored by an organization's agents: written by the Engine API, read through
// the Contrast-compatible User API.
#pragma once

#include <cstdint>
#include <string>

#include "core/time.h"
#include "core/uuid.h"

namespace keyward {

struct Application {
  Uuid id;  // the Contrast "appId"
  Uuid org_id;
  std::string name;
  std::string language;  // "Java", "Node", ...
  Timestamp created_at;
  Timestamp last_seen_at;
  std::int64_t version = 1;
};

}  // namespace keyward

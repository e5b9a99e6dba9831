// An application monitored by an organization's agents: written by the Engine API, read through
// the Contrast-compatible User API. Unique within its organization by name and language, which is
// what makes an agent's registration idempotent.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "core/uuid.h"

namespace keyward {

// How much an application matters, as Contrast rates it: 0 (unimportant) to 4 (critical).
inline constexpr int kMinImportance = 0;
inline constexpr int kMaxImportance = 4;
inline constexpr int kDefaultImportance = 2;
std::string_view importance_description(int importance);  // "MEDIUM"

struct Application {
  Uuid id;  // the Contrast "app_id" / "appId"
  Uuid org_id;
  std::string name;
  std::string language;  // "Java", "Node", ...
  std::string path;      // the context path it is served under, e.g. "/shop"
  int importance = kDefaultImportance;
  std::vector<std::string> tags;
  bool archived = false;
  // The application key, sealed (it must be shown again); empty until one is generated.
  std::vector<std::uint8_t> key_sealed;
  Timestamp created_at;
  Timestamp last_seen_at;  // the latest registration or heartbeat of any agent
  std::int64_t version = 1;
};

}  // namespace keyward

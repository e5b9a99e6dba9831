// An organization: the tenant that owns keys, users' memberships and applications.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/lifecycle_settings.h"
#include "core/protected_secret.h"
#include "core/time.h"
#include "core/uuid.h"

namespace keyward {

struct Organization {
  Uuid id;
  std::string name;
  ProtectedSecret api_key;  // sent by users and agents in the API-Key header
  bool api_key_enabled = true;
  std::string agent_username;  // the agent's half of Authorization; not secret
  ProtectedSecret agent_key;   // the agent's service key
  // The lookup hashes of the values these credentials had before their last rotation, kept so
  // that a client still presenting one can be named in the audit log (it is refused all the same).
  std::optional<Digest> previous_api_key;
  std::optional<Digest> previous_agent_key;
  Timestamp created_at;
  // Expiry reminders and unused-key expiry (core/key_lifecycle.h).
  LifecycleSettings lifecycle;
  // Optimistic-concurrency version: 1 on creation, +1 on every change (see store/store.h).
  std::int64_t version = 1;
};

}  // namespace keyward

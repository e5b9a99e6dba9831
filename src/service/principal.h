// Who is making a request, once their credentials have been checked.
#pragma once

#include <cstdint>

#include "core/digest.h"
#include "core/key_kind.h"
#include "core/uuid.h"

namespace keyward::service {

struct Principal {
  enum class Kind : std::uint8_t {
    kUser,   // Authorization = base64(username:service_key) with the organization's API-Key
    kAgent,  // Authorization = base64(agent_username:agent_service_key) with API-Key
    kKey,    // Authorization: Bearer <named key token>
  };

  Kind kind = Kind::kUser;
  // The organization the credentials were presented for: the API-Key's organization, the named
  // key's organization, the agent's organization, or a console user's home organization.
  Uuid org_id;
  Uuid user_id;  // kUser only
  bool system_admin = false;
  Uuid key_id;  // kKey only
  KeyKind key_kind = KeyKind::kPublic;
  Scopes scopes;
  // A user signed in to the console: changes need the session's CSRF token as well.
  bool via_session = false;
  Uuid session_id;
  Digest csrf_hash{};

  bool is_user() const { return kind == Kind::kUser; }
  bool is_agent() const { return kind == Kind::kAgent; }
  bool is_key() const { return kind == Kind::kKey; }
  // Public keys (and any key without the write scope) may only read.
  bool may_write() const { return kind != Kind::kKey || scopes.can_write(); }
};

}  // namespace keyward::service

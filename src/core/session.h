// A console sign-in: the server side of the session cookie and its CSRF token. Only hashes of
// the cookie and the token are kept; they are shown once, when the user signs in.
#pragma once

#include <cstdint>
#include <optional>

#include "core/digest.h"
#include "core/time.h"
#include "core/uuid.h"

namespace keyward {

struct Session {
  Uuid id;              // for listing and signing out; not the cookie
  Digest token_hash{};  // HMAC of the cookie value
  Digest csrf_hash{};   // HMAC of the CSRF token
  Uuid user_id;
  Timestamp created_at;
  Timestamp expires_at;
  std::optional<Timestamp> ended_at;  // signed out
  std::int64_t version = 1;

  bool active_at(Timestamp now) const { return !ended_at && now < expires_at; }
};

}  // namespace keyward

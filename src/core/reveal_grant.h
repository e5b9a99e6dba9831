// A one-time permission to see a credential, sent by email as a link: valid for a few minutes,
// for one signed-in user, once.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/digest.h"
#include "core/time.h"
#include "core/uuid.h"

namespace keyward {

inline constexpr std::chrono::minutes kRevealLinkLifetime{10};

enum class RevealedCredential : std::uint8_t { kOrgApiKey, kUserServiceKey };

std::string_view to_string(RevealedCredential what);

struct RevealGrant {
  Uuid id;
  Digest token_hash{};  // HMAC of the token in the link
  Uuid user_id;         // the only user who may redeem it
  RevealedCredential what = RevealedCredential::kOrgApiKey;
  Uuid subject_id;  // the organization (API key) or the user (service key)
  Timestamp created_at;
  Timestamp expires_at;
  std::optional<Timestamp> used_at;
  std::int64_t version = 1;
};

}  // namespace keyward

// A named API key (public or secret) of an organization, as in Stripe or Jahuty: created with an
// optional expiry, rolled with a grace period, disabled and enabled again, deleted (revoked) at
// once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/digest.h"
#include "core/key_controls.h"
#include "core/key_kind.h"
#include "core/time.h"
#include "core/uuid.h"

namespace keyward {

// A roll keeps the old token working this long unless the caller says otherwise.
inline constexpr std::chrono::seconds kDefaultRollGrace{12 * 60 * 60};
inline constexpr std::chrono::seconds kMaxRollGrace{30 * 24 * 60 * 60};

enum class KeyStatus : std::uint8_t {
  kActive,
  kRolling,   // rolled: works until grace_ends_at
  kExpired,   // past expires_at, or past the grace of a roll
  kRevoked,   // deleted
  kDisabled,  // switched off by an administrator until enabled again
};

std::string_view to_string(KeyStatus status);

// The status of a key with these dates at `now`. Shared by listings and by the verify index so the
// two never disagree. Precedence: revoked, then expired, then disabled (an expired key stays
// "expired" whether or not it is disabled), then rolling or active.
KeyStatus key_status(std::optional<Timestamp> expires_at, std::optional<Timestamp> grace_ends_at,
                     bool revoked, bool disabled, Timestamp now);

inline bool key_usable(KeyStatus s) { return s == KeyStatus::kActive || s == KeyStatus::kRolling; }

struct NamedKey {
  Uuid id;
  Uuid org_id;
  std::string name;
  KeyKind kind = KeyKind::kSecret;
  Scopes scopes;
  Digest token_hash{};       // HMAC-SHA256(pepper, token): how a presented token is found
  std::string public_token;  // the token itself for public keys, which may be shown; empty else
  std::string hint;          // "kw_sk_...x7Qa"
  Timestamp created_at;
  std::optional<Timestamp> expires_at;
  std::optional<Timestamp> grace_ends_at;  // set when rolled
  std::optional<Timestamp> revoked_at;     // set when deleted
  std::optional<Timestamp> disabled_at;    // set while disabled; cleared when enabled again
  std::optional<Timestamp> last_used_at;   // to the second; the store may lag (usage_flusher.h)
  std::optional<Uuid> rolled_from;
  // The user who created it (told of its expiry); none for keys made by the command or before
  // this was recorded. A rolled key's successor keeps its creator.
  std::optional<Uuid> created_by;
  // Scopes of the organization's own, rate limits, credits, allowed networks (key_controls.h).
  KeyControls controls;
  std::int64_t version = 1;

  KeyStatus status_at(Timestamp now) const {
    return key_status(expires_at, grace_ends_at, revoked_at.has_value(), disabled_at.has_value(),
                      now);
  }
};

}  // namespace keyward

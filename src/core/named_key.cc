#include "core/named_key.h"

namespace keyward {

std::string_view to_string(KeyStatus status) {
  switch (status) {
    case KeyStatus::kActive:
      return "active";
    case KeyStatus::kRolling:
      return "rolling";
    case KeyStatus::kExpired:
      return "expired";
    case KeyStatus::kRevoked:
      return "revoked";
    case KeyStatus::kDisabled:
      return "disabled";
  }
  return "revoked";
}

KeyStatus key_status(std::optional<Timestamp> expires_at, std::optional<Timestamp> grace_ends_at,
                     bool revoked, bool disabled, Timestamp now) {
  if (revoked) return KeyStatus::kRevoked;
  if (expires_at && now >= *expires_at) return KeyStatus::kExpired;
  if (grace_ends_at && now >= *grace_ends_at) return KeyStatus::kExpired;
  if (disabled) return KeyStatus::kDisabled;
  return grace_ends_at ? KeyStatus::kRolling : KeyStatus::kActive;
}

}  // namespace keyward

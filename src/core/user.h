// A person who signs in to the console and calls the API with a service key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/protected_secret.h"
#include "core/time.h"
#include "core/uuid.h"

namespace keyward {

enum class Role : std::uint8_t { kMember, kAdmin };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);  // "admin" | "member"

struct Membership {
  Uuid org_id;
  Role role = Role::kMember;

  bool operator==(const Membership&) const = default;
};

// A user and their memberships form one aggregate: a membership changes only by writing the user
// at its next version, so concurrent edits cannot interleave.
// The lock an administrator puts on an account: it holds until an administrator lifts it.
inline constexpr Timestamp kLockedUntilUnlocked = from_epoch_ms(253'402'300'799'000);  // 9999

struct User {
  Uuid id;
  std::string username;       // an email address in practice; unique, compared case-insensitively
  std::string password_hash;  // Argon2id, libsodium's encoded form; used only to sign in
  ProtectedSecret service_key;
  std::optional<Digest> previous_service_key;  // as Organization::previous_api_key
  bool system_admin = false;
  std::vector<Membership> memberships;  // in the order written; the first is the home organization
  int failed_logins = 0;  // no longer counted (failures count per network, in memory); kept at 0
  std::optional<Timestamp> locked_until;  // kLockedUntilUnlocked: an administrator locked it
  // The password is one-time: given by an administrator who added the user, it signs in only
  // together with the new password its owner chooses (SessionService::sign_in).
  bool password_change_required = false;
  Timestamp created_at;
  std::int64_t version = 1;

  std::optional<Role> role_in(const Uuid& org_id) const;
  bool locked_at(Timestamp now) const { return locked_until && now < *locked_until; }
};

}  // namespace keyward

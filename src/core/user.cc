#include "core/user.h"

namespace keyward {

std::string_view to_string(Role role) { return role == Role::kAdmin ? "admin" : "member"; }

std::optional<Role> parse_role(std::string_view text) {
  if (text == "admin") return Role::kAdmin;
  if (text == "member") return Role::kMember;
  return std::nullopt;
}

std::optional<Role> User::role_in(const Uuid& org_id) const {
  for (const auto& m : memberships) {
    if (m.org_id == org_id) return m.role;
  }
  return std::nullopt;
}

}  // namespace keyward

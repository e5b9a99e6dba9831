// An organization's members (Organization Settings -> Users): list them with their roles and
// lock state, add a person, change a role, unlock an account, remove a member. Administrators of
// the organization only; see service/member_service.h for the rules.
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

void add_member_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1

// System Settings -> Security -> Key Management, for system administrators: the key policies,
// "Mask invalid IPs on login", how key emails deliver, and which keys no longer comply.
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

void add_policy_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1

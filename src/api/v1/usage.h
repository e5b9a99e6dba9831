// Keys' usage: GET /api/v1/orgs/{orgId}/keys/{keyId}/usage (one key's counts per hour or day, and
// its last use) and GET /api/v1/orgs/{orgId}/usage (the organization's, with its busiest keys).
// Whoever may read the keys may read their usage.
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

void add_usage_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1

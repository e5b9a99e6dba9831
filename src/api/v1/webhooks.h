// /api/v1/orgs/{orgId}/webhooks: an organization's lifecycle webhook endpoints and the record of
// their deliveries. Administrators of the organization (and system administrators, and its secret
// keys, which may do what its administrators may) manage them; members do not see them.
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

void add_webhook_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1

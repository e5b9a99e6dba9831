// /api/v1/orgs/{orgId}/settings: an organization's settings for the life of its keys, expiry
// reminders and unused-key expiry (core/lifecycle_settings.h). Members read them; administrators
// (and system administrators, and the organization's secret keys with write) change them.
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

void add_org_settings_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1

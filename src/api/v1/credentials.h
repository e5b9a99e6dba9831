// An organization's Contrast-style credentials (Organization Settings -> API; System Settings ->
// API for a system administrator): the API key and the agent credentials. Viewing is for members
// (secrets masked); revealing, rotating, setting, enabling and disabling are for administrators;
// any member may have the current API key emailed to themselves.
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

void add_credential_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1

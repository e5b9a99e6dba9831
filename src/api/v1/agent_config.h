// GET /api/v1/orgs/{orgId}/agent-config: contrast_security.yaml with the organization's URL, API
// key, agent username and agent service key (Organization Settings -> Agent). Administrators
// only; it shows two secrets, so it is recorded in the audit log as a reveal.
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

void add_agent_config_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1

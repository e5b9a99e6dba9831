// /api/v1/orgs: create (system administrators), list (?q= searches names and ids), show.
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

void add_organization_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1

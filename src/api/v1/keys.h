// /api/v1/orgs/{orgId}/keys: named keys. Administrators (and secret keys) manage, members read.
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

void add_key_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1

// GET /healthz and GET /metrics.
#pragma once

#include "api/api_context.h"

namespace keyward::api {

void add_system_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api

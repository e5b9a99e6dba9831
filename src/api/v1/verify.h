// POST /api/v1/keys/verify: lets any service check a named key, and GET /api/v1/auth: the same for
// nginx auth_request, which passes the client's own headers and reads the answer from status and
// headers alone.
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

void add_verify_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1

// The caller's own account (User menu -> Settings -> API): who they are, their service key (show,
// rotate, email). The password plays no part in API authentication.
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

void add_user_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1

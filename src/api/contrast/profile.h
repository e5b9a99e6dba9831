// The Contrast User API's profile routes: who is calling, their organizations, global properties.
#pragma once

#include "api/api_context.h"

namespace keyward::api::contrast {

void add_profile_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::contrast

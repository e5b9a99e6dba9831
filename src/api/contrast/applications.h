// The Contrast-compatible User API's application routes.
#pragma once

#include "api/api_context.h"

namespace keyward::api::contrast {

void add_application_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::contrast

// The Contrast User API's trace (vulnerability) routes, per application and per organization.
#pragma once

#include "api/api_context.h"

namespace keyward::api::contrast {

void add_trace_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::contrast

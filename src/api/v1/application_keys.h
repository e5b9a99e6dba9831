// Application keys: each application has one, governed by the application key policy. Members see
// it masked; administrators reveal, rotate and set it.
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

void add_application_key_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1

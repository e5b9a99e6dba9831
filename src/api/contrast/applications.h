// The Contrast-compatible User API's application routes.
#pragma once

#include "api/api_context.h"

namespace keyward::api::contrast {

void add_application_routes(Routes& routes, const ApiContext& ctx);

// "https://host:port", from the configured public URL or the request's Host header.
std::string base_url(const ApiContext& ctx, const Call& call);

}  // namespace keyward::api::contrast

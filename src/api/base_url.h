// The address clients reach this server at, for links in responses and emails.
#pragma once

#include <string>

#include "api/api_context.h"

namespace keyward::api {

// "https://host:port": the configured public URL, else the scheme and the request's Host header.
std::string base_url(const ApiContext& ctx, const Call& call);

}  // namespace keyward::api

// The Engine API, what an organization's agents write through: register an application, say it is
// alive, report the vulnerabilities found in it. Agent credentials only (Authorization =
// base64(agent_username:agent_service_key), API-Key = the organization's API key); an agent can
// reach only its own organization's applications.
#pragma once

#include "api/api_context.h"

namespace keyward::api::engine {

// Trace reports may be this large; other Engine requests are small.
inline constexpr std::uint64_t kReportBodyLimit = 2 * 1024 * 1024;

void add_engine_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::engine

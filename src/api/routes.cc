#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/api_context.h"
#include "api/contrast/applications.h"
#include "api/contrast/profile.h"
#include "api/contrast/traces.h"
#include "api/engine/engine.h"
#include "api/system.h"
#include "api/v1/agent_config.h"
#include "api/v1/application_keys.h"
#include "api/v1/audit.h"
#include "api/v1/credentials.h"
#include "api/v1/keys.h"
#include "api/v1/leaked_keys.h"
#include "api/v1/members.h"
#include "api/v1/org_settings.h"
#include "api/v1/organizations.h"
#include "api/v1/policy.h"
#include "api/v1/session.h"
#include "api/v1/usage.h"
#include "api/v1/users.h"
#include "api/v1/verify.h"
#include "api/v1/webhooks.h"

namespace keyward::api {
namespace {

// The User API's clients read with PUT as well as GET ("we use the PUT method for all of our
// services"), so every read under /Contrast/api/ng/ answers both, the same way.
void add_put_for_every_user_api_read(Routes& routes) {
  constexpr std::string_view kUserApi = "/Contrast/api/ng/";
  std::vector<std::pair<std::string, Route>> reads;
  for (const auto& e : routes.entries()) {
    if (e.method != http::Method::get || !e.pattern.text().starts_with(kUserApi)) continue;
    reads.emplace_back(e.pattern.text(), e.payload);
  }
  for (auto& [pattern, route] : reads) routes.add(http::Method::put, pattern, std::move(route));
}

}  // namespace

Routes build_routes(const ApiContext& ctx) {
  Routes routes;
  add_system_routes(routes, ctx);
  v1::add_organization_routes(routes, ctx);
  v1::add_key_routes(routes, ctx);
  v1::add_verify_routes(routes, ctx);
  v1::add_leaked_key_routes(routes, ctx);
  v1::add_credential_routes(routes, ctx);
  v1::add_user_routes(routes, ctx);
  v1::add_member_routes(routes, ctx);
  v1::add_agent_config_routes(routes, ctx);
  v1::add_application_key_routes(routes, ctx);
  v1::add_policy_routes(routes, ctx);
  v1::add_audit_routes(routes, ctx);
  v1::add_session_routes(routes, ctx);
  v1::add_webhook_routes(routes, ctx);
  v1::add_org_settings_routes(routes, ctx);
  v1::add_usage_routes(routes, ctx);
  contrast::add_profile_routes(routes, ctx);
  contrast::add_application_routes(routes, ctx);
  contrast::add_trace_routes(routes, ctx);
  engine::add_engine_routes(routes, ctx);
  add_put_for_every_user_api_read(routes);
  return routes;
}

}  // namespace keyward::api

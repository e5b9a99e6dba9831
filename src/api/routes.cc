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
#include "api/v1/members.h"
#include "api/v1/organizations.h"
#include "api/v1/policy.h"
#include "api/v1/session.h"
#include "api/v1/users.h"
#include "api/v1/verify.h"

namespace keyward::api {

Routes build_routes(const ApiContext& ctx) {
  Routes routes;
  add_system_routes(routes, ctx);
  v1::add_organization_routes(routes, ctx);
  v1::add_key_routes(routes, ctx);
  v1::add_verify_routes(routes, ctx);
  v1::add_credential_routes(routes, ctx);
  v1::add_user_routes(routes, ctx);
  v1::add_member_routes(routes, ctx);
  v1::add_agent_config_routes(routes, ctx);
  v1::add_application_key_routes(routes, ctx);
  v1::add_policy_routes(routes, ctx);
  v1::add_audit_routes(routes, ctx);
  v1::add_session_routes(routes, ctx);
  contrast::add_profile_routes(routes, ctx);
  contrast::add_application_routes(routes, ctx);
  contrast::add_trace_routes(routes, ctx);
  engine::add_engine_routes(routes, ctx);
  return routes;
}

}  // namespace keyward::api

#include "api/v1/agent_config.h"

#include "api/base_url.h"
#include "core/agent_config.h"

namespace keyward::api::v1 {
namespace {

Result<Reply> download(const ApiContext& ctx, const Call& call) {
  auto org = ctx.organizations.get(call.org_id);
  if (!org) return fail(org.error());
  auto creds = ctx.organizations.reveal_credentials(call.org_id);
  if (!creds) return fail(creds.error());
  if (auto s = record_reveal(
          ctx, service::audit_event(call.actor, ctx.clock, call.org_id, "org.credentials.reveal",
                                    "org:" + org->id.to_string(), AuditOutcome::kSuccess,
                                    "as the agent configuration (contrast_security.yaml)"));
      !s) {
    return fail(s.error());
  }
  Reply r;
  r.raw_content_type = "application/yaml; charset=utf-8";
  r.raw_body = render_agent_config({.url = base_url(ctx, call),
                                    .api_key = creds->api_key,
                                    .user_name = creds->agent_username,
                                    .service_key = creds->agent_service_key,
                                    .organization_id = org->id.to_string(),
                                    .written_at = ctx.clock.now()});
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"contrast_security.yaml\"");
  return r;
}

}  // namespace

void add_agent_config_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::get, "/api/v1/orgs/{orgId}/agent-config",
             {.access = Access::kOrgAdmin, .raw = true, .handler = with(ctx, download)});
}

}  // namespace keyward::api::v1

#include "api/v1/organizations.h"

#include <boost/json.hpp>

#include "api/fields.h"
#include "api/views.h"

namespace keyward::api::v1 {
namespace {

Result<Reply> create_organization(const ApiContext& ctx, const Call& call) {
  auto fields = Fields::of(call, {"name"});
  if (!fields) return fail(fields.error());
  auto name = fields->required_string("name");
  if (!name) return fail(name.error());
  auto created = ctx.organizations.create(call.actor, *name);
  if (!created) return fail(created.error());
  boost::json::object body = organization_view(created->org);
  body["api_key"] = created->api_key;
  body["agent_service_key"] = created->agent_service_key;
  body["default_public_key"] = created->default_public_key.token;
  return document(std::move(body), "organization", http::StatusCode::created);
}

Result<Reply> list_organizations(const ApiContext& ctx, const Call& call) {
  auto orgs = ctx.organizations.list(call.query.get("q").value_or(""));
  if (!orgs) return fail(orgs.error());
  const auto& p = *call.principal;
  boost::json::array items;
  for (const auto& org : *orgs) {
    const bool visible =
        (p.is_user() && (p.system_admin || ctx.index.role_of(p.user_id, org.id))) ||
        (p.is_key() && p.org_id == org.id);
    if (visible) items.push_back(organization_view(org));
  }
  return document(boost::json::object{{"organizations", std::move(items)}}, "response");
}

Result<Reply> show_organization(const ApiContext& ctx, const Call& call) {
  auto org = ctx.organizations.get(call.org_id);
  if (!org) return fail(org.error());
  return document(organization_view(*org), "organization");
}

}  // namespace

void add_organization_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::post, "/api/v1/orgs",
             {.access = Access::kSystemAdmin,
              .writes = true,
              .body_limit = kSmallBodyLimit,
              .handler = with(ctx, create_organization)});
  routes.add(http::Method::get, "/api/v1/orgs",
             {.access = Access::kAuthenticated, .handler = with(ctx, list_organizations)});
  routes.add(http::Method::get, "/api/v1/orgs/{orgId}",
             {.access = Access::kOrgMember, .handler = with(ctx, show_organization)});
}

}  // namespace keyward::api::v1

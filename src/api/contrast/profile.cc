#include "api/contrast/profile.h"

#include <boost/json.hpp>

#include "api/base_url.h"
#include "api/contrast/envelope.h"
#include "api/contrast/shapes.h"

namespace keyward::api::contrast {
namespace {

// Contrast role names for what the caller may do in `org_id`.
boost::json::array roles_in(const ApiContext& ctx, const service::Principal& p,
                            const Uuid& org_id) {
  bool admin = p.system_admin;
  if (p.is_user()) admin |= ctx.index.role_of(p.user_id, org_id) == Role::kAdmin;
  if (p.is_key()) admin = p.key_kind == KeyKind::kSecret;
  return boost::json::array{admin ? "ROLE_ADMIN" : "ROLE_VIEW"};
}

// A named key has no profile of its own; it is described as what it is.
Result<Reply> profile(const ApiContext& ctx, const Call& call) {
  const auto& p = *call.principal;
  if (p.is_key()) {
    return ok({{"user",
                {{"user_uid", p.key_id.to_string()},
                 {"first_name", ""},
                 {"last_name", ""},
                 {"email", ""},
                 {"enabled", true}}}});
  }
  auto user = ctx.accounts.get(p.user_id);
  if (!user) return fail(user.error());
  return ok({{"user",
              {{"user_uid", user->id.to_string()},
               {"first_name", ""},
               {"last_name", ""},
               {"email", user->username},
               {"enabled", !user->locked_at(ctx.clock.now())}}}});
}

Result<Reply> organizations(const ApiContext& ctx, const Call& call) {
  const auto& p = *call.principal;
  std::vector<Uuid> ids;
  if (p.is_user()) {
    auto user = ctx.accounts.get(p.user_id);
    if (!user) return fail(user.error());
    for (const auto& m : user->memberships) ids.push_back(m.org_id);
  }
  if (std::find(ids.begin(), ids.end(), p.org_id) == ids.end()) ids.push_back(p.org_id);
  boost::json::array orgs;
  for (const auto& id : ids) {
    auto org = ctx.organizations.get(id);
    if (org) orgs.push_back(organization_shape(*org));
  }
  const auto count = static_cast<std::int64_t>(orgs.size());
  return ok({{"count", count},
             {"organizations", std::move(orgs)},
             {"org_disabled", boost::json::array{}}});
}

// The default organization is the one whose credentials are being used.
Result<Reply> one_organization(const ApiContext& ctx, const Call& call) {
  auto org = ctx.organizations.get(call.org_id);
  if (!org) return fail(org.error());
  return ok({{"organization", organization_shape(*org)},
             {"roles", roles_in(ctx, *call.principal, call.org_id)},
             {"enterprise", false}});
}

Result<Reply> global_properties(const ApiContext& ctx, const Call& call) {
  return ok({{"version", ctx.version},
             {"internal_version", ctx.version},
             {"build", "keyward-" + ctx.version},
             {"mode", "EOP"},
             {"max_failed_attempts", ctx.max_failed_attempts},
             {"timezone", "UTC"},
             {"date_format", "MM/dd/yyyy"},
             {"time_format", "hh:mm a"},
             {"teamserver_url", base_url(ctx, call) + "/Contrast"}});
}

}  // namespace

void add_profile_routes(Routes& routes, const ApiContext& ctx) {
  const auto read = [&ctx](Access access, auto handler) {
    return Route{.access = access, .surface = Surface::kContrast, .handler = with(ctx, handler)};
  };
  routes.add(http::Method::get, "/Contrast/api/ng/profile", read(Access::kAuthenticated, profile));
  routes.add(http::Method::get, "/Contrast/api/ng/profile/organizations",
             read(Access::kAuthenticated, organizations));
  routes.add(http::Method::get, "/Contrast/api/ng/profile/organizations/default",
             read(Access::kAuthenticated, one_organization));
  routes.add(http::Method::get, "/Contrast/api/ng/profile/organizations/{orgId}",
             read(Access::kOrgMember, one_organization));
  routes.add(http::Method::get, "/Contrast/api/ng/global/properties",
             read(Access::kAuthenticated, global_properties));
}

}  // namespace keyward::api::contrast

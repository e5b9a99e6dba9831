#include "api/v1/members.h"

#include <boost/json.hpp>

#include "api/fields.h"
#include "api/views.h"

namespace keyward::api::v1 {
namespace {

Result<Uuid> member_id_of(const Call& call) {
  auto id = Uuid::parse(call.params.get("userId"));
  if (!id) return fail(Errc::kNotFound, "no such member of this organization");
  return *id;
}

Result<Role> role_field(const Fields& f) {
  auto text = f.required_string("role");
  if (!text) return fail(text.error());
  const auto role = parse_role(*text);
  if (!role) return fail(Errc::kInvalidArgument, "\"role\" must be \"admin\" or \"member\"");
  return *role;
}

Result<Reply> list_members(const ApiContext& ctx, const Call& call) {
  auto members = ctx.members.list(call.org_id);
  if (!members) return fail(members.error());
  const Timestamp now = ctx.clock.now();
  boost::json::array items;
  for (const auto& u : *members) items.push_back(member_view(u, call.org_id, now));
  return document(boost::json::object{{"members", std::move(items)}}, "response");
}

Result<Reply> add_member(const ApiContext& ctx, const Call& call) {
  auto f = Fields::of(call, {"username", "role"});
  if (!f) return fail(f.error());
  auto username = f->required_string("username");
  if (!username) return fail(username.error());
  auto role = role_field(*f);
  if (!role) return fail(role.error());
  const auto& p = *call.principal;
  auto added = ctx.members.add(call.actor, call.org_id, *username, *role,
                               /*may_add_existing=*/p.is_user() && p.system_admin);
  if (!added) return fail(added.error());
  boost::json::value password = nullptr;
  if (added->one_time_password) password = boost::json::string(*added->one_time_password);
  return document(
      boost::json::object{{"member", member_view(added->user, call.org_id, ctx.clock.now())},
                          {"one_time_password", std::move(password)}},
      "added_member", http::StatusCode::created);
}

Result<Reply> set_member_role(const ApiContext& ctx, const Call& call) {
  auto id = member_id_of(call);
  if (!id) return fail(id.error());
  auto f = Fields::of(call, {"role"});
  if (!f) return fail(f.error());
  auto role = role_field(*f);
  if (!role) return fail(role.error());
  auto user = ctx.members.set_role(call.actor, call.org_id, *id, *role);
  if (!user) return fail(user.error());
  return document(member_view(*user, call.org_id, ctx.clock.now()), "member");
}

Result<Reply> unlock_member(const ApiContext& ctx, const Call& call) {
  auto id = member_id_of(call);
  if (!id) return fail(id.error());
  auto user = ctx.members.unlock(call.actor, call.org_id, *id);
  if (!user) return fail(user.error());
  ctx.sessions.forget_failures(*id);
  return document(member_view(*user, call.org_id, ctx.clock.now()), "member");
}

Result<Reply> lock_member(const ApiContext& ctx, const Call& call) {
  auto id = member_id_of(call);
  if (!id) return fail(id.error());
  auto user = ctx.members.lock(call.actor, call.org_id, *id);
  if (!user) return fail(user.error());
  return document(member_view(*user, call.org_id, ctx.clock.now()), "member");
}

Result<Reply> remove_member(const ApiContext& ctx, const Call& call) {
  auto id = member_id_of(call);
  if (!id) return fail(id.error());
  if (auto s = ctx.members.remove(call.actor, call.org_id, *id); !s) return fail(s.error());
  return no_content();
}

}  // namespace

void add_member_routes(Routes& routes, const ApiContext& ctx) {
  const auto admin_write = [&ctx](auto handler, std::uint64_t limit = kNoBodyLimit) {
    return Route{.access = Access::kOrgAdmin,
                 .writes = true,
                 .body_limit = limit,
                 .handler = with(ctx, handler)};
  };
  routes.add(http::Method::get, "/api/v1/orgs/{orgId}/members",
             {.access = Access::kOrgAdmin, .handler = with(ctx, list_members)});
  routes.add(http::Method::post, "/api/v1/orgs/{orgId}/members",
             admin_write(add_member, kSmallBodyLimit));
  routes.add(http::Method::put, "/api/v1/orgs/{orgId}/members/{userId}",
             admin_write(set_member_role, kSmallBodyLimit));
  routes.add(http::Method::post, "/api/v1/orgs/{orgId}/members/{userId}/unlock",
             admin_write(unlock_member));
  routes.add(http::Method::post, "/api/v1/orgs/{orgId}/members/{userId}/lock",
             admin_write(lock_member));
  routes.add(http::Method::delete_, "/api/v1/orgs/{orgId}/members/{userId}",
             admin_write(remove_member));
}

}  // namespace keyward::api::v1

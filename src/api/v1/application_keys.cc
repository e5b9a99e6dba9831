#include "api/v1/application_keys.h"

#include <boost/json.hpp>

#include "api/access.h"
#include "api/fields.h"
#include "api/views.h"
#include "core/key_policy.h"

namespace keyward::api::v1 {
namespace {

Result<Uuid> app_of(const Call& call) {
  const auto id = Uuid::parse(call.params.get("appId"));
  if (!id) return fail(Errc::kNotFound, "application not found");
  return *id;
}

Result<Reply> show_application_keys(const ApiContext& ctx, const Call& call) {
  auto app = app_of(call);
  if (!app) return fail(app.error());
  const auto reveal = call.query.get("reveal");
  const bool revealing = reveal && (*reveal == "true" || *reveal == "1");
  if (revealing && !administers(*call.principal, call.org_id, ctx.index)) {
    return fail(Errc::kPermissionDenied, "only an administrator may reveal application keys");
  }
  auto key = ctx.applications.reveal_key(call.org_id, *app);
  if (!key) return fail(key.error());
  boost::json::object out{{"app_id", app->to_string()}};
  if (!*key) {
    out["application_key"] = nullptr;
    out["complies"] = false;
    out["violations"] = boost::json::array{"no key yet; rotate to create one"};
    return document(std::move(out), "application_key");
  }
  const auto broken = policy_violations(ctx.policies.get().application_key, **key);
  const bool admin = administers(*call.principal, call.org_id, ctx.index);
  boost::json::array violations;  // they describe the key's characters: administrators only
  if (admin) {
    for (const auto& v : broken) violations.emplace_back(v);
  }
  if (revealing) {
    if (auto s = record_reveal(
            ctx, service::audit_event(call.actor, ctx.clock, call.org_id, "application.key.reveal",
                                      "application:" + app->to_string()));
        !s) {
      return fail(s.error());
    }
  }
  out["application_key"] = revealing ? **key : masked(**key, admin);
  out["revealed"] = revealing;
  out["complies"] = broken.empty();
  out["violations"] = std::move(violations);
  return document(std::move(out), "application_key");
}

Result<Reply> rotate_application_key(const ApiContext& ctx, const Call& call) {
  auto app = app_of(call);
  if (!app) return fail(app.error());
  auto key = ctx.applications.rotate_key(call.actor, call.org_id, *app);
  if (!key) return fail(key.error());
  return document(boost::json::object{{"app_id", app->to_string()}, {"application_key", *key}},
                  "application_key");
}

Result<Reply> set_application_key(const ApiContext& ctx, const Call& call) {
  auto app = app_of(call);
  if (!app) return fail(app.error());
  auto f = Fields::of(call, {"value"});
  if (!f) return fail(f.error());
  auto value = f->required_string("value");
  if (!value) return fail(value.error());
  if (auto s = ctx.applications.set_key(call.actor, call.org_id, *app, *value); !s) {
    return fail(s.error());
  }
  return document(
      boost::json::object{
          {"app_id", app->to_string()}, {"application_key", masked(*value, true)}, {"set", true}},
      "application_key");
}

}  // namespace

void add_application_key_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::get, "/api/v1/orgs/{orgId}/applications/{appId}/key",
             {.access = Access::kOrgMember, .handler = with(ctx, show_application_keys)});
  routes.add(
      http::Method::post, "/api/v1/orgs/{orgId}/applications/{appId}/key/rotate",
      {.access = Access::kOrgAdmin, .writes = true, .handler = with(ctx, rotate_application_key)});
  routes.add(http::Method::put, "/api/v1/orgs/{orgId}/applications/{appId}/key",
             {.access = Access::kOrgAdmin,
              .writes = true,
              .body_limit = kSmallBodyLimit,
              .handler = with(ctx, set_application_key)});
}

}  // namespace keyward::api::v1

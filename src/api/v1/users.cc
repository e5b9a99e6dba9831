#include "api/v1/users.h"

#include <boost/json.hpp>

#include "api/base_url.h"
#include "api/error_reply.h"
#include "api/fields.h"
#include "api/views.h"

namespace keyward::api::v1 {
namespace {

Result<Reply> me(const ApiContext& ctx, const Call& call) {
  const Uuid id = call.principal->user_id;
  auto user = ctx.accounts.get(id);
  if (!user) return fail(user.error());
  auto key = ctx.accounts.reveal_service_key(id);
  if (!key) return fail(key.error());
  const auto reveal = call.query.get("reveal");
  const bool revealing = reveal && (*reveal == "true" || *reveal == "1");
  if (revealing) {
    if (auto s = record_reveal(
            ctx, service::audit_event(call.actor, ctx.clock, std::nullopt,
                                      "user.service_key.reveal", "user:" + id.to_string()));
        !s) {
      return fail(s.error());
    }
  }
  boost::json::array memberships;
  for (const auto& m : user->memberships) {
    memberships.push_back(
        boost::json::object{{"org_id", m.org_id.to_string()}, {"role", to_string(m.role)}});
  }
  return document(
      boost::json::object{{"id", id.to_string()},
                          {"username", user->username},
                          {"system_admin", user->system_admin},
                          {"memberships", std::move(memberships)},
                          {"service_key", revealing ? *key : masked(*key, true)},  // their own
                          {"revealed", revealing}},
      "user");
}

Result<Reply> rotate_own_key(const ApiContext& ctx, const Call& call) {
  auto key = ctx.accounts.rotate_service_key(call.actor, call.principal->user_id);
  if (!key) return fail(key.error());
  return document(boost::json::object{{"service_key", *key}}, "user");
}

Result<Reply> email_own_key(const ApiContext& ctx, const Call& call) {
  auto f = Fields::of(call, {"rotate"}, /*body_required=*/false);
  if (!f) return fail(f.error());
  auto rotate_too = f->optional_bool("rotate");
  if (!rotate_too) return fail(rotate_too.error());
  std::chrono::seconds retry_after{0};
  auto sent = ctx.key_mail.email_service_key(call.actor, call.principal->user_id,
                                             rotate_too->value_or(false), base_url(ctx, call),
                                             std::string(call.client_ip), retry_after);
  if (!sent) return failed_with_retry(sent.error(), retry_after);
  auto user = ctx.accounts.get(call.principal->user_id);
  return document(boost::json::object{{"sent_to", user ? user->username : ""},
                                      {"rotated", rotate_too->value_or(false)}},
                  "email");
}

}  // namespace

void add_user_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::get, "/api/v1/users/me",
             {.access = Access::kUser, .handler = with(ctx, me)});
  routes.add(http::Method::post, "/api/v1/users/me/service-key/rotate",
             {.access = Access::kUser, .writes = true, .handler = with(ctx, rotate_own_key)});
  routes.add(http::Method::post, "/api/v1/users/me/service-key/email",
             {.access = Access::kUser,
              .writes = true,
              .body_limit = kSmallBodyLimit,
              .handler = with(ctx, email_own_key)});
}

}  // namespace keyward::api::v1

#include "api/v1/session.h"

#include <boost/json.hpp>

#include "api/dispatcher.h"
#include "api/error_reply.h"
#include "api/fields.h"
#include "api/views.h"
#include "core/ip_mask.h"

namespace keyward::api::v1 {
namespace {

std::string session_cookie(std::string_view value, std::int64_t max_age_seconds) {
  return std::string(kSessionCookie) + "=" + std::string(value) +
         "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds);
}

Result<Reply> sign_in(const ApiContext& ctx, const Call& call) {
  const std::string ip(call.client_ip);
  const std::string group = throttle_group(ip);
  if (const auto wait = ctx.auth_failures.blocked(group, ctx.clock.now())) {
    Reply r = error_reply(Error{Errc::kResourceExhausted,
                                "too many failed sign-ins from your address; try again in " +
                                    std::to_string(wait->count()) + " seconds",
                                {}},
                          Surface::kManagement);
    r.headers.emplace_back("Retry-After", std::to_string(wait->count()));
    return r;
  }
  auto f = Fields::of(call, {"username", "password", "new_password"});
  if (!f) return fail(f.error());
  auto username = f->required_string("username");
  if (!username) return fail(username.error());
  auto password = f->required_string("password");
  if (!password) return fail(password.error());
  auto new_password = f->optional_string("new_password");
  if (!new_password) return fail(new_password.error());
  auto signed_in = ctx.sessions.sign_in(
      *username, *password, ip,
      *new_password ? std::optional<std::string_view>(**new_password) : std::nullopt);
  if (!signed_in) {
    if (signed_in.error().code == Errc::kUnauthenticated) {
      ctx.auth_failures.add(group, ctx.clock.now());
      ctx.metrics.count_authentication_failure();
      // One answer for a wrong username, a wrong password and a locked account alike.
      return document(boost::json::object{{"error",
                                           {{"code", "sign_in_failed"},
                                            {"message",
                                             "the username or password is wrong, or the account "
                                             "is locked for a while"}}}},
                      "", http::StatusCode::unauthorized);
    }
    if (signed_in.error().code == Errc::kPermissionDenied) {
      // The password was right but is one-time: the console asks for a new one and signs in
      // again with both.
      return document(boost::json::object{{"error",
                                           {{"code", "password_change_required"},
                                            {"message", signed_in.error().message}}}},
                      "", http::StatusCode::forbidden);
    }
    return fail(signed_in.error());
  }
  boost::json::array memberships;
  for (const auto& m : signed_in->user.memberships) {
    memberships.push_back(
        boost::json::object{{"org_id", m.org_id.to_string()}, {"role", to_string(m.role)}});
  }
  const auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(
                            signed_in->session.expires_at - signed_in->session.created_at)
                            .count();
  Reply r =
      document(boost::json::object{{"user",
                                    {{"id", signed_in->user.id.to_string()},
                                     {"username", signed_in->user.username},
                                     {"system_admin", signed_in->user.system_admin},
                                     {"memberships", std::move(memberships)}}},
                                   {"csrf_token", signed_in->csrf_token},
                                   {"expires_at", format_rfc3339(signed_in->session.expires_at)}},
               "session", http::StatusCode::created);
  r.headers.emplace_back("Set-Cookie", session_cookie(signed_in->cookie_token, lifetime));
  return r;
}

Result<Reply> sign_out(const ApiContext& ctx, const Call& call) {
  const auto& p = *call.principal;
  if (!p.via_session) {
    return fail(Errc::kInvalidArgument,
                "there is no session to end: these credentials are not a console sign-in");
  }
  if (auto s = ctx.sessions.sign_out(call.actor, p.session_id); !s) return fail(s.error());
  Reply r = no_content();
  r.headers.emplace_back("Set-Cookie", session_cookie("", 0));
  return r;
}

Result<Reply> reveal(const ApiContext& ctx, const Call& call) {
  auto f = Fields::of(call, {"token"});
  if (!f) return fail(f.error());
  auto token = f->required_string("token");
  if (!token) return fail(token.error());
  auto revealed = ctx.key_mail.redeem(call.actor, call.principal->user_id, *token);
  if (!revealed) return fail(revealed.error());
  return document(boost::json::object{{"credential", to_string(revealed->what)},
                                      {"subject_id", revealed->subject_id.to_string()},
                                      {"value", revealed->value}},
                  "revealed");
}

}  // namespace

void add_session_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::post, "/api/v1/session",
             {.access = Access::kPublic,
              .writes = true,
              .body_limit = kSmallBodyLimit,
              .handler = with(ctx, sign_in)});
  routes.add(http::Method::delete_, "/api/v1/session",
             {.access = Access::kUser, .writes = true, .handler = with(ctx, sign_out)});
  routes.add(http::Method::post, "/api/v1/reveal",
             {.access = Access::kUser,
              .writes = true,
              .body_limit = kSmallBodyLimit,
              .handler = with(ctx, reveal)});
}

}  // namespace keyward::api::v1

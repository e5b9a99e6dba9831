#include "api/v1/verify.h"

#include <boost/json.hpp>

#include "api/error_reply.h"
#include "api/views.h"

namespace keyward::api::v1 {
namespace {

// The key is the credential being checked, not the caller's: no authentication is needed, and an
// invalid key is a 200 {"valid": false} with nothing more, never a hint of why.
Result<Reply> verify(const ApiContext& ctx, const Call& call) {
  const auto* object = call.body.if_object();
  const auto* key = object ? object->if_contains("key") : nullptr;
  if (!key || !key->is_string()) {
    return fail(Errc::kInvalidArgument, "send {\"key\": \"<token>\"}");
  }
  const auto verified = ctx.authenticator.verify_key(key->get_string());
  ctx.metrics.count_verification(verified.has_value());
  if (!verified) return document(boost::json::object{{"valid", false}}, "verification");
  boost::json::array scopes;
  for (const auto& s : verified->scopes.names()) scopes.emplace_back(s);
  return document(boost::json::object{{"valid", true},
                                      {"key_id", verified->key_id.to_string()},
                                      {"org_id", verified->org_id.to_string()},
                                      {"kind", to_string(verified->kind)},
                                      {"scopes", std::move(scopes)},
                                      {"expires_at", time_or_null(verified->expires_at)}},
                  "verification");
}

// Reached only with valid credentials (the dispatcher answers 401 otherwise).
Result<Reply> auth_request(const ApiContext&, const Call& call) {
  const auto& p = *call.principal;
  Reply reply = no_content();
  reply.headers.emplace_back("X-Keyward-Org-Id", p.org_id.to_string());
  switch (p.kind) {
    case service::Principal::Kind::kUser:
      reply.headers.emplace_back("X-Keyward-Principal", "user");
      reply.headers.emplace_back("X-Keyward-User-Id", p.user_id.to_string());
      break;
    case service::Principal::Kind::kAgent:
      reply.headers.emplace_back("X-Keyward-Principal", "agent");
      break;
    case service::Principal::Kind::kKey: {
      reply.headers.emplace_back("X-Keyward-Principal", "key");
      reply.headers.emplace_back("X-Keyward-Key-Id", p.key_id.to_string());
      std::string scopes;
      for (const auto& s : p.scopes.names()) scopes += (scopes.empty() ? "" : " ") + s;
      reply.headers.emplace_back("X-Keyward-Scopes", scopes);
      break;
    }
  }
  return reply;
}

}  // namespace

void add_verify_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::post, "/api/v1/keys/verify",
             {.access = Access::kPublic, .body_limit = kNoBodyLimit, .handler = with(ctx, verify)});
  routes.add(http::Method::get, "/api/v1/auth",
             {.access = Access::kAnyPrincipal, .handler = with(ctx, auth_request)});
}

}  // namespace keyward::api::v1

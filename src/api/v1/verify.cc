#include "api/v1/verify.h"

#include <boost/json.hpp>

#include "api/error_reply.h"
#include "api/views.h"

namespace keyward::api::v1 {
namespace {

// A batch of a thousand tokens with JSON around them, and room to spare.
constexpr std::uint64_t kVerifyBodyLimit = 128 * 1024;

// At most this many keys per batch: a batch is one request on one I/O thread, and a thousand
// checks take well under a millisecond.
constexpr size_t kMaxBatch = 1000;

// One verification, as the single form answers it: invalid is {"valid": false} and nothing more,
// never a hint of why.
boost::json::object verification(const ApiContext& ctx, std::string_view token) {
  const auto verified = ctx.authenticator.verify_key(token);
  ctx.metrics.count_verification(verified.has_value());
  if (!verified) return boost::json::object{{"valid", false}};
  boost::json::array scopes;
  for (const auto& s : verified->scopes.names()) scopes.emplace_back(s);
  return boost::json::object{{"valid", true},
                             {"key_id", verified->key_id.to_string()},
                             {"org_id", verified->org_id.to_string()},
                             {"kind", to_string(verified->kind)},
                             {"scopes", std::move(scopes)},
                             {"expires_at", time_or_null(verified->expires_at)}};
}

Result<Reply> verify_batch(const ApiContext& ctx, const boost::json::value& keys) {
  const auto* list = keys.if_array();
  if (!list || list->empty() || list->size() > kMaxBatch) {
    return fail(Errc::kInvalidArgument,
                "\"keys\" must be a list of 1 to " + std::to_string(kMaxBatch) + " key tokens");
  }
  for (size_t i = 0; i < list->size(); ++i) {
    if (!(*list)[i].is_string()) {
      return fail(Errc::kInvalidArgument, "keys[" + std::to_string(i) + "] must be a string");
    }
  }
  boost::json::array results;
  results.reserve(list->size());
  for (const auto& key : *list) results.emplace_back(verification(ctx, key.get_string()));
  return document(boost::json::object{{"results", std::move(results)}}, "verifications");
}

// The key is the credential being checked, not the caller's: no authentication is needed.
// {"key": "…"} answers one verification; {"keys": ["…", …]} a list of them, in the same order.
Result<Reply> verify(const ApiContext& ctx, const Call& call) {
  const auto* object = call.body.if_object();
  const auto* key = object ? object->if_contains("key") : nullptr;
  const auto* keys = object ? object->if_contains("keys") : nullptr;
  if (!object || object->size() != 1 || (!key && !keys) || (key && !key->is_string())) {
    return fail(Errc::kInvalidArgument,
                "send {\"key\": \"<token>\"} or {\"keys\": [\"<token>\", ...]}");
  }
  if (!ctx.staleness.fresh()) return stale_reply(Surface::kManagement);
  if (keys) return verify_batch(ctx, *keys);
  return document(verification(ctx, key->get_string()), "verification");
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
             {.access = Access::kPublic,
              .body_limit = kVerifyBodyLimit,
              .in_memory = true,
              .handler = with(ctx, verify)});
  routes.add(http::Method::get, "/api/v1/auth",
             // An auth_request subrequest carries the client's Accept (an image, a page) but
             // wants no body: the route answers whatever Accept says, never 406.
             {.access = Access::kAnyPrincipal,
              .raw = true,
              .in_memory = true,
              .handler = with(ctx, auth_request)});
}

}  // namespace keyward::api::v1

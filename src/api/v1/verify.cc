#include "api/v1/verify.h"

#include <boost/json.hpp>
#include <boost/json/monotonic_resource.hpp>

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
// never a hint of why. Built in `storage` (an arena shared by a whole batch), so a thousand of them
// cost a few allocations rather than thousands.
boost::json::object verification(const ApiContext& ctx, std::string_view token,
                                 const boost::json::storage_ptr& storage) {
  const auto verified = ctx.authenticator.verify_key(token);
  ctx.metrics.count_verification(verified.has_value());
  boost::json::object out(storage);
  if (!verified) {
    out.emplace("valid", false);
    return out;
  }
  out.reserve(6);
  out.emplace("valid", true);
  const auto key_id = verified->key_id.to_chars();
  const auto org_id = verified->org_id.to_chars();
  out.emplace("key_id", std::string_view(key_id.data(), key_id.size()));
  out.emplace("org_id", std::string_view(org_id.data(), org_id.size()));
  out.emplace("kind", to_string(verified->kind));
  boost::json::array scopes(storage);
  if (verified->scopes.can_read()) scopes.emplace_back("read");
  if (verified->scopes.can_write()) scopes.emplace_back("write");
  out.emplace("scopes", std::move(scopes));
  if (verified->expires_at) {
    out.emplace("expires_at", format_rfc3339(*verified->expires_at));
  } else {
    out.emplace("expires_at", nullptr);
  }
  return out;
}

boost::json::storage_ptr arena() {
  return boost::json::make_shared_resource<boost::json::monotonic_resource>();
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
  const auto storage = arena();
  boost::json::array results(storage);
  results.reserve(list->size());
  for (const auto& key : *list) results.emplace_back(verification(ctx, key.get_string(), storage));
  boost::json::object body(storage);
  body.emplace("results", std::move(results));
  return document(std::move(body), "verifications");
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
  return document(verification(ctx, key->get_string(), arena()), "verification");
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

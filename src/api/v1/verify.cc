#include "api/v1/verify.h"

#include <boost/json.hpp>
#include <boost/json/monotonic_resource.hpp>

#include "api/error_reply.h"
#include "api/views.h"
#include "core/ip_network.h"
#include "core/key_controls.h"

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
                                 const boost::json::storage_ptr& storage,
                                 const service::KeyDemands& demands = {}) {
  // The key's own scopes are copied out as it passes, into the answer's arena, with room for
  // read and write ahead of them; a key that fails allocates nothing here.
  boost::json::array scopes(storage);
  service::KeyDemands asked = demands;
  asked.own_scope = [&scopes](std::string_view name) {
    if (scopes.empty()) scopes.reserve(8);
    scopes.emplace_back(name);
  };
  const auto verified = ctx.authenticator.verify_key(token, asked);
  const bool passed = verified && verified->admission.verdict == service::ControlVerdict::kPassed;
  ctx.metrics.count_verification(passed);
  boost::json::object out(storage);
  if (!verified) {
    out.emplace("valid", false);
    return out;
  }
  const auto key_id = verified->key_id.to_chars();
  const auto org_id = verified->org_id.to_chars();
  if (!passed) {
    // A good key its controls refused: which control, so the caller can tell a client what to
    // do; a bad key never gets this far.
    out.emplace("valid", false);
    out.emplace("code", service::to_string(verified->admission.verdict));
    out.emplace("key_id", std::string_view(key_id.data(), key_id.size()));
    out.emplace("org_id", std::string_view(org_id.data(), org_id.size()));
    if (verified->admission.verdict == service::ControlVerdict::kRateLimited) {
      out.emplace("retry_after", verified->admission.retry_after_s);
    }
    return out;
  }
  out.reserve(7);
  out.emplace("valid", true);
  out.emplace("key_id", std::string_view(key_id.data(), key_id.size()));
  out.emplace("org_id", std::string_view(org_id.data(), org_id.size()));
  out.emplace("kind", to_string(verified->kind));
  // read and write first, then the organization's own.
  scopes.reserve(scopes.size() + 2);
  if (verified->scopes.can_write()) scopes.insert(scopes.begin(), "write");
  if (verified->scopes.can_read()) scopes.insert(scopes.begin(), "read");
  out.emplace("scopes", std::move(scopes));
  if (verified->expires_at) {
    out.emplace("expires_at", format_rfc3339(*verified->expires_at));
  } else {
    out.emplace("expires_at", nullptr);
  }
  if (const auto credits = verified->admission.credits_remaining) {
    out.emplace("credits_remaining", *credits);
  }
  return out;
}

// The single form's demands: {"key", "scopes"?: [..], "client_ip"?: "...", "cost"?: n}. Views
// into `body`, which outlives them.
Result<service::KeyDemands> demands_of(const boost::json::object& body,
                                       std::vector<std::string_view>& scopes) {
  service::KeyDemands demands;
  for (const auto& [name, value] : body) {
    if (name == "key") continue;
    if (name == "scopes") {
      const auto* list = value.if_array();
      if (!list || list->size() > kMaxKeyScopes) {
        return fail(Errc::kInvalidArgument, "\"scopes\" must be a list of at most " +
                                                std::to_string(kMaxKeyScopes) + " scope names");
      }
      for (const auto& s : *list) {
        if (!s.is_string() || s.get_string().size() > kMaxScopeNameLength) {
          return fail(Errc::kInvalidArgument,
                      "each of \"scopes\" must be a scope name such as \"invoices:read\"");
        }
        scopes.emplace_back(s.get_string());
      }
      demands.scopes = scopes;
    } else if (name == "client_ip") {
      if (!value.is_string() || !IpAddress::parse(value.get_string())) {
        return fail(Errc::kInvalidArgument,
                    "\"client_ip\" must be an IPv4 or IPv6 address, such as \"203.0.113.7\"");
      }
      demands.client_ip = value.get_string();
    } else if (name == "cost") {
      if (!value.is_int64() || value.get_int64() < 0 || value.get_int64() > kMaxCount) {
        return fail(Errc::kInvalidArgument,
                    "\"cost\" must be a whole number from 0 to " + std::to_string(kMaxCount));
      }
      demands.cost = value.get_int64();
    } else {
      return fail(Errc::kInvalidArgument,
                  "unknown field \"" + std::string(name) +
                      "\"; verify takes \"key\", \"scopes\", \"client_ip\" and \"cost\"");
    }
  }
  return demands;
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
  if (!object || (key && keys) || (!key && !keys) || (key && !key->is_string()) ||
      (keys && object->size() != 1)) {
    return fail(Errc::kInvalidArgument,
                "send {\"key\": \"<token>\"} (with \"scopes\", \"client_ip\" or \"cost\" if "
                "you need them) or {\"keys\": [\"<token>\", ...]}");
  }
  std::vector<std::string_view> scopes;
  service::KeyDemands demands;
  if (key) {
    auto asked = demands_of(*object, scopes);
    if (!asked) return fail(asked.error());
    demands = *asked;
  }
  if (!ctx.staleness.fresh()) return stale_reply(Surface::kManagement);
  if (keys) return verify_batch(ctx, *keys);
  return document(verification(ctx, key->get_string(), arena(), demands), "verification");
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
              .scopes_from_query = true,
              .handler = with(ctx, auth_request)});
}

}  // namespace keyward::api::v1

#include "api/dispatcher.h"

#include <array>
#include <chrono>
#include <exception>

#include <boost/asio/post.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <spdlog/spdlog.h>

#include "api/access.h"
#include "api/access_log.h"
#include "api/error_reply.h"
#include "core/ip_mask.h"
#include "crypto/constant_time.h"
#include "http/body.h"
#include "http/document.h"
#include "http/query.h"

namespace keyward::api {
namespace {

// Request bodies are parsed into this much stack before touching the heap: enough for every
// management request, so the common case allocates nothing to parse.
constexpr size_t kParseArenaBytes = 4096;

Surface surface_of_path(std::string_view path) {
  if (path.starts_with("/Contrast/api/engine")) return Surface::kEngine;
  if (path.starts_with("/Contrast/")) return Surface::kContrast;
  return Surface::kManagement;
}

bool carries_body(http::Method m) {
  return m == http::Method::post || m == http::Method::put || m == http::Method::patch ||
         m == http::Method::delete_;
}

bool is_read(http::Method m) { return m == http::Method::get || m == http::Method::head; }

// Users are named as "user:<id> <username>": the id stays unambiguous, the name is what an
// administrator reading the audit log recognizes.
service::Actor actor_of(const std::optional<service::Principal>& p, const std::string& ip,
                        const service::CredentialIndex& index) {
  if (!p) return service::Actor{"anonymous", std::nullopt, ip};
  switch (p->kind) {
    case service::Principal::Kind::kUser: {
      std::string label = "user:" + p->user_id.to_string();
      if (const auto name = index.username(p->user_id)) label += " " + *name;
      return service::Actor{std::move(label), p->user_id, ip};
    }
    case service::Principal::Kind::kAgent:
      return service::Actor{"agent:" + p->org_id.to_string(), std::nullopt, ip};
    case service::Principal::Kind::kKey:
      return service::Actor{"key:" + p->key_id.to_string(), std::nullopt, ip};
  }
  return service::Actor{"anonymous", std::nullopt, ip};
}

// "a b,c" -> a, b, c (views into `value`).
void split_scopes(std::string_view value, std::vector<std::string_view>& out) {
  size_t start = 0;
  while (start < value.size()) {
    const size_t end = value.find_first_of(" ,", start);
    const size_t stop = end == std::string_view::npos ? value.size() : end;
    if (stop > start) out.push_back(value.substr(start, stop - start));
    start = stop + 1;
  }
}

// A good named key its own controls refused: what it may not do, and when it may try again.
Reply controls_refusal(const service::Admission& admission, Surface surface) {
  switch (admission.verdict) {
    case service::ControlVerdict::kIpNotAllowed:
      return error_reply(
          Error{Errc::kPermissionDenied, "this key may not be used from your address", {}},
          surface);
    case service::ControlVerdict::kInsufficientScope:
      return error_reply(
          Error{Errc::kPermissionDenied, "this key does not hold the scope this needs", {}},
          surface);
    case service::ControlVerdict::kRateLimited: {
      Reply r = error_reply(Error{Errc::kResourceExhausted,
                                  "this key's rate limit is reached; try again in " +
                                      std::to_string(admission.retry_after_s) + " seconds",
                                  {}},
                            surface);
      r.headers.emplace_back("Retry-After", std::to_string(admission.retry_after_s));
      return r;
    }
    case service::ControlVerdict::kUsageExceeded:
    case service::ControlVerdict::kPassed:
      break;
  }
  return error_reply(
      Error{Errc::kResourceExhausted, "this key has no credits left for this request", {}},
      surface);
}

}  // namespace

Dispatcher::Dispatcher(const Routes& routes, Gatekeeper gate,
                       std::shared_ptr<spdlog::logger> access_log,
                       boost::asio::thread_pool* workers)
    : routes_(routes), gate_(gate), access_log_(std::move(access_log)), workers_(workers) {}

std::uint64_t Dispatcher::body_limit(const http::RequestHeader& header) const {
  const auto [path, query] = http::split_target(header.target());
  const auto match = routes_.match(header.method(), path);
  return match.entry ? match.entry->payload.body_limit : kNoBodyLimit;
}

void Dispatcher::record_failure(const service::AuthFailure& failure, const std::string& route,
                                const std::string& client_ip) {
  gate_.metrics.count_authentication_failure();
  const Timestamp now = gate_.clock.now();
  gate_.auth_failures.add(throttle_group(client_ip), now);
  const std::string ip = gate_.settings.get().mask_invalid_ips ? mask_ip(client_ip) : client_ip;
  gate_.audit.record(service::audit_event(service::Actor{"anonymous", std::nullopt, ip},
                                          gate_.clock, failure.org_id, "auth.failure", route,
                                          AuditOutcome::kFailure, std::string(failure.reason)));
}

Dispatcher::Context Dispatcher::context_of(const http::Request& request,
                                           const http::ClientInfo& client) const {
  return Context{std::chrono::steady_clock::now(),
                 http::negotiate(request[http::beast_http::field::accept]),
                 gate_.proxies.client_of(client.address, request["X-Forwarded-For"]).to_string()};
}

Dispatcher::Admission Dispatcher::admit(const http::Request& request, const Context& context) {
  Admission a;
  const auto [path, raw_query] = http::split_target(request.target());
  const Surface path_surface = surface_of_path(path);
  const http::Method method =
      request.method() == http::Method::head ? http::Method::get : request.method();
  const auto match = routes_.match(method, path);
  if (!match.entry) {
    if (match.path_known) {
      Reply r = protocol_error(
          http::StatusCode::method_not_allowed, "method_not_allowed",
          std::string(request.method_string()) + " is not allowed here; use " + match.allow,
          path_surface);
      r.headers.emplace_back("Allow", match.allow);
      a.refusal = std::move(r);
      return a;
    }
    a.refusal = protocol_error(
        http::StatusCode::not_found, "not_found",
        "no such endpoint: " + std::string(path) + " (docs/openapi.yaml lists them all)",
        path_surface);
    return a;
  }
  a.entry = match.entry;
  const Route& route = match.entry->payload;
  const auto refuse = [&](Reply r) {
    a.refusal = std::move(r);
    return a;
  };
  if (!context.format && !route.raw) {
    return refuse(protocol_error(http::StatusCode::not_acceptable, "not_acceptable",
                                 "cannot answer in any format the Accept header allows; ask for "
                                 "application/json or application/xml",
                                 route.surface));
  }
  if (route.access == Access::kUnspecified) {
    spdlog::error("{} {} has no access rule; refusing to serve it", request.method_string(), path);
    return refuse(
        error_reply(Error{Errc::kInternal, "route has no access rule", {}}, route.surface));
  }
  if (route.access == Access::kPublic) return a;

  if (!gate_.staleness.fresh()) return refuse(stale_reply(route.surface));
  const std::string& client_ip = context.client_ip;
  if (const auto wait = gate_.auth_failures.blocked(throttle_group(client_ip), gate_.clock.now())) {
    Reply r = error_reply(
        Error{Errc::kResourceExhausted,
              "too many failed authentication attempts from your address; try again in " +
                  std::to_string(wait->count()) + " seconds",
              {}},
        route.surface);
    r.headers.emplace_back("Retry-After", std::to_string(wait->count()));
    return refuse(std::move(r));
  }
  // Scopes asked for in the query, when the route reads them (parsed only when sent).
  http::Query query;
  std::vector<std::string_view> demanded;
  if (route.scopes_from_query && raw_query.find("scope") != std::string_view::npos) {
    query = http::Query::parse(raw_query);
    for (const std::string_view value : query.all("scope")) split_scopes(value, demanded);
  }
  const auto result = gate_.authenticator.authenticate(
      {request[http::beast_http::field::authorization], request["API-Key"],
       cookie_value(request[http::beast_http::field::cookie], kSessionCookie), client_ip,
       demanded});
  if (result.refused_by_controls.verdict != service::ControlVerdict::kPassed) {
    return refuse(controls_refusal(result.refused_by_controls, route.surface));
  }
  const auto route_name = [&] {
    return std::string(http::beast_http::to_string(method)) + " " + match.entry->pattern.text();
  };
  if (!result.principal) {
    record_failure(result.failure, route_name(), client_ip);
    return refuse(error_reply(Error{Errc::kUnauthenticated, "", {}}, route.surface));
  }
  a.principal = *result.principal;
  const service::Principal& principal = *a.principal;
  // A console session's changes need its CSRF token: a page elsewhere can make the browser
  // send the cookie, but cannot read the token.
  if (principal.via_session && !is_read(request.method())) {
    const Digest presented = gate_.protector.lookup_hash(request[kCsrfHeader]);
    if (!crypto::constant_time_equal(presented, principal.csrf_hash)) {
      return refuse(error_reply(Error{Errc::kPermissionDenied,
                                      "this change needs the session's CSRF token in the " +
                                          std::string(kCsrfHeader) + " header",
                                      {}},
                                route.surface));
    }
  }
  a.org_id = principal.org_id;
  if (const auto param = match.params.get("orgId"); !param.empty()) {
    const auto parsed = Uuid::parse(param);
    if (!parsed) {
      return refuse(
          error_reply(Error{Errc::kNotFound, "organization not found", {}}, route.surface));
    }
    a.org_id = *parsed;
  }
  if (auto allowed = authorize(route, principal, a.org_id, gate_.index); !allowed) {
    if (allowed.error().code == Errc::kUnauthenticated) {
      record_failure({"credentials of the wrong kind for this API", principal.org_id}, route_name(),
                     client_ip);
    }
    return refuse(error_reply(allowed.error(), route.surface));
  }
  return a;
}

Reply Dispatcher::call(http::Request& request, const http::ClientInfo& client,
                       const Context& context, const Admission& admission) {
  const Route& route = admission.entry->payload;
  const auto [path, raw_query] = http::split_target(request.target());
  // Matched again rather than carried over: the parameters are views into the request's target,
  // which may have moved to another thread since admit().
  const http::Method method =
      request.method() == http::Method::head ? http::Method::get : request.method();
  const auto match = routes_.match(method, path);

  const bool has_body =
      !route.signed_body && carries_body(request.method()) && !request.body().empty();
  const auto body_format = http::body_format(request[http::beast_http::field::content_type]);
  if (has_body && body_format == http::BodyFormat::kUnsupported) {
    return protocol_error(http::StatusCode::unsupported_media_type, "unsupported_media_type",
                          "send the body as application/json (or application/xml, or a form)",
                          route.surface);
  }
  std::array<unsigned char, kParseArenaBytes> arena;
  boost::json::monotonic_resource resource(arena.data(), arena.size());
  // Initialized in place, so the parsed value stays in the arena rather than being copied out.
  const http::ParsedBody body =
      has_body ? http::parse_body(body_format, request.body(), &resource) : http::ParsedBody{};
  if (!body.error.empty()) {
    return error_reply(Error{Errc::kInvalidArgument, body.error, {}}, route.surface);
  }

  const http::Query query = http::Query::parse(raw_query);
  const auto& principal = admission.principal;
  const service::Actor actor = actor_of(principal, context.client_ip, gate_.index);
  const Call call{
      request,    client,           match.params,     query, principal ? &*principal : nullptr,
      body.value, body.text_values, admission.org_id, actor, context.client_ip};
  Result<Reply> reply = fail(Errc::kInternal, "handler did not run");
  try {
    reply = route.handler(call);
  } catch (const std::exception& e) {
    reply = fail(Errc::kInternal, std::string("unexpected exception: ") + e.what());
  }
  if (!reply) {
    const Error& e = reply.error();
    if (e.code == Errc::kInternal || e.code == Errc::kUnavailable) {
      spdlog::error("{} {}: {}", request.method_string(), path, e.message);
    }
    return error_reply(e, route.surface);
  }
  return std::move(*reply);
}

http::Response Dispatcher::finish(const http::Request& request, const http::ClientInfo& client,
                                  const Context& context,
                                  const std::optional<service::Principal>& principal,
                                  const Reply& reply) {
  http::Response response =
      render(reply, context.format.value_or(http::Format::kJson), &request, client);
  const unsigned status = response.result_int();
  gate_.metrics.count_response(status);
  if (access_log_) {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - context.started)
                            .count();
    const auto [path, query] = http::split_target(request.target());
    // The path only: query strings are the one place a careless client might put a secret.
    const bool mask = gate_.settings.get().mask_invalid_ips;
    access_log_->info("{} {} {} {} {}us {}", loggable_client(context.client_ip, status, mask),
                      std::string_view(request.method_string()), loggable_path(path), status,
                      micros, actor_of(principal, context.client_ip, gate_.index).label);
  }
  return response;
}

std::optional<http::Response> Dispatcher::handle(http::Request& request,
                                                 const http::ClientInfo& client,
                                                 http::ResponseChannel& channel) {
  Context context = context_of(request, client);
  Admission admission = admit(request, context);
  if (admission.refusal) {
    return finish(request, client, context, admission.principal, *admission.refusal);
  }
  if (!workers_ || admission.entry->payload.in_memory) {
    const Reply reply = call(request, client, context, admission);
    return finish(request, client, context, admission.principal, reply);
  }
  boost::asio::post(
      *workers_, [this, request = std::move(request), client, context = std::move(context),
                  admission = std::move(admission), responder = channel.defer()]() mutable {
        const Reply reply = call(request, client, context, admission);
        responder->respond(finish(request, client, context, admission.principal, reply));
      });
  return std::nullopt;
}

http::Response Dispatcher::answer(http::Request& request, const http::ClientInfo& client) {
  const Context context = context_of(request, client);
  const Admission admission = admit(request, context);
  const Reply reply =
      admission.refusal ? *admission.refusal : call(request, client, context, admission);
  return finish(request, client, context, admission.principal, reply);
}

http::Response Dispatcher::reject(http::StatusCode status, std::string_view message,
                                  const http::ClientInfo& client) {
  const Reply reply = protocol_error(
      status, status == http::StatusCode::bad_request ? "malformed_request" : "request_too_large",
      message, Surface::kManagement);
  gate_.metrics.count_response(static_cast<unsigned>(status));
  if (access_log_) {
    access_log_->info("{} - - {} rejected: {}",
                      loggable_client(client.address.to_string(), static_cast<unsigned>(status),
                                      gate_.settings.get().mask_invalid_ips),
                      static_cast<unsigned>(status), message);
  }
  return render(reply, http::Format::kJson, nullptr, client);
}

http::Response Dispatcher::render(const Reply& reply, http::Format format,
                                  const http::Request* request,
                                  const http::ClientInfo& client) const {
  http::Response response{reply.status, request ? request->version() : 11};
  namespace field = http::beast_http;
  if (!reply.raw_content_type.empty()) {
    response.set(field::field::content_type, reply.raw_content_type);
    response.body() = reply.raw_body;
  } else if (reply.status != http::StatusCode::no_content) {
    response.set(field::field::content_type, http::content_type(format));
    response.body() = format == http::Format::kXml ? http::render_xml(reply.body, reply.xml_root)
                                                   : http::render_json(reply.body);
  }
  // Responses may carry credentials; no cache anywhere may keep them, unless the route says what
  // it serves is safe to keep (Reply::cache_control).
  response.set(field::field::cache_control,
               reply.cache_control.empty() ? "no-store" : reply.cache_control);
  response.set("X-Content-Type-Options", "nosniff");
  if (client.tls) response.set("Strict-Transport-Security", "max-age=31536000");
  if (reply.status == http::StatusCode::unauthorized) {
    response.set(field::field::www_authenticate, "Bearer realm=\"keyward\"");
  }
  for (const auto& [name, value] : reply.headers) response.insert(name, value);
  response.prepare_payload();
  if (request && request->method() == http::Method::head) {
    const auto length = response.body().size();
    response.body().clear();
    response.content_length(length);
  }
  return response;
}

}  // namespace keyward::api

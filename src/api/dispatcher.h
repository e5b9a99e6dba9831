// The request pipeline every route shares, in order: find the client's address (trusting
// X-Forwarded-For only from configured proxies), find the route (404/405), negotiate the format
// (406), refuse a client with too many recent authentication failures (429), authenticate (401,
// recorded in the audit log with the reason the client is never told), check the CSRF token of
// a console session's changes (403), authorize (403/404), parse the body (415/400), call the
// handler, render its reply as JSON or XML, count it, log it.
//
// Where the work runs: everything up to authorization looks only at memory and runs on the I/O
// thread that read the request, so a flood of bad credentials never reaches a worker. A route
// that answers from memory alone (verification, health) is then served there too; every other
// route may wait on the store, a password hash or a mail server, so its handler runs on the
// worker pool and the answer goes back through the connection's responder (http/server.h).
//
// Threading: const after construction apart from what it writes through (metrics, the audit
// buffer, the failure limiter), all of which are thread-safe; handle() runs on any number of I/O
// threads at once, and handlers on any number of workers.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/thread_pool.hpp>

#include "api/cookie.h"
#include "api/metrics.h"
#include "api/route.h"
#include "core/clock.h"
#include "crypto/credential_protector.h"
#include "http/server.h"
#include "http/trusted_proxies.h"
#include "service/audit_log.h"
#include "service/authenticator.h"
#include "service/credential_index.h"
#include "service/index_sync.h"
#include "service/settings_cache.h"
#include "service/window_limiter.h"

namespace spdlog {
class logger;
}

namespace keyward::api {

// The header that carries a console session's CSRF token (the cookie is in api/cookie.h).
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// What the pipeline consults besides the routes.
struct Gatekeeper {
  const service::Authenticator& authenticator;
  const service::CredentialIndex& index;
  const service::SettingsCache& settings;
  const crypto::CredentialProtector& protector;
  service::AuditLog& audit;
  service::WindowLimiter& auth_failures;  // per client address
  const http::TrustedProxies& proxies;
  const Clock& clock;
  Metrics& metrics;
  // Past the bound, every authenticated route answers 503: a node that cannot read its journal
  // may be serving credentials revoked elsewhere.
  service::Staleness staleness = {};
};

class Dispatcher final : public http::RequestHandler {
 public:
  // `workers` runs the handlers that may wait; null runs everything on the calling thread.
  Dispatcher(const Routes& routes, Gatekeeper gate, std::shared_ptr<spdlog::logger> access_log,
             boost::asio::thread_pool* workers = nullptr);

  std::uint64_t body_limit(const http::RequestHeader& header) const override;
  std::optional<http::Response> handle(http::Request& request, const http::ClientInfo& client,
                                       http::ResponseChannel& channel) override;
  http::Response reject(http::StatusCode status, std::string_view message,
                        const http::ClientInfo& client) override;

  // Answers on the calling thread whatever the route (tests and benchmarks without sockets).
  http::Response answer(http::Request& request, const http::ClientInfo& client);

 private:
  // What the I/O thread decided about a request before any handler ran.
  struct Admission {
    const Routes::Entry* entry = nullptr;
    std::optional<service::Principal> principal;
    Uuid org_id;
    std::optional<Reply> refusal;  // answer with this and call no handler
  };
  struct Context {
    std::chrono::steady_clock::time_point started;
    std::optional<http::Format> format;
    std::string client_ip;
  };

  Context context_of(const http::Request& request, const http::ClientInfo& client) const;
  Admission admit(const http::Request& request, const Context& context);
  Reply call(http::Request& request, const http::ClientInfo& client, const Context& context,
             const Admission& admission);
  // Renders, counts and logs.
  http::Response finish(const http::Request& request, const http::ClientInfo& client,
                        const Context& context, const std::optional<service::Principal>& principal,
                        const Reply& reply);
  // Records a failed authentication in the audit log and against the client's address.
  void record_failure(const service::AuthFailure& failure, const std::string& route,
                      const std::string& client_ip);
  http::Response render(const Reply& reply, http::Format format, const http::Request* request,
                        const http::ClientInfo& client) const;

  const Routes& routes_;
  Gatekeeper gate_;
  std::shared_ptr<spdlog::logger> access_log_;
  boost::asio::thread_pool* workers_;
};

}  // namespace keyward::api

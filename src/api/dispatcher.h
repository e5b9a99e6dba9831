// The request pipeline every route shares, in order: find the client's address (trusting
// X-Forwarded-For only from configured proxies), find the route (404/405), negotiate the format
// (406), refuse a client with too many recent authentication failures (429), authenticate (401,
// recorded in the audit log with the reason the client is never told), check the CSRF token of
// a console session's changes (403), authorize (403/404), parse the body (415/400), call the
// handler, render its reply as JSON or XML, count it, log it.
//
// Threading: const after construction apart from what it writes through (metrics, the audit
// buffer, the failure limiter), all of which are thread-safe; handle() runs on any number of I/O
// threads at once.
#pragma once

#include <memory>

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
};

class Dispatcher final : public http::RequestHandler {
 public:
  Dispatcher(const Routes& routes, Gatekeeper gate, std::shared_ptr<spdlog::logger> access_log);

  std::uint64_t body_limit(const http::RequestHeader& header) const override;
  http::Response handle(http::Request& request, const http::ClientInfo& client) override;
  http::Response reject(http::StatusCode status, std::string_view message,
                        const http::ClientInfo& client) override;

 private:
  Reply route_and_call(http::Request& request, const http::ClientInfo& client,
                       const std::string& client_ip, std::optional<http::Format> format,
                       std::optional<service::Principal>& principal);
  // Records a failed authentication in the audit log and against the client's address.
  void record_failure(const service::AuthFailure& failure, const std::string& route,
                      const std::string& client_ip);
  http::Response render(const Reply& reply, http::Format format, const http::Request* request,
                        const http::ClientInfo& client) const;

  const Routes& routes_;
  Gatekeeper gate_;
  std::shared_ptr<spdlog::logger> access_log_;
};

}  // namespace keyward::api

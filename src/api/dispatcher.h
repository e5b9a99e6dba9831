// The request pipeline every route shares, in order: negotiate the response format (406), find
// the route (404/405), authenticate (401), authorize (403/404), parse the body (415/400), call the
// handler, render its reply as JSON or XML, count it, log it.
//
// Threading: const after construction apart from the metrics, which are atomic; handle() runs on
// any number of I/O threads at once.
#pragma once

#include <memory>

#include "api/metrics.h"
#include "api/route.h"
#include "http/server.h"
#include "service/authenticator.h"
#include "service/credential_index.h"

namespace spdlog {
class logger;
}

namespace keyward::api {

class Dispatcher final : public http::RequestHandler {
 public:
  Dispatcher(const Routes& routes, const service::Authenticator& authenticator,
             const service::CredentialIndex& index, Metrics& metrics,
             std::shared_ptr<spdlog::logger> access_log);

  std::uint64_t body_limit(const http::RequestHeader& header) const override;
  http::Response handle(http::Request& request, const http::ClientInfo& client) override;
  http::Response reject(http::StatusCode status, std::string_view message,
                        const http::ClientInfo& client) override;

 private:
  Reply route_and_call(http::Request& request, const http::ClientInfo& client,
                       std::optional<http::Format> format, service::Principal& principal_storage,
                       const service::Principal*& principal);
  http::Response render(const Reply& reply, http::Format format, const http::Request* request,
                        const http::ClientInfo& client) const;

  const Routes& routes_;
  const service::Authenticator& authenticator_;
  const service::CredentialIndex& index_;
  Metrics& metrics_;
  std::shared_ptr<spdlog::logger> access_log_;
};

}  // namespace keyward::api

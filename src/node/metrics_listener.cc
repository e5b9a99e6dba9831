#include "node/metrics_listener.h"

namespace keyward::node {
namespace {

http::Response text(http::StatusCode status, std::string body, unsigned version) {
  http::Response r{status, version};
  r.set(http::beast_http::field::content_type, status == http::StatusCode::ok
                                                   ? "text/plain; version=0.0.4; charset=utf-8"
                                                   : "text/plain; charset=utf-8");
  r.set(http::beast_http::field::cache_control, "no-store");
  r.body() = std::move(body);
  r.prepare_payload();
  return r;
}

}  // namespace

std::optional<http::Response> MetricsHandler::handle(http::Request& request,
                                                     const http::ClientInfo&,
                                                     http::ResponseChannel&) {
  const std::string_view target = request.target();
  const std::string_view path = target.substr(0, target.find('?'));
  if (path != "/metrics") {
    return text(http::StatusCode::not_found, "only /metrics is served here\n", request.version());
  }
  if (request.method() != http::Method::get && request.method() != http::Method::head) {
    http::Response r = text(http::StatusCode::method_not_allowed, "use GET\n", request.version());
    r.set(http::beast_http::field::allow, "GET, HEAD");
    return r;
  }
  return text(http::StatusCode::ok, render_(), request.version());
}

http::Response MetricsHandler::reject(http::StatusCode status, std::string_view message,
                                      const http::ClientInfo&) {
  return text(status, std::string(message) + "\n", 11);
}

}  // namespace keyward::node

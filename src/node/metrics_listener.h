// /metrics on a listener of its own (`metrics_listen`), for a Prometheus scraper on a private
// network: plain HTTP, no credentials, nothing but the metrics. On the API's own listener
// /metrics needs a system administrator's credentials, so that anyone who can reach the API
// cannot read how busy it is and how many keys it holds.
#pragma once

#include <functional>
#include <string>

#include "http/server.h"

namespace keyward::node {

class MetricsHandler final : public http::RequestHandler {
 public:
  // `render` produces the exposition text; it is called on the listener's thread.
  explicit MetricsHandler(std::function<std::string()> render) : render_(std::move(render)) {}

  std::uint64_t body_limit(const http::RequestHeader&) const override { return 0; }
  std::optional<http::Response> handle(http::Request& request, const http::ClientInfo& client,
                                       http::ResponseChannel& channel) override;
  http::Response reject(http::StatusCode status, std::string_view message,
                        const http::ClientInfo& client) override;

 private:
  std::function<std::string()> render_;
};

}  // namespace keyward::node

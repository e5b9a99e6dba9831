// The seam through which webhook deliveries leave: one HTTP POST. webhook/curl_poster.h is the
// implementation (libcurl); a node is given one like it is given a Mailer.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace keyward::service {

struct WebhookRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // JSON
  std::chrono::milliseconds timeout{10'000};
};

// Threading: post() may be called from any thread; it blocks for at most the request's timeout.
class WebhookPoster {
 public:
  virtual ~WebhookPoster() = default;
  // The HTTP status the endpoint answered, whatever it is; kUpstreamFailed, with a reason that
  // names neither the URL nor the body, when no answer came (refused, timed out, bad TLS).
  virtual Result<int> post(const WebhookRequest& request) = 0;
};

}  // namespace keyward::service

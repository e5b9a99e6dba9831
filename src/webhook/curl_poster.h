// WebhookPoster over libcurl: https:// with the system's trusted CAs and host name checks (plain
// http:// only reaches loopback, which check_webhook_url() enforced when the URL was registered),
// no redirects followed, no protocol but HTTP(S), the request's timeout for the whole exchange.
// Loopback is never sent through a proxy; other hosts go through the one the environment names
// (https_proxy), if any.
#pragma once

#include <string>

#include "service/webhook_poster.h"

namespace keyward::webhook {

// Threading: stateless; post() may be called from any number of threads.
class CurlPoster final : public service::WebhookPoster {
 public:
  // `ca_file`: extra CAs to trust instead of the system's (tests, private CAs); empty: the
  // system's.
  explicit CurlPoster(std::string ca_file = {}) : ca_file_(std::move(ca_file)) {}

  Result<int> post(const service::WebhookRequest& request) override;

 private:
  std::string ca_file_;
};

}  // namespace keyward::webhook

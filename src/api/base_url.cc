#include "api/base_url.h"

namespace keyward::api {

std::string base_url(const ApiContext& ctx, const Call& call) {
  if (!ctx.public_url.empty()) return ctx.public_url;
  std::string host(call.request[http::beast_http::field::host]);
  if (host.empty()) host = "localhost";
  return (call.client.tls ? "https://" : "http://") + host;
}

}  // namespace keyward::api

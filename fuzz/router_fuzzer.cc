// Request paths against route patterns like the API's: matching never crashes, and parameters are
// always non-empty views inside the path.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/router.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto* router = [] {
    auto* r = new keyward::http::Router<int>();
    using M = keyward::http::Method;
    r->add(M::get, "/healthz", 1);
    r->add(M::get, "/api/v1/orgs/{orgId}", 2);
    r->add(M::post, "/api/v1/orgs/{orgId}/keys", 3);
    r->add(M::get, "/api/v1/orgs/{orgId}/keys/{keyId}", 4);
    r->add(M::post, "/api/v1/orgs/{orgId}/keys/{keyId}/roll", 5);
    r->add(M::get, "/Contrast/api/ng/{orgId}/traces/{appId}/filter/{traceId}", 6);
    return r;
  }();
  const std::string_view path(reinterpret_cast<const char*>(data), size);
  const auto match = router->match(keyward::http::Method::get, path);
  if (match.entry) {
    for (auto name : {"orgId", "keyId", "appId", "traceId"}) {
      const auto value = match.params.get(name);
      if (value.data() && !value.empty() &&
          (value.data() < path.data() || value.data() + value.size() > path.data() + path.size())) {
        std::abort();
      }
    }
  }
  return 0;
}

#include "console/console_routes.h"

#include <boost/json.hpp>

#include "console/assets.h"
#include "http/format.h"

namespace keyward::console {
namespace {

constexpr std::string_view kConsole = "/console/";
constexpr std::string_view kAssets = "/console/assets/";
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

// What every console response carries: the page may load only the console's own files, may not
// be framed, and sends no Referer (the reveal page's URL holds a token in its fragment, which
// browsers never send, but nothing else there is anyone's business either).
void protect(api::Reply& r) {
  r.headers.emplace_back("Content-Security-Policy", std::string(kContentSecurityPolicy));
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
}

bool accepts_gzip(std::string_view accept_encoding) {
  // "gzip;q=0" would refuse it; no browser sends that, and then the plain bytes are the answer.
  return accept_encoding.find("gzip") != std::string_view::npos &&
         accept_encoding.find("gzip;q=0") == std::string_view::npos;
}

api::Reply file(const Asset& asset, const http::Request& request) {
  api::Reply r;
  r.raw_content_type = std::string(asset.content_type);
  auto bytes = asset.bytes;
  if (!asset.gzipped.empty()) {
    r.headers.emplace_back("Vary", "Accept-Encoding");
    if (accepts_gzip(request[http::beast_http::field::accept_encoding])) {
      bytes = asset.gzipped;
      r.headers.emplace_back("Content-Encoding", "gzip");
    }
  }
  r.raw_body.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (asset.immutable) r.cache_control = std::string(kImmutable);
  protect(r);
  return r;
}

Result<api::Reply> page(const api::Call& call) {
  const auto [path, query] = http::split_target(call.request.target());
  if (path.starts_with(kAssets)) {
    const Asset* asset = find_asset(path.substr(kConsole.size()));
    if (!asset) return fail(Errc::kNotFound, "no such console file: " + std::string(path));
    return file(*asset, call.request);
  }
  const Asset* index = find_asset("index.html");
  if (!index) return fail(Errc::kInternal, "the console was built without index.html");
  return file(*index, call.request);
}

Result<api::Reply> root(const api::Call& call) {
  if (http::prefers_html(call.request[http::beast_http::field::accept])) {
    api::Reply r;
    r.status = http::StatusCode::found;
    r.body = boost::json::object{{"location", kConsole}};
    r.headers.emplace_back("Location", std::string(kConsole));
    return r;
  }
  return api::document(
      boost::json::object{{"service", "keyward"}, {"console", kConsole}, {"api", "/api/v1"}},
      "keyward");
}

}  // namespace

api::Routes with_console_routes(api::Routes routes) {
  const api::Route console{.access = api::Access::kPublic, .raw = true, .handler = page};
  routes.add(http::Method::get, "/",
             {.access = api::Access::kPublic, .raw = true, .handler = root});
  for (const char* pattern : {"/console", "/console/{page}", "/console/{section}/{page}",
                              "/console/{section}/{item}/{page}"}) {
    routes.add(http::Method::get, pattern, console);
  }
  return routes;
}

}  // namespace keyward::console

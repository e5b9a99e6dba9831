#include "api/contrast/applications.h"

#include <boost/json.hpp>

namespace keyward::api::contrast {
namespace {

boost::json::object link(std::string_view rel, std::string href) {
  return {{"rel", rel}, {"method", "GET"}, {"href", std::move(href)}};
}

// The older shape the seed's sample shows: a bare array of {appId, name, language, links}, for
// the caller's organization (the API-Key's, or the named key's).
Result<Reply> list_legacy(const ApiContext& ctx, const Call& call) {
  auto apps = ctx.applications.list(call.org_id);
  if (!apps) return fail(apps.error());
  const std::string base = base_url(ctx, call) + "/Contrast/api/ng/" + call.org_id.to_string();
  boost::json::array out;
  for (const auto& app : *apps) {
    const std::string id = app.id.to_string();
    out.push_back(boost::json::object{
        {"appId", id},
        {"name", app.name},
        {"language", app.language},
        {"links", boost::json::array{link("self", base + "/applications/" + id),
                                     link("traces", base + "/traces/" + id + "/filter")}}});
  }
  return document(std::move(out), "applications");
}

}  // namespace

std::string base_url(const ApiContext& ctx, const Call& call) {
  if (!ctx.public_url.empty()) return ctx.public_url;
  std::string host(call.request[http::beast_http::field::host]);
  if (host.empty()) host = "localhost";
  return (call.client.tls ? "https://" : "http://") + host;
}

void add_application_routes(Routes& routes, const ApiContext& ctx) {
  // The older API read with PUT as well as GET; both are reads.
  for (auto method : {http::Method::get, http::Method::put}) {
    routes.add(method, "/Contrast/api/ng/applications",
               {.access = Access::kAuthenticated,
                .surface = Surface::kContrast,
                .handler = with(ctx, list_legacy)});
  }
}

}  // namespace keyward::api::contrast

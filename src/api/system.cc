#include "api/system.h"

#include <boost/json.hpp>

namespace keyward::api {
namespace {

Result<Reply> health(const ApiContext& ctx, const Call&) {
  return document(boost::json::object{{"status", "ok"}, {"version", ctx.version}}, "health");
}

Result<Reply> metrics(const ApiContext& ctx, const Call&) {
  Reply r;
  r.raw_content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.raw_body = ctx.metrics.render(ctx.index.key_count(), ctx.connection_count());
  return r;
}

}  // namespace

void add_system_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::get, "/healthz",
             {.access = Access::kPublic, .handler = with(ctx, health)});
  routes.add(http::Method::get, "/metrics",
             {.access = Access::kPublic, .raw = true, .handler = with(ctx, metrics)});
}

}  // namespace keyward::api

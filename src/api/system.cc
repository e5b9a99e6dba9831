#include "api/system.h"

#include <boost/json.hpp>

#include "api/views.h"

namespace keyward::api {
namespace {

// What a load balancer checks: 200 while this node can answer for credentials, 503 once its index
// may be stale (it could be serving keys revoked elsewhere), so the node is taken out.
Result<Reply> health(const ApiContext& ctx, const Call&) {
  const bool fresh = ctx.staleness.fresh();
  boost::json::object body{{"status", fresh ? "ok" : "stale"}, {"version", ctx.version}};
  if (ctx.staleness.sync) body["index_synced_at"] = time_or_null(ctx.staleness.sync->last_synced());
  if (!fresh) {
    body["message"] =
        "the credential index has not been brought up to date from the store, or this node has "
        "not been listening for changes, for longer than the staleness bound; it refuses to "
        "answer for credentials until it is current again";
  }
  return document(std::move(body), "health",
                  fresh ? http::StatusCode::ok : http::StatusCode::service_unavailable);
}

Result<Reply> metrics(const ApiContext& ctx, const Call&) {
  Reply r;
  r.raw_content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.raw_body =
      ctx.metrics.render(ctx.index.key_count(), ctx.connection_stats(), ctx.staleness.fresh());
  return r;
}

}  // namespace

void add_system_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::get, "/healthz",
             {.access = Access::kPublic, .in_memory = true, .handler = with(ctx, health)});
  routes.add(
      http::Method::get, "/metrics",
      // Only system administrators here; a scraper uses metrics_listen (node/metrics_listener.h).
      {.access = Access::kSystemAdmin,
       .raw = true,
       .in_memory = true,
       .handler = with(ctx, metrics)});
}

}  // namespace keyward::api

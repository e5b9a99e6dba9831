#include "api/contrast/traces.h"

#include <map>

#include <boost/json.hpp>

#include "api/contrast/envelope.h"
#include "api/contrast/filter_input.h"
#include "api/contrast/filters.h"
#include "api/contrast/shapes.h"

namespace keyward::api::contrast {
namespace {

// The application of the path, or kNotFound when it is not the organization's.
Result<Application> path_application(const ApiContext& ctx, const Call& call) {
  const auto id = Uuid::parse(call.params.get("appId"));
  if (!id) return fail(Errc::kNotFound, "application not found");
  auto app = ctx.applications.get(call.org_id, *id);
  if (!app && app.error().code == Errc::kNotFound) {
    return fail(Errc::kNotFound, "application not found");
  }
  return app;
}

Result<Reply> page_reply(const ApiContext& ctx, const Call& call, std::optional<Uuid> app_id) {
  const FilterInput in(call.query, call.body);
  auto q = trace_query(in, call.org_id, app_id);
  if (!q) return fail(q.error());
  auto page = ctx.traces.query(*q);
  if (!page) return fail(page.error());
  std::map<Uuid, Application> apps;
  boost::json::array traces;
  for (const auto& t : page->items) {
    auto it = apps.find(t.app_id);
    if (it == apps.end()) {
      auto app = ctx.applications.get(call.org_id, t.app_id);
      if (!app) return fail(app.error());
      it = apps.emplace(t.app_id, std::move(*app)).first;
    }
    traces.push_back(trace_shape(t, it->second));
  }
  const auto total = static_cast<std::int64_t>(page->total);
  return ok({{"count", total}, {"licensedCount", total}, {"traces", std::move(traces)}});
}

Result<Reply> app_traces(const ApiContext& ctx, const Call& call) {
  auto app = path_application(ctx, call);
  if (!app) return fail(app.error());
  return page_reply(ctx, call, app->id);
}

Result<Reply> org_traces(const ApiContext& ctx, const Call& call) {
  return page_reply(ctx, call, std::nullopt);
}

Result<Reply> one_trace(const ApiContext& ctx, const Call& call, std::optional<Uuid> app_id) {
  const auto id = Uuid::parse(call.params.get("traceId"));
  if (!id) return fail(Errc::kNotFound, "trace not found");
  auto trace = ctx.traces.get(call.org_id, *id, app_id);
  if (!trace) {
    if (trace.error().code == Errc::kNotFound) return fail(Errc::kNotFound, "trace not found");
    return fail(trace.error());
  }
  auto app = ctx.applications.get(call.org_id, trace->app_id);
  if (!app) return fail(app.error());
  return ok({{"trace", trace_shape(*trace, *app)}});
}

Result<Reply> app_trace(const ApiContext& ctx, const Call& call) {
  auto app = path_application(ctx, call);
  if (!app) return fail(app.error());
  return one_trace(ctx, call, app->id);
}

Result<Reply> org_trace(const ApiContext& ctx, const Call& call) {
  return one_trace(ctx, call, std::nullopt);
}

}  // namespace

void add_trace_routes(Routes& routes, const ApiContext& ctx) {
  const auto read = [&ctx](auto handler) {
    return Route{.access = Access::kOrgMember,
                 .surface = Surface::kContrast,
                 .body_limit = kSmallBodyLimit,
                 .handler = with(ctx, handler)};
  };
  // Filters answer GET with query parameters and POST with a body alike; POST is a read here.
  // A trailing slash ("/filter/") is tolerated by the router.
  for (auto method : {http::Method::get, http::Method::post}) {
    routes.add(method, "/Contrast/api/ng/{orgId}/traces/{appId}/filter", read(app_traces));
    routes.add(method, "/Contrast/api/ng/{orgId}/orgtraces/filter", read(org_traces));
  }
  routes.add(http::Method::get, "/Contrast/api/ng/{orgId}/traces/{appId}/filter/{traceId}",
             read(app_trace));
  routes.add(http::Method::get, "/Contrast/api/ng/{orgId}/orgtraces/filter/{traceId}",
             read(org_trace));
}

}  // namespace keyward::api::contrast

#include "api/contrast/applications.h"

#include <limits>
#include <map>

#include <boost/json.hpp>

#include "api/base_url.h"
#include "api/contrast/envelope.h"
#include "api/contrast/filter_input.h"
#include "api/contrast/filters.h"
#include "api/contrast/shapes.h"

namespace keyward::api::contrast {
namespace {

boost::json::object link(std::string_view rel, std::string href) {
  return {{"rel", rel}, {"method", "GET"}, {"href", std::move(href)}};
}

// Trace counts by application, for trace breakdowns and scores.
Result<std::map<Uuid, store::TraceCounts>> counts_by_app(const ApiContext& ctx, const Uuid& org) {
  auto counts = ctx.applications.trace_counts(org);
  if (!counts) return fail(counts.error());
  std::map<Uuid, store::TraceCounts> out;
  for (const auto& c : *counts) out.emplace(c.app_id, c);
  return out;
}

Result<boost::json::array> shapes_of(const ApiContext& ctx, const Call& call,
                                     const std::vector<Application>& apps, const FilterInput& in) {
  const auto expand = parse_application_expand(in.list("expand"));
  auto counts = counts_by_app(ctx, call.org_id);
  if (!counts) return fail(counts.error());
  const std::string base = base_url(ctx, call);
  const Timestamp now = ctx.clock.now();
  boost::json::array out;
  for (const auto& app : apps) {
    const auto it = counts->find(app.id);
    out.push_back(application_shape(
        app, it == counts->end() ? store::TraceCounts{app.id, {}} : it->second, expand, base, now));
  }
  return out;
}

// The older shape the seed's sample shows: a bare array of {appId, name, language, links}, for
// the caller's organization (the API-Key's, or the named key's), oldest first. Clients of this
// call expect every application in one answer, so the default page is the largest; `offset`
// and a smaller `limit` page through an organization with more.
Result<Reply> list_legacy(const ApiContext& ctx, const Call& call) {
  const FilterInput in(call.query, call.body);
  auto limit = in.integer("limit", 1, static_cast<std::int64_t>(kMaxPageSize));
  if (!limit) return fail(limit.error());
  auto offset = in.integer("offset", 0, 1'000'000'000);
  if (!offset) return fail(offset.error());
  store::ApplicationQuery q;
  q.org_id = call.org_id;
  q.order = store::ApplicationOrder::kCreated;
  q.offset = static_cast<std::size_t>(offset->value_or(0));
  q.limit = limit->has_value() ? static_cast<std::size_t>(**limit) : kMaxPageSize;
  auto page = ctx.applications.query(q);
  if (!page) return fail(page.error());
  const std::string base = base_url(ctx, call) + "/Contrast/api/ng/" + call.org_id.to_string();
  boost::json::array out;
  for (const auto& app : page->items) {
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

// Every application of the organization that is not archived (base=false and the like change
// nothing).
Result<Reply> list_applications(const ApiContext& ctx, const Call& call) {
  store::ApplicationQuery q;
  q.org_id = call.org_id;
  q.limit = std::numeric_limits<std::size_t>::max();
  auto page = ctx.applications.query(q);
  if (!page) return fail(page.error());
  const FilterInput in(call.query, call.body);
  auto shapes = shapes_of(ctx, call, page->items, in);
  if (!shapes) return fail(shapes.error());
  return ok(
      {{"count", static_cast<std::int64_t>(page->total)}, {"applications", std::move(*shapes)}});
}

Result<Reply> filter_applications(const ApiContext& ctx, const Call& call) {
  const FilterInput in(call.query, call.body);
  auto q = application_query(in, call.org_id);
  if (!q) return fail(q.error());
  auto page = ctx.applications.query(*q);
  if (!page) return fail(page.error());
  auto shapes = shapes_of(ctx, call, page->items, in);
  if (!shapes) return fail(shapes.error());
  return ok(
      {{"count", static_cast<std::int64_t>(page->total)}, {"applications", std::move(*shapes)}});
}

Result<Reply> application_reply(const ApiContext& ctx, const Call& call, Result<Application> app) {
  if (!app) {
    if (app.error().code == Errc::kNotFound) return fail(Errc::kNotFound, "application not found");
    return fail(app.error());
  }
  const FilterInput in(call.query, call.body);
  auto shapes = shapes_of(ctx, call, {*app}, in);
  if (!shapes) return fail(shapes.error());
  return ok({{"application", std::move(shapes->front())}});
}

Result<Reply> show_application(const ApiContext& ctx, const Call& call) {
  const auto id = Uuid::parse(call.params.get("appId"));
  if (!id) return fail(Errc::kNotFound, "application not found");
  return application_reply(ctx, call, ctx.applications.get(call.org_id, *id));
}

// Exact lookup by name and language, as build plugins do before reporting.
Result<Reply> lookup_application(const ApiContext& ctx, const Call& call) {
  const FilterInput in(call.query, call.body);
  const auto name = in.text("name");
  const auto language = in.text("language");
  if (!name || !language) {
    return fail(Errc::kInvalidArgument,
                "give both name and language, e.g. ?name=shop&language=JAVA");
  }
  return application_reply(ctx, call, ctx.applications.find(call.org_id, *name, *language));
}

}  // namespace

void add_application_routes(Routes& routes, const ApiContext& ctx) {
  const auto read = [&ctx](Access access, auto handler) {
    return Route{.access = access,
                 .surface = Surface::kContrast,
                 .body_limit = kSmallBodyLimit,
                 .handler = with(ctx, handler)};
  };
  // Every read here answers PUT as well (see routes.cc).
  routes.add(http::Method::get, "/Contrast/api/ng/applications",
             read(Access::kAuthenticated, list_legacy));
  routes.add(http::Method::get, "/Contrast/api/ng/{orgId}/applications",
             read(Access::kOrgMember, list_applications));
  // Filters answer GET with query parameters and POST with a body alike; POST is a read here.
  for (auto method : {http::Method::get, http::Method::post}) {
    routes.add(method, "/Contrast/api/ng/{orgId}/applications/filter",
               read(Access::kOrgMember, filter_applications));
  }
  routes.add(http::Method::get, "/Contrast/api/ng/{orgId}/applications/{appId}",
             read(Access::kOrgMember, show_application));
  routes.add(http::Method::get, "/Contrast/api/ng/integrations/organizations/{orgId}/applications",
             read(Access::kOrgMember, lookup_application));
}

}  // namespace keyward::api::contrast

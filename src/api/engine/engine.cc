#include "api/engine/engine.h"

#include <boost/json.hpp>

#include "api/fields.h"

namespace keyward::api::engine {
namespace {

Result<Uuid> path_app(const Call& call) {
  const auto id = Uuid::parse(call.params.get("appId"));
  if (!id) return fail(Errc::kNotFound, "application not found");
  return *id;
}

Result<Reply> register_application(const ApiContext& ctx, const Call& call) {
  auto f = Fields::of(call, {"name", "language", "path", "tags", "importance"});
  if (!f) return fail(f.error());
  auto name = f->required_string("name");
  if (!name) return fail(name.error());
  auto language = f->required_string("language");
  if (!language) return fail(language.error());
  auto path = f->optional_string("path");
  if (!path) return fail(path.error());
  auto tags = f->optional_strings("tags");
  if (!tags) return fail(tags.error());
  auto importance = f->optional_integer("importance", kMinImportance, kMaxImportance);
  if (!importance) return fail(importance.error());
  std::optional<int> level;
  if (*importance) level = static_cast<int>(**importance);
  auto registered = ctx.applications.register_application(
      call.actor, call.org_id,
      {*name, *language, path->value_or(""), tags->value_or(std::vector<std::string>{}), level});
  if (!registered) return fail(registered.error());
  const Application& app = registered->app;
  return document(boost::json::object{{"app_id", app.id.to_string()},
                                      {"name", app.name},
                                      {"language", app.language},
                                      {"created", registered->created}},
                  "application",
                  registered->created ? http::StatusCode::created : http::StatusCode::ok);
}

Result<Reply> heartbeat(const ApiContext& ctx, const Call& call) {
  auto app = path_app(call);
  if (!app) return fail(app.error());
  if (auto s = ctx.applications.heartbeat(call.org_id, *app); !s) return fail(s.error());
  return no_content();
}

// The items of a list field: a JSON array, or what XML makes of repeated elements
// (<traces><trace/><trace/></traces> arrives as {"trace": [{...}, {...}]}).
const boost::json::array* items_of(const boost::json::value& v, boost::json::array& holder) {
  if (const auto* arr = v.if_array()) return arr;
  if (const auto* obj = v.if_object(); obj && obj->size() == 1) {
    const auto& inner = obj->begin()->value();
    if (const auto* arr = inner.if_array()) return arr;
    holder.push_back(inner);
    return &holder;
  }
  return nullptr;
}

// One finding of a report, with errors that say which one ("traces[2]: ...").
Result<service::ReportedTrace> finding(const Call& call, const boost::json::value& item,
                                       const std::string& where) {
  const Call item_call{call.request,   call.client,   call.params,           call.query,
                       call.principal, item,          call.body_text_values, call.org_id,
                       call.actor,     call.client_ip};
  auto f = Fields::of(item_call, {"title", "rule_name", "severity", "hash", "category",
                                  "confidence", "impact", "likelihood", "status", "tags"});
  const auto in = [&](const Error& e) { return fail(Errc::kInvalidArgument, where + e.message); };
  if (!f) return in(f.error());
  service::ReportedTrace t;
  for (auto [field, out] : {std::pair{"title", &t.title}, std::pair{"rule_name", &t.rule_name},
                            std::pair{"hash", &t.hash}}) {
    auto v = f->required_string(field);
    if (!v) return in(v.error());
    *out = std::move(*v);
  }
  for (auto [field, out] :
       {std::pair{"category", &t.category}, std::pair{"confidence", &t.confidence},
        std::pair{"impact", &t.impact}, std::pair{"likelihood", &t.likelihood}}) {
    auto v = f->optional_string(field);
    if (!v) return in(v.error());
    *out = v->value_or("");
  }
  auto severity = f->required_string("severity");
  if (!severity) return in(severity.error());
  const auto parsed = parse_severity(*severity);
  if (!parsed) {
    return fail(Errc::kInvalidArgument,
                where + "\"severity\" must be Critical, High, Medium, Low or Note");
  }
  t.severity = *parsed;
  auto status = f->optional_string("status");
  if (!status) return in(status.error());
  if (*status) {
    t.status = parse_trace_status(**status);
    if (!t.status) {
      return fail(Errc::kInvalidArgument,
                  where +
                      "\"status\" must be Reported, Suspicious, Confirmed, NotAProblem, "
                      "Remediated or Fixed");
    }
  }
  auto tags = f->optional_strings("tags");
  if (!tags) return in(tags.error());
  t.tags = tags->value_or(std::vector<std::string>{});
  return t;
}

Result<Reply> report(const ApiContext& ctx, const Call& call) {
  auto app = path_app(call);
  if (!app) return fail(app.error());
  auto f = Fields::of(call, {"traces"});
  if (!f) return fail(f.error());
  const auto* traces = call.body.as_object().if_contains("traces");
  boost::json::array holder;
  const boost::json::array* items = traces ? items_of(*traces, holder) : nullptr;
  if (!items) return fail(Errc::kInvalidArgument, "send {\"traces\": [ ... ]}");
  std::vector<service::ReportedTrace> findings;
  findings.reserve(items->size());
  for (size_t i = 0; i < items->size(); ++i) {
    auto t = finding(call, (*items)[i], "traces[" + std::to_string(i) + "]: ");
    if (!t) return fail(t.error());
    findings.push_back(std::move(*t));
  }
  auto outcome = ctx.traces.report(call.org_id, *app, findings);
  if (!outcome) return fail(outcome.error());
  return document(boost::json::object{{"received", outcome->received},
                                      {"created", outcome->created},
                                      {"updated", outcome->updated}},
                  "report");
}

}  // namespace

void add_engine_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::post, "/Contrast/api/engine/applications",
             {.access = Access::kAgent,
              .surface = Surface::kEngine,
              .writes = true,
              .body_limit = kSmallBodyLimit,
              .handler = with(ctx, register_application)});
  routes.add(http::Method::post, "/Contrast/api/engine/applications/{appId}/heartbeat",
             {.access = Access::kAgent,
              .surface = Surface::kEngine,
              .writes = true,
              .handler = with(ctx, heartbeat)});
  routes.add(http::Method::post, "/Contrast/api/engine/applications/{appId}/traces",
             {.access = Access::kAgent,
              .surface = Surface::kEngine,
              .writes = true,
              .body_limit = kReportBodyLimit,
              .handler = with(ctx, report)});
}

}  // namespace keyward::api::engine

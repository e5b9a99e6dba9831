#include "api/v1/policy.h"

#include <boost/json.hpp>

#include "api/fields.h"
#include "api/views.h"

namespace keyward::api::v1 {
namespace {

boost::json::object settings_json(const SystemSettings& s) {
  return {{"org_api_key", key_policy_view(s.org_api_key)},
          {"application_key", key_policy_view(s.application_key)},
          {"mask_invalid_ips", s.mask_invalid_ips},
          {"email_key_in_message", s.email_key_in_message}};
}

// Reads one policy object; absent fields keep their current values.
Status read_policy(const Call& call, std::string_view name, KeyPolicy& policy) {
  const auto* obj = call.body.if_object();
  const auto* value = obj ? obj->if_contains(name) : nullptr;
  if (!value || value->is_null()) return {};
  const Call nested{call.request, call.client,           call.params, call.query, call.principal,
                    *value,       call.body_text_values, call.org_id, call.actor, call.client_ip};
  auto f = Fields::of(nested, {"length", "min_numerals", "min_upper", "min_lower"});
  if (!f) return fail(Errc::kInvalidArgument, std::string(name) + ": " + f.error().message);
  // Wide bounds here; validate_policy gives the precise, itemised refusal.
  for (auto [field, out] :
       {std::pair{"length", &policy.length}, std::pair{"min_numerals", &policy.min_numerals},
        std::pair{"min_upper", &policy.min_upper}, std::pair{"min_lower", &policy.min_lower}}) {
    auto v = f->optional_integer(field, -1'000'000, 1'000'000);
    if (!v) return fail(Errc::kInvalidArgument, std::string(name) + ": " + v.error().message);
    if (*v) *out = static_cast<int>(**v);
  }
  return {};
}

Result<Reply> show_policy(const ApiContext& ctx, const Call&) {
  return document(settings_json(ctx.policies.get()), "key_policy");
}

Result<Reply> update_policy(const ApiContext& ctx, const Call& call) {
  auto f = Fields::of(
      call, {"org_api_key", "application_key", "mask_invalid_ips", "email_key_in_message"});
  if (!f) return fail(f.error());
  SystemSettings s = ctx.policies.get();
  if (auto r = read_policy(call, "org_api_key", s.org_api_key); !r) return fail(r.error());
  if (auto r = read_policy(call, "application_key", s.application_key); !r) {
    return fail(r.error());
  }
  for (auto [field, out] : {std::pair{"mask_invalid_ips", &s.mask_invalid_ips},
                            std::pair{"email_key_in_message", &s.email_key_in_message}}) {
    auto v = f->optional_bool(field);
    if (!v) return fail(v.error());
    if (*v) *out = **v;
  }
  auto saved = ctx.policies.set(call.actor, s);
  if (!saved) return fail(saved.error());
  return document(settings_json(*saved), "key_policy");
}

Result<Reply> compliance(const ApiContext& ctx, const Call&) {
  auto report = ctx.policies.compliance();
  if (!report) return fail(report.error());
  boost::json::array keys;
  std::size_t failing = 0;
  for (const auto& k : *report) {
    boost::json::array violations;
    for (const auto& v : k.violations) violations.emplace_back(v);
    failing += k.violations.empty() ? 0 : 1;
    boost::json::object item{{"kind", k.kind},
                             {"org_id", k.org_id.to_string()},
                             {"org_name", k.org_name},
                             {"complies", k.violations.empty()},
                             {"violations", std::move(violations)}};
    if (k.app_id) {
      item["app_id"] = k.app_id->to_string();
      item["app_name"] = k.app_name;
    }
    keys.push_back(std::move(item));
  }
  return document(boost::json::object{{"keys", std::move(keys)},
                                      {"non_compliant", static_cast<std::int64_t>(failing)}},
                  "key_compliance");
}

}  // namespace

void add_policy_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::get, "/api/v1/system/key-policy",
             {.access = Access::kSystemAdmin, .handler = with(ctx, show_policy)});
  routes.add(http::Method::put, "/api/v1/system/key-policy",
             {.access = Access::kSystemAdmin,
              .writes = true,
              .body_limit = kSmallBodyLimit,
              .handler = with(ctx, update_policy)});
  routes.add(http::Method::get, "/api/v1/system/key-compliance",
             {.access = Access::kSystemAdmin, .handler = with(ctx, compliance)});
}

}  // namespace keyward::api::v1

#include "api/v1/org_settings.h"

#include <charconv>

#include <boost/json.hpp>

#include "api/fields.h"
#include "core/key_lifecycle.h"

namespace keyward::api::v1 {
namespace {

boost::json::object settings_view(const LifecycleSettings& s) {
  boost::json::array days;
  for (int d : s.reminder_days) days.push_back(d);
  boost::json::object view{{"reminder_days", std::move(days)}};
  if (s.unused_key_days) {
    view["unused_key_days"] = *s.unused_key_days;
    const auto notice = unused_notice(*s.unused_key_days);
    view["unused_key_notice_hours"] =
        std::chrono::duration_cast<std::chrono::hours>(notice).count();
  } else {
    view["unused_key_days"] = nullptr;
    view["unused_key_notice_hours"] = nullptr;
  }
  return view;
}

// One day count of a body: a whole number, or its digits as a string in an XML or form body.
std::optional<std::int64_t> day_count(const boost::json::value& v, bool text_values) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64())
    return static_cast<std::int64_t>(std::min<std::uint64_t>(v.get_uint64(), 1u << 30));
  if (text_values && v.is_string()) {
    const auto& s = v.get_string();
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec == std::errc() && end == s.data() + s.size()) return n;
  }
  return std::nullopt;
}

Result<std::optional<std::vector<int>>> reminder_days(const boost::json::object& body,
                                                      bool text_values) {
  const auto* v = body.if_contains("reminder_days");
  if (!v) return std::optional<std::vector<int>>();
  const std::string bounds = "a list of at most " + std::to_string(kMaxReminders) +
                             " whole numbers of days between 1 and " +
                             std::to_string(kMaxReminderDays) + ", e.g. [7, 1]";
  if (v->is_null()) return std::optional<std::vector<int>>(std::vector<int>{});
  if (!v->is_array()) return fail(Errc::kInvalidArgument, "\"reminder_days\" must be " + bounds);
  std::vector<int> days;
  for (const auto& item : v->get_array()) {
    const auto n = day_count(item, text_values);
    if (!n || *n < 1 || *n > kMaxReminderDays) {
      return fail(Errc::kInvalidArgument, "\"reminder_days\" must be " + bounds);
    }
    days.push_back(static_cast<int>(*n));
  }
  return std::optional<std::vector<int>>(std::move(days));
}

Result<std::optional<std::optional<int>>> unused_key_days(const boost::json::object& body,
                                                          bool text_values) {
  const auto* v = body.if_contains("unused_key_days");
  if (!v) return std::optional<std::optional<int>>();
  if (v->is_null()) return std::optional<std::optional<int>>(std::optional<int>());
  const auto n = day_count(*v, text_values);
  if (!n || *n < 1 || *n > kMaxUnusedKeyDays) {
    return fail(Errc::kInvalidArgument,
                "\"unused_key_days\" must be a whole number of days "
                "between 1 and " +
                    std::to_string(kMaxUnusedKeyDays) + ", or null to never disable unused keys");
  }
  return std::optional<std::optional<int>>(static_cast<int>(*n));
}

Result<Reply> show_org_settings(const ApiContext& ctx, const Call& call) {
  auto org = ctx.organizations.get(call.org_id);
  if (!org) return fail(org.error());
  return document(settings_view(org->lifecycle), "settings");
}

Result<Reply> change_org_settings(const ApiContext& ctx, const Call& call) {
  auto fields = Fields::of(call, {"reminder_days", "unused_key_days"});
  if (!fields) return fail(fields.error());
  const auto& body = call.body.as_object();
  service::LifecycleUpdate update;
  auto days = reminder_days(body, call.body_text_values);
  if (!days) return fail(days.error());
  update.reminder_days = std::move(*days);
  auto unused = unused_key_days(body, call.body_text_values);
  if (!unused) return fail(unused.error());
  update.unused_key_days = *unused;
  auto settings = ctx.organizations.set_lifecycle(call.actor, call.org_id, update);
  if (!settings) return fail(settings.error());
  return document(settings_view(*settings), "settings");
}

}  // namespace

void add_org_settings_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::get, "/api/v1/orgs/{orgId}/settings",
             {.access = Access::kOrgMember, .handler = with(ctx, show_org_settings)});
  routes.add(http::Method::patch, "/api/v1/orgs/{orgId}/settings",
             {.access = Access::kOrgAdmin,
              .writes = true,
              .body_limit = kSmallBodyLimit,
              .handler = with(ctx, change_org_settings)});
}

}  // namespace keyward::api::v1

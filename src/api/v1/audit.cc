#include "api/v1/audit.h"

#include <charconv>

#include <boost/json.hpp>

#include "api/views.h"

namespace keyward::api::v1 {
namespace {

constexpr std::int64_t kMaxAuditPage = 500;
constexpr std::size_t kMaxActionFilter = 100;  // actions are short dotted names

Result<std::int64_t> number(const Call& call, std::string_view name, std::int64_t fallback,
                            std::int64_t min, std::int64_t max) {
  const auto text = call.query.get(name);
  if (!text) return fallback;
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || ptr != text->data() + text->size() || n < min || n > max) {
    return fail(Errc::kInvalidArgument, std::string(name) + " must be a whole number between " +
                                            std::to_string(min) + " and " + std::to_string(max));
  }
  return n;
}

Result<Reply> page(const ApiContext& ctx, const Call& call, std::optional<Uuid> org) {
  auto limit = number(call, "limit", 50, 1, kMaxAuditPage);
  if (!limit) return fail(limit.error());
  auto before = number(call, "before", 0, 0, std::numeric_limits<std::int64_t>::max());
  if (!before) return fail(before.error());
  // Buffered records (authentication failures) join the log within a second; show them now.
  (void)ctx.audit.flush();
  store::AuditQuery q;
  q.org_id = org;
  q.before_id = *before;
  q.limit = static_cast<std::size_t>(*limit);
  q.action = std::string(call.query.get("action").value_or(""));
  if (q.action.size() > kMaxActionFilter) {
    return fail(Errc::kInvalidArgument,
                "action must be at most " + std::to_string(kMaxActionFilter) + " characters long");
  }
  if (const auto outcome = call.query.get("outcome")) {
    q.outcome = parse_audit_outcome(*outcome);
    if (!q.outcome) {
      return fail(Errc::kInvalidArgument, "outcome must be \"success\", \"failure\" or \"denied\"");
    }
  }
  auto events = ctx.audit.list(q);
  if (!events) return fail(events.error());
  return document(audit_page(*events, q.limit), "audit");
}

}  // namespace

void add_audit_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::get, "/api/v1/orgs/{orgId}/audit",
             {.access = Access::kOrgAdmin,
              .handler = [&ctx](const Call& c) { return page(ctx, c, c.org_id); }});
  routes.add(http::Method::get, "/api/v1/system/audit",
             {.access = Access::kSystemAdmin,
              .handler = [&ctx](const Call& c) { return page(ctx, c, std::nullopt); }});
}

}  // namespace keyward::api::v1

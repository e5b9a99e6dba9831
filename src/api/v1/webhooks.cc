#include "api/v1/webhooks.h"

#include <charconv>
#include <limits>

#include <boost/json.hpp>

#include "api/fields.h"
#include "api/views.h"

namespace keyward::api::v1 {
namespace {

constexpr std::int64_t kMaxDeliveriesPage = 500;

Result<Uuid> webhook_id_of(const Call& call) {
  auto id = Uuid::parse(call.params.get("webhookId"));
  if (!id) return fail(Errc::kNotFound, "webhook not found");
  return *id;
}

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

Result<Reply> create_webhook(const ApiContext& ctx, const Call& call) {
  auto f = Fields::of(call, {"url", "events"});
  if (!f) return fail(f.error());
  auto url = f->required_string("url");
  if (!url) return fail(url.error());
  auto events = f->optional_strings("events");
  if (!events) return fail(events.error());
  if (!*events) {
    return fail(Errc::kInvalidArgument, "\"events\" must be a list of event types");
  }
  auto created = ctx.webhooks.create(call.actor, call.org_id, {*url, **events});
  if (!created) return fail(created.error());
  boost::json::object body = webhook_view(created->endpoint);
  body["secret"] = created->secret;  // shown this once
  return document(std::move(body), "webhook", http::StatusCode::created);
}

Result<Reply> list_webhooks(const ApiContext& ctx, const Call& call) {
  auto webhooks = ctx.webhooks.list(call.org_id);
  if (!webhooks) return fail(webhooks.error());
  boost::json::array items;
  for (const auto& e : *webhooks) items.push_back(webhook_view(e));
  return document(boost::json::object{{"webhooks", std::move(items)}}, "response");
}

Result<Reply> show_webhook(const ApiContext& ctx, const Call& call) {
  auto id = webhook_id_of(call);
  if (!id) return fail(id.error());
  auto e = ctx.webhooks.get(call.org_id, *id);
  if (!e) return fail(e.error());
  return document(webhook_view(*e), "webhook");
}

Result<Reply> delete_webhook(const ApiContext& ctx, const Call& call) {
  auto id = webhook_id_of(call);
  if (!id) return fail(id.error());
  if (auto s = ctx.webhooks.remove(call.actor, call.org_id, *id); !s) return fail(s.error());
  return no_content();
}

Result<Reply> list_deliveries(const ApiContext& ctx, const Call& call) {
  auto id = webhook_id_of(call);
  if (!id) return fail(id.error());
  auto limit = number(call, "limit", 50, 1, kMaxDeliveriesPage);
  if (!limit) return fail(limit.error());
  auto before = number(call, "before", 0, 0, std::numeric_limits<std::int64_t>::max());
  if (!before) return fail(before.error());
  auto tries = ctx.webhooks.attempts(call.org_id, *id, *before, static_cast<std::size_t>(*limit));
  if (!tries) return fail(tries.error());
  boost::json::array items;
  for (const auto& a : *tries) items.push_back(webhook_attempt_view(a));
  boost::json::value next = nullptr;
  if (tries->size() == static_cast<std::size_t>(*limit) && !tries->empty()) {
    next = tries->back().id;
  }
  return document(
      boost::json::object{{"deliveries", std::move(items)}, {"next_before", std::move(next)}},
      "deliveries");
}

}  // namespace

void add_webhook_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::post, "/api/v1/orgs/{orgId}/webhooks",
             {.access = Access::kOrgAdmin,
              .writes = true,
              .body_limit = kSmallBodyLimit,
              .handler = with(ctx, create_webhook)});
  routes.add(http::Method::get, "/api/v1/orgs/{orgId}/webhooks",
             {.access = Access::kOrgAdmin, .handler = with(ctx, list_webhooks)});
  routes.add(http::Method::get, "/api/v1/orgs/{orgId}/webhooks/{webhookId}",
             {.access = Access::kOrgAdmin, .handler = with(ctx, show_webhook)});
  routes.add(http::Method::delete_, "/api/v1/orgs/{orgId}/webhooks/{webhookId}",
             {.access = Access::kOrgAdmin, .writes = true, .handler = with(ctx, delete_webhook)});
  routes.add(http::Method::get, "/api/v1/orgs/{orgId}/webhooks/{webhookId}/deliveries",
             {.access = Access::kOrgAdmin, .handler = with(ctx, list_deliveries)});
}

}  // namespace keyward::api::v1

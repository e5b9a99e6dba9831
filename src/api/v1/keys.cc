#include "api/v1/keys.h"

#include <boost/json.hpp>

#include "api/fields.h"
#include "api/v1/key_controls_fields.h"
#include "api/views.h"

namespace keyward::api::v1 {
namespace {

Result<Uuid> key_id_of(const Call& call) {
  auto id = Uuid::parse(call.params.get("keyId"));
  if (!id) return fail(Errc::kNotFound, "key not found");
  return *id;
}

// The reply to create and roll: the key as listed, plus its token, shown this once.
Reply issued_reply(const ApiContext& ctx, const service::IssuedKey& issued) {
  boost::json::object body = key_view(issued.key, ctx.clock.now());
  body["token"] = issued.token;
  return document(std::move(body), "key", http::StatusCode::created);
}

Result<Reply> create_key(const ApiContext& ctx, const Call& call) {
  auto f = Fields::of(
      call, {"name", "kind", "expires_at", "scopes", "rate_limits", "credits", "allowed_ips"});
  if (!f) return fail(f.error());
  auto name = f->required_string("name");
  if (!name) return fail(name.error());
  auto kind_text = f->required_string("kind");
  if (!kind_text) return fail(kind_text.error());
  const auto kind = parse_key_kind(*kind_text);
  if (!kind) return fail(Errc::kInvalidArgument, "\"kind\" must be \"public\" or \"secret\"");
  auto expires_at = f->optional_time("expires_at");
  if (!expires_at) return fail(expires_at.error());
  auto controls = read_control_fields(call.body.as_object(), call.body_text_values);
  if (!controls) return fail(controls.error());
  auto issued = ctx.keys.create(
      call.actor, call.org_id, {*name, *kind, *expires_at, controls->scopes}, controls->controls());
  if (!issued) return fail(issued.error());
  return issued_reply(ctx, *issued);
}

// PATCH: the name and the controls of a live key; what is absent stays as it is.
Result<Reply> update_key(const ApiContext& ctx, const Call& call) {
  auto id = key_id_of(call);
  if (!id) return fail(id.error());
  auto f = Fields::of(call, {"name", "scopes", "rate_limits", "credits", "allowed_ips"});
  if (!f) return fail(f.error());
  auto name = f->optional_string("name");
  if (!name) return fail(name.error());
  auto controls = read_control_fields(call.body.as_object(), call.body_text_values);
  if (!controls) return fail(controls.error());
  if (!*name && !controls->scopes && !controls->rate_limits && !controls->credits &&
      !controls->allowed_ips) {
    return fail(Errc::kInvalidArgument,
                "send at least one of \"name\", \"scopes\", \"rate_limits\", \"credits\" and "
                "\"allowed_ips\"");
  }
  service::KeyUpdate change{*name,
                            controls->scopes,
                            controls->own_scopes,
                            controls->rate_limits,
                            controls->credits,
                            controls->allowed_ips};
  auto key = ctx.keys.update(call.actor, call.org_id, *id, change);
  if (!key) return fail(key.error());
  return document(key_view(*key, ctx.clock.now()), "key");
}

Result<Reply> list_keys(const ApiContext& ctx, const Call& call) {
  auto keys = ctx.keys.list(call.org_id);
  if (!keys) return fail(keys.error());
  const Timestamp now = ctx.clock.now();
  boost::json::array items;
  for (const auto& key : *keys) items.push_back(key_view(key, now));
  return document(boost::json::object{{"keys", std::move(items)}}, "response");
}

Result<Reply> show_key(const ApiContext& ctx, const Call& call) {
  auto id = key_id_of(call);
  if (!id) return fail(id.error());
  auto key = ctx.keys.get(call.org_id, *id);
  if (!key) return fail(key.error());
  return document(key_view(*key, ctx.clock.now()), "key");
}

Result<Reply> roll_key(const ApiContext& ctx, const Call& call) {
  auto id = key_id_of(call);
  if (!id) return fail(id.error());
  auto f = Fields::of(call, {"grace_seconds", "expires_at"}, /*body_required=*/false);
  if (!f) return fail(f.error());
  auto grace = f->optional_integer("grace_seconds", 0, kMaxRollGrace.count());
  if (!grace) return fail(grace.error());
  auto expires_at = f->optional_time("expires_at");
  if (!expires_at) return fail(expires_at.error());
  auto issued =
      ctx.keys.roll(call.actor, call.org_id, *id,
                    std::chrono::seconds(grace->value_or(kDefaultRollGrace.count())), *expires_at);
  if (!issued) return fail(issued.error());
  return issued_reply(ctx, *issued);
}

// Disable and enable take no fields; a body, if sent, must be an empty object.
Result<Reply> set_key_disabled(const ApiContext& ctx, const Call& call, bool disabled) {
  auto id = key_id_of(call);
  if (!id) return fail(id.error());
  if (auto f = Fields::of(call, {}, /*body_required=*/false); !f) return fail(f.error());
  auto key = ctx.keys.set_disabled(call.actor, call.org_id, *id, disabled);
  if (!key) return fail(key.error());
  return document(key_view(*key, ctx.clock.now()), "key");
}

Result<Reply> delete_key(const ApiContext& ctx, const Call& call) {
  auto id = key_id_of(call);
  if (!id) return fail(id.error());
  if (auto s = ctx.keys.revoke(call.actor, call.org_id, *id); !s) return fail(s.error());
  return no_content();
}

}  // namespace

void add_key_routes(Routes& routes, const ApiContext& ctx) {
  routes.add(http::Method::post, "/api/v1/orgs/{orgId}/keys",
             {.access = Access::kOrgAdmin,
              .writes = true,
              .body_limit = kSmallBodyLimit,
              .handler = with(ctx, create_key)});
  routes.add(http::Method::get, "/api/v1/orgs/{orgId}/keys",
             {.access = Access::kOrgMember, .handler = with(ctx, list_keys)});
  routes.add(http::Method::get, "/api/v1/orgs/{orgId}/keys/{keyId}",
             {.access = Access::kOrgMember, .handler = with(ctx, show_key)});
  routes.add(http::Method::patch, "/api/v1/orgs/{orgId}/keys/{keyId}",
             {.access = Access::kOrgAdmin,
              .writes = true,
              .body_limit = kSmallBodyLimit,
              .handler = with(ctx, update_key)});
  routes.add(http::Method::post, "/api/v1/orgs/{orgId}/keys/{keyId}/roll",
             {.access = Access::kOrgAdmin,
              .writes = true,
              .body_limit = kSmallBodyLimit,
              .handler = with(ctx, roll_key)});
  routes.add(http::Method::post, "/api/v1/orgs/{orgId}/keys/{keyId}/disable",
             {.access = Access::kOrgAdmin,
              .writes = true,
              .handler = with(ctx, [](const ApiContext& c, const Call& call) {
                return set_key_disabled(c, call, true);
              })});
  routes.add(http::Method::post, "/api/v1/orgs/{orgId}/keys/{keyId}/enable",
             {.access = Access::kOrgAdmin,
              .writes = true,
              .handler = with(ctx, [](const ApiContext& c, const Call& call) {
                return set_key_disabled(c, call, false);
              })});
  routes.add(http::Method::delete_, "/api/v1/orgs/{orgId}/keys/{keyId}",
             {.access = Access::kOrgAdmin, .writes = true, .handler = with(ctx, delete_key)});
}

}  // namespace keyward::api::v1

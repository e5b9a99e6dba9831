#include "api/v1/credentials.h"

#include <boost/json.hpp>

#include "api/access.h"
#include "api/base_url.h"
#include "api/error_reply.h"
#include "api/fields.h"
#include "api/views.h"
#include "core/key_policy.h"

namespace keyward::api::v1 {
namespace {

Result<bool> wants_reveal(const ApiContext& ctx, const Call& call) {
  const auto reveal = call.query.get("reveal");
  const bool asked = reveal && (*reveal == "true" || *reveal == "1");
  if (asked && !administers(*call.principal, call.org_id, ctx.index)) {
    return fail(Errc::kPermissionDenied, "only an administrator may reveal these keys");
  }
  return asked;
}

Result<Reply> show_credentials(const ApiContext& ctx, const Call& call) {
  auto reveal = wants_reveal(ctx, call);
  if (!reveal) return fail(reveal.error());
  auto org = ctx.organizations.get(call.org_id);
  if (!org) return fail(org.error());
  auto creds = ctx.organizations.reveal_credentials(call.org_id);
  if (!creds) return fail(creds.error());
  const KeyPolicy policy = ctx.policies.get().org_api_key;
  const auto broken = policy_violations(policy, creds->api_key);
  const bool admin = administers(*call.principal, call.org_id, ctx.index);
  boost::json::array violations;  // they describe the key's characters: administrators only
  if (admin) {
    for (const auto& v : broken) violations.emplace_back(v);
  }
  if (*reveal) {
    if (auto s = record_reveal(
            ctx, service::audit_event(call.actor, ctx.clock, call.org_id, "org.credentials.reveal",
                                      "org:" + call.org_id.to_string()));
        !s) {
      return fail(s.error());
    }
  }
  return document(
      boost::json::object{{"organization_uuid", org->id.to_string()},
                          {"agent_username", org->agent_username},
                          {"api_key", *reveal ? creds->api_key : masked(creds->api_key, admin)},
                          {"agent_service_key", *reveal ? creds->agent_service_key
                                                        : masked(creds->agent_service_key, admin)},
                          {"api_key_enabled", org->api_key_enabled},
                          {"revealed", *reveal},
                          {"api_key_complies", broken.empty()},
                          {"api_key_violations", std::move(violations)},
                          // so a value chosen by hand can be checked as it is typed
                          {"api_key_policy", key_policy_view(policy)}},
      "credentials");
}

Result<Reply> rotate_api_key(const ApiContext& ctx, const Call& call) {
  auto key = ctx.organizations.rotate_api_key(call.actor, call.org_id);
  if (!key) return fail(key.error());
  return document(boost::json::object{{"api_key", *key}}, "credentials");
}

// A chosen value is the one place where a caller could test a guess of another organization's
// API key, so attempts are capped per organization and every refusal is audited, with a reason
// that never says whose the value is.
Result<Reply> set_api_key(const ApiContext& ctx, const Call& call) {
  auto f = Fields::of(call, {"value"});
  if (!f) return fail(f.error());
  auto value = f->required_string("value");
  if (!value) return fail(value.error());
  const auto refused = [&](AuditOutcome outcome, std::string why) {
    ctx.audit.record(service::audit_event(call.actor, ctx.clock, call.org_id, "org.api_key.set",
                                          "org:" + call.org_id.to_string(), outcome,
                                          std::move(why)));
  };
  const std::string org = call.org_id.to_string();
  if (const auto wait = ctx.chosen_api_keys.blocked(org, ctx.clock.now())) {
    refused(AuditOutcome::kDenied, "too many chosen values this hour");
    return failed_with_retry(
        Error{Errc::kResourceExhausted,
              "too many attempts to set a chosen API key for this organization; try again later, "
              "or rotate to get a generated key",
              {}},
        *wait);
  }
  ctx.chosen_api_keys.add(org, ctx.clock.now());
  if (auto s = ctx.organizations.set_api_key(call.actor, call.org_id, *value); !s) {
    if (s.error().code == Errc::kPolicyViolation) {
      refused(AuditOutcome::kFailure,
              s.error().details.empty() ? "unusable value" : "breaks the key policy");
    }
    return fail(s.error());
  }
  return document(boost::json::object{{"api_key", masked(*value, true)}, {"set", true}},
                  "credentials");
}

Result<Reply> set_api_access_enabled(const ApiContext& ctx, const Call& call, bool enabled) {
  if (auto s = ctx.organizations.set_api_key_enabled(call.actor, call.org_id, enabled); !s) {
    return fail(s.error());
  }
  return document(boost::json::object{{"api_key_enabled", enabled}}, "credentials");
}

Result<Reply> email_api_key(const ApiContext& ctx, const Call& call) {
  auto f = Fields::of(call, {"rotate"}, /*body_required=*/false);
  if (!f) return fail(f.error());
  auto rotate = f->optional_bool("rotate");
  if (!rotate) return fail(rotate.error());
  const bool rotating = rotate->value_or(false);
  const auto& p = *call.principal;  // a user: the email goes to a person
  if (rotating && !administers(p, call.org_id, ctx.index)) {
    return fail(Errc::kPermissionDenied, "only an administrator may rotate the API key");
  }
  std::chrono::seconds retry_after{0};
  auto sent =
      ctx.key_mail.email_org_api_key(call.actor, p.user_id, call.org_id, rotating,
                                     base_url(ctx, call), std::string(call.client_ip), retry_after);
  if (!sent) return failed_with_retry(sent.error(), retry_after);
  auto user = ctx.accounts.get(p.user_id);
  return document(
      boost::json::object{{"sent_to", user ? user->username : ""}, {"rotated", rotating}}, "email");
}

Result<Reply> rotate_agent_key(const ApiContext& ctx, const Call& call) {
  auto key = ctx.organizations.rotate_agent_key(call.actor, call.org_id);
  if (!key) return fail(key.error());
  return document(boost::json::object{{"agent_service_key", *key}}, "credentials");
}

}  // namespace

void add_credential_routes(Routes& routes, const ApiContext& ctx) {
  const auto admin_write = [&ctx](auto handler, std::uint64_t limit = kNoBodyLimit) {
    return Route{.access = Access::kOrgAdmin,
                 .writes = true,
                 .body_limit = limit,
                 .handler = with(ctx, handler)};
  };
  routes.add(http::Method::get, "/api/v1/orgs/{orgId}/credentials",
             {.access = Access::kOrgMember, .handler = with(ctx, show_credentials)});
  routes.add(http::Method::post, "/api/v1/orgs/{orgId}/api-key/rotate",
             admin_write(rotate_api_key));
  routes.add(http::Method::put, "/api/v1/orgs/{orgId}/api-key",
             admin_write(set_api_key, kSmallBodyLimit));
  routes.add(http::Method::post, "/api/v1/orgs/{orgId}/api-key/disable",
             admin_write([](const ApiContext& c, const Call& call) {
               return set_api_access_enabled(c, call, false);
             }));
  routes.add(http::Method::post, "/api/v1/orgs/{orgId}/api-key/enable",
             admin_write([](const ApiContext& c, const Call& call) {
               return set_api_access_enabled(c, call, true);
             }));
  routes.add(http::Method::post, "/api/v1/orgs/{orgId}/api-key/email",
             {.access = Access::kOrgUser,
              .writes = true,
              .body_limit = kSmallBodyLimit,
              .handler = with(ctx, email_api_key)});
  routes.add(http::Method::post, "/api/v1/orgs/{orgId}/agent-key/rotate",
             admin_write(rotate_agent_key));
}

}  // namespace keyward::api::v1

#include "service/webhook_service.h"

#include "core/webhook_url.h"
#include "crypto/webhook_signature.h"

namespace keyward::service {
namespace {

std::string target(const Uuid& id) { return "webhook:" + id.to_string(); }

// What the audit log says of an endpoint: its URL without the query, which may carry a token of
// the receiver's.
std::string describe(const WebhookEndpoint& e) { return e.url.substr(0, e.url.find('?')); }

}  // namespace

Result<CreatedWebhook> WebhookService::create(const Actor& actor, const Uuid& org_id,
                                              const NewWebhook& spec) {
  if (auto s = check_webhook_url(spec.url); !s) return fail(s.error());
  if (spec.events.empty()) {
    return fail(Errc::kInvalidArgument, "\"events\" must name at least one event type");
  }
  std::string unknown;
  const auto events = WebhookEventSet::parse(spec.events, &unknown);
  if (!events) {
    std::string known;
    for (const auto type : kWebhookEventTypes) {
      known += (known.empty() ? "" : ", ") + std::string(to_string(type));
    }
    return fail(Errc::kInvalidArgument,
                "\"" + unknown + "\" is not an event type; the types are " + known);
  }
  auto existing = ctx_.store.list_webhooks(org_id);
  if (!existing) return fail(existing.error());
  if (existing->size() >= kMaxWebhooksPerOrg) {
    return fail(Errc::kConflict, "an organization may have at most " +
                                     std::to_string(kMaxWebhooksPerOrg) +
                                     " webhook endpoints; delete one first");
  }
  CreatedWebhook created;
  created.secret = crypto::generate_webhook_secret(ctx_.random);
  WebhookEndpoint& e = created.endpoint;
  e.id = Uuid::random(ctx_.random);
  e.org_id = org_id;
  e.url = spec.url;
  e.events = *events;
  e.secret_sealed = ctx_.protector.protect(created.secret, webhook_secret_context(e.id)).sealed;
  e.created_at = ctx_.clock.now();
  store::WriteBatch batch;
  batch.webhooks.push_back(e);
  batch.audit.push_back(audit_event(actor, ctx_.clock, org_id, "webhook.create", target(e.id),
                                    AuditOutcome::kSuccess, describe(e)));
  if (auto s = ctx_.commit(batch); !s) return fail(s.error());
  return created;
}

Result<std::vector<WebhookEndpoint>> WebhookService::list(const Uuid& org_id) {
  return ctx_.store.list_webhooks(org_id);
}

Result<WebhookEndpoint> WebhookService::get(const Uuid& org_id, const Uuid& id) {
  auto e = ctx_.store.get_webhook(id);
  if (!e && e.error().code != Errc::kNotFound) return e;
  if (!e || e->org_id != org_id || e->deleted_at) {
    return fail(Errc::kNotFound, "webhook not found");
  }
  return e;
}

Status WebhookService::remove(const Actor& actor, const Uuid& org_id, const Uuid& id) {
  return retry_on_race([&]() -> Status {
    auto e = get(org_id, id);
    if (!e) return fail(e.error());
    e->deleted_at = ctx_.clock.now();
    e->version += 1;
    store::WriteBatch batch;
    batch.webhooks.push_back(*e);
    batch.audit.push_back(audit_event(actor, ctx_.clock, org_id, "webhook.delete", target(id),
                                      AuditOutcome::kSuccess, describe(*e)));
    return ctx_.commit(batch);
  });
}

Result<std::vector<WebhookAttempt>> WebhookService::attempts(const Uuid& org_id, const Uuid& id,
                                                             std::int64_t before_id,
                                                             std::size_t limit) {
  if (auto e = get(org_id, id); !e) return fail(e.error());
  return ctx_.store.list_webhook_attempts(
      store::WebhookAttemptQuery{.endpoint_id = id, .before_id = before_id, .limit = limit});
}

}  // namespace keyward::service

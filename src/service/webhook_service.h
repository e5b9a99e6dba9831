// An organization's webhook endpoints: register, list, show, delete, and the record of each
// delivery try. Every change writes its audit record in the same batch.
//
// The signing secret exists in clear only in the CreatedWebhook returned by create(); the store
// keeps it sealed under the master key, and only the delivery worker opens it, to sign.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/webhook_delivery.h"
#include "core/webhook_endpoint.h"
#include "service/actor.h"
#include "service/service_context.h"

namespace keyward::service {

// Endpoints an organization may have at once: deliveries are made one after another, so many
// slow endpoints would delay every organization's events.
inline constexpr std::size_t kMaxWebhooksPerOrg = 20;

struct NewWebhook {
  std::string url;
  std::vector<std::string> events;  // event type names (core/webhook_event_type.h)
};

struct CreatedWebhook {
  WebhookEndpoint endpoint;
  std::string secret;  // "whsec_...", shown once
};

class WebhookService {
 public:
  explicit WebhookService(ServiceContext ctx) : ctx_(ctx) {}

  // kInvalidArgument for a URL check_webhook_url() refuses, no events or an unknown one;
  // kConflict past kMaxWebhooksPerOrg. Nothing is stored then.
  Result<CreatedWebhook> create(const Actor& actor, const Uuid& org_id, const NewWebhook& spec);
  // Not deleted, oldest first.
  Result<std::vector<WebhookEndpoint>> list(const Uuid& org_id);
  // kNotFound when deleted or another organization's.
  Result<WebhookEndpoint> get(const Uuid& org_id, const Uuid& id);
  // The endpoint receives nothing more from the moment this returns: its pending deliveries
  // are dropped in the same transaction.
  Status remove(const Actor& actor, const Uuid& org_id, const Uuid& id);
  // Its delivery tries, newest first, before `before_id` (0: from the newest).
  Result<std::vector<WebhookAttempt>> attempts(const Uuid& org_id, const Uuid& id,
                                               std::int64_t before_id, std::size_t limit);

 private:
  ServiceContext ctx_;
};

}  // namespace keyward::service

// The webhook delivery worker: takes due deliveries from the store's outbox, signs them as the
// Standard Webhooks specification says, POSTs them, records each try, and schedules the next one
// with backoff (core/retry_schedule.h) until the event is delivered or its retry period is over.
//
// Delivery is at least once: a node that stops between the POST and recording it leaves the row
// to be claimed again once its lease ends, so the same event may arrive twice; its webhook-id is
// the event's id, the same on every try, for receivers to deduplicate on. Several nodes may run
// a worker over one store: a claimed row is this worker's alone until its lease ends.
//
// Threading: deliver_due() blocks on the receiver for up to the timeout, so it runs on a thread
// of its own (webhook/delivery_worker.h), never an I/O thread. Several calls may run at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

#include "core/retry_schedule.h"
#include "core/webhook_delivery.h"
#include "core/webhook_endpoint.h"
#include "service/service_context.h"
#include "service/webhook_poster.h"

namespace keyward::service {

struct WebhookDeliveryPolicy {
  RetrySchedule schedule;
  // How often the outbox is looked at when it had nothing due.
  std::chrono::milliseconds poll{1000};
  // How long a receiver has to answer.
  std::chrono::milliseconds timeout{10'000};
};

class WebhookDeliverer {
 public:
  // `ctx` and `poster` must outlive the deliverer.
  WebhookDeliverer(ServiceContext ctx, WebhookPoster& poster, WebhookDeliveryPolicy policy);

  // Delivers what is due, one row at a time, until nothing is or `max` were tried; returns the
  // tries made, as recorded. kUnavailable when the store cannot be read or written.
  Result<std::vector<WebhookAttempt>> deliver_due(std::size_t max);

 private:
  // Makes one try at `d`.
  WebhookAttempt try_delivery(const WebhookDelivery& d);
  WebhookAttempt try_post(const WebhookDelivery& d, const WebhookEndpoint& endpoint);

  ServiceContext ctx_;
  WebhookPoster& poster_;
  WebhookDeliveryPolicy policy_;
};

}  // namespace keyward::service

#include "webhook/delivery_worker.h"

#include <spdlog/spdlog.h>

namespace keyward::webhook {

DeliveryWorker::DeliveryWorker(service::ServiceContext ctx, service::WebhookPoster& poster,
                               service::WebhookDeliveryPolicy policy)
    : deliverer_(ctx, poster, policy), poll_(policy.poll) {}

DeliveryWorker::~DeliveryWorker() { stop(); }

void DeliveryWorker::start() {
  thread_ = std::thread([this] { run(); });
}

void DeliveryWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DeliveryWorker::run() {
  bool failing = false;  // the store: reported when it starts and when it ends
  for (;;) {
    auto tries = deliverer_.deliver_due(1);
    if (!tries) {
      if (!failing) spdlog::warn("delivering webhooks: {}", tries.error().message);
      failing = true;
    } else {
      if (failing) spdlog::info("delivering webhooks again");
      failing = false;
      for (const auto& t : *tries) {
        if (t.outcome == AttemptOutcome::kDelivered) continue;
        spdlog::warn("webhook {}: event {} ({}) try {} failed: {}{}", t.endpoint_id.to_string(),
                     t.event_id.to_string(), to_string(t.type), t.attempt, t.error,
                     t.outcome == AttemptOutcome::kFailed ? "; giving up" : "");
      }
    }
    std::unique_lock lock(mu_);
    if (stopping_) return;
    if (tries && !tries->empty()) continue;  // more may be due: straight on
    wake_.wait_for(lock, poll_, [this] { return stopping_; });
    if (stopping_) return;
  }
}

}  // namespace keyward::webhook

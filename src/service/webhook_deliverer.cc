#include "service/webhook_deliverer.h"

#include "crypto/webhook_signature.h"

namespace keyward::service {
namespace {

// How long a claimed row stays this worker's: well past one delivery's timeout, so that no
// other worker takes it while the POST may still be under way.
std::chrono::milliseconds lease_for(const WebhookDeliveryPolicy& policy) {
  return policy.timeout * 3 + std::chrono::seconds(30);
}

// The record of a try at `d` made at `at`, before its outcome is known.
WebhookAttempt first_record(const WebhookDelivery& d, Timestamp at) {
  WebhookAttempt a;
  a.endpoint_id = d.endpoint_id;
  a.event_id = d.event.id;
  a.type = d.event.type;
  a.attempt = d.attempt;
  a.at = at;
  return a;
}

}  // namespace

WebhookDeliverer::WebhookDeliverer(ServiceContext ctx, WebhookPoster& poster,
                                   WebhookDeliveryPolicy policy)
    : ctx_(ctx), poster_(poster), policy_(std::move(policy)) {}

Result<std::vector<WebhookAttempt>> WebhookDeliverer::deliver_due(std::size_t max) {
  std::vector<WebhookAttempt> tries;
  while (tries.size() < max) {
    const Timestamp now = ctx_.clock.now();
    auto claimed = ctx_.store.claim_webhook_deliveries(now, now + lease_for(policy_), 1);
    if (!claimed) return fail(claimed.error());
    if (claimed->empty()) break;
    WebhookAttempt attempt = try_delivery(claimed->front());
    if (auto s = ctx_.store.record_webhook_attempt(attempt); !s) return fail(s.error());
    tries.push_back(std::move(attempt));
  }
  return tries;
}

WebhookAttempt WebhookDeliverer::try_delivery(const WebhookDelivery& d) {
  auto endpoint = ctx_.store.get_webhook(d.endpoint_id);
  if (endpoint && !endpoint->deleted_at) return try_post(d, *endpoint);
  WebhookAttempt a = first_record(d, ctx_.clock.now());
  if (!endpoint && endpoint.error().code != Errc::kNotFound) {
    // The store is failing: try again later, as for a receiver that did not answer.
    a.error = "the endpoint could not be read: " + endpoint.error().message;
    a.next_attempt_at =
        next_attempt_at(policy_.schedule, d.event.created_at, a.at, d.attempt, ctx_.random);
    a.outcome = a.next_attempt_at ? AttemptOutcome::kRetrying : AttemptOutcome::kFailed;
    return a;
  }
  // Raised while the endpoint was being deleted: nothing is sent.
  a.outcome = AttemptOutcome::kFailed;
  a.error = "the endpoint was deleted";
  return a;
}

WebhookAttempt WebhookDeliverer::try_post(const WebhookDelivery& d,
                                          const WebhookEndpoint& endpoint) {
  WebhookAttempt a = first_record(d, ctx_.clock.now());
  auto secret = ctx_.protector.reveal(ProtectedSecret{{}, endpoint.secret_sealed},
                                      webhook_secret_context(endpoint.id));
  const auto key = secret ? crypto::webhook_secret_key(*secret) : std::nullopt;
  if (!key) {
    // Only a different master key (or a damaged row) gets here; retrying will not help.
    a.outcome = AttemptOutcome::kFailed;
    a.error = "the endpoint's signing secret could not be opened";
    return a;
  }
  const std::string id = d.event.id.to_string();
  const std::int64_t timestamp =
      std::chrono::duration_cast<std::chrono::seconds>(a.at.time_since_epoch()).count();
  WebhookRequest request{.url = endpoint.url,
                         .headers = {{"Content-Type", "application/json"},
                                     {"User-Agent", "Keyward-Webhooks"},
                                     {"webhook-id", id},
                                     {"webhook-timestamp", std::to_string(timestamp)},
                                     {"webhook-signature",
                                      crypto::sign_webhook(*key, id, timestamp, d.event.payload)}},
                         .body = d.event.payload,
                         .timeout = policy_.timeout};
  auto status = poster_.post(request);
  if (status) a.response_code = *status;
  if (status && *status >= 200 && *status < 300) {
    a.outcome = AttemptOutcome::kDelivered;
    return a;
  }
  a.error = status ? "the endpoint answered " + std::to_string(*status) : status.error().message;
  a.next_attempt_at = next_attempt_at(policy_.schedule, d.event.created_at, ctx_.clock.now(),
                                      d.attempt, ctx_.random);
  a.outcome = a.next_attempt_at ? AttemptOutcome::kRetrying : AttemptOutcome::kFailed;
  return a;
}

}  // namespace keyward::service

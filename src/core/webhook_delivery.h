// What happens to a lifecycle event once it has been raised: it waits in the outbox, once for each
// endpoint subscribed to it, until it is delivered or given up on; every try is recorded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "core/uuid.h"
#include "core/webhook_event_type.h"

namespace keyward {

// One event, as a service raises it: written in the same transaction as the change it describes
// and fanned out there to the organization's subscribed endpoints.
struct WebhookEvent {
  Uuid id;  // sent as webhook-id, the same for every endpoint and every retry
  Uuid org_id;
  WebhookEventType type = WebhookEventType::kKeyCreated;
  std::string payload;  // the JSON body, which never holds a token, secret or hash
  Timestamp created_at;
};

// One outbox row a delivery worker has claimed: the event, for one endpoint, and the number of
// this try (1 for the first).
struct WebhookDelivery {
  WebhookEvent event;
  Uuid endpoint_id;
  int attempt = 1;
};

enum class AttemptOutcome : std::uint8_t {
  kDelivered,  // the endpoint answered 2xx
  kRetrying,   // it did not; another try is due at next_attempt_at
  kFailed,     // it did not, and the event is past its retry period: no more tries
};

std::string_view to_string(AttemptOutcome outcome);
std::optional<AttemptOutcome> parse_attempt_outcome(std::string_view text);

// One try at delivering an event to an endpoint, as the deliveries listing shows it.
struct WebhookAttempt {
  std::int64_t id = 0;  // assigned by the store, increasing
  Uuid endpoint_id;
  Uuid event_id;
  WebhookEventType type = WebhookEventType::kKeyCreated;
  int attempt = 1;
  Timestamp at;
  AttemptOutcome outcome = AttemptOutcome::kDelivered;
  std::optional<int> response_code;          // none when no HTTP answer came (refused, timed out)
  std::string error;                         // why it failed, for people; empty when delivered
  std::optional<Timestamp> next_attempt_at;  // kRetrying only
};

}  // namespace keyward

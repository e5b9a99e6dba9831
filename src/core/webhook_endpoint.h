// A URL an organization has asked to be told of lifecycle events at, with the secret its
// deliveries are signed with.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "core/uuid.h"
#include "core/webhook_event_type.h"

namespace keyward {

struct WebhookEndpoint {
  Uuid id;
  Uuid org_id;
  std::string url;  // checked by check_webhook_url()
  WebhookEventSet events;
  // nonce || XChaCha20-Poly1305(master key, "whsec_..."), bound to webhook_secret_context(id): the
  // secret must be recovered to sign, so it is sealed rather than hashed, and shown only once.
  std::vector<std::uint8_t> secret_sealed;
  Timestamp created_at;
  // Set when the organization deletes it: it receives nothing more, and is no longer shown.
  std::optional<Timestamp> deleted_at;
  std::int64_t version = 1;
};

// The sealing context of an endpoint's secret (crypto/sealer.h).
inline std::string webhook_secret_context(const Uuid& endpoint_id) {
  return "webhook-secret:" + endpoint_id.to_string();
}

}  // namespace keyward

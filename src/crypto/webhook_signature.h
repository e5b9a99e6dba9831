// Webhook secrets and signatures, as the Standard Webhooks specification defines them.
//
// A secret is "whsec_" followed by the base64 of 32 random bytes; those bytes (not the text) key
// HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<body>", and the webhook-signature header is
// "v1," followed by the base64 of the MAC. Receivers verify with any Standard Webhooks library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/random_source.h"

namespace keyward::crypto {

inline constexpr std::string_view kWebhookSecretPrefix = "whsec_";

// A new secret, "whsec_<base64 of 32 random bytes>".
std::string generate_webhook_secret(RandomSource& random);

// The key bytes of a secret (with or without its prefix); nullopt when it is not base64.
std::optional<std::vector<std::uint8_t>> webhook_secret_key(std::string_view secret);

// "v1,<base64 HMAC-SHA256(key, id "." timestamp "." body)>"; `timestamp` in seconds since the
// epoch, as the webhook-timestamp header carries it.
std::string sign_webhook(const std::vector<std::uint8_t>& key, std::string_view id,
                         std::int64_t timestamp, std::string_view body);

}  // namespace keyward::crypto

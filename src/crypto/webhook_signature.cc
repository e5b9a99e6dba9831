#include "crypto/webhook_signature.h"

#include <array>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto/base64.h"

namespace keyward::crypto {

std::string generate_webhook_secret(RandomSource& random) {
  std::array<std::uint8_t, 32> bytes{};
  random.fill(bytes);
  return std::string(kWebhookSecretPrefix) +
         base64_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::optional<std::vector<std::uint8_t>> webhook_secret_key(std::string_view secret) {
  if (secret.starts_with(kWebhookSecretPrefix)) secret.remove_prefix(kWebhookSecretPrefix.size());
  std::vector<char> out(secret.size());
  const auto n = base64_decode(secret, out);
  if (!n || *n == 0) return std::nullopt;
  return std::vector<std::uint8_t>(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*n));
}

// Not on any request path (one signature per delivery), so OpenSSL's one-shot HMAC is fine here.
std::string sign_webhook(const std::vector<std::uint8_t>& key, std::string_view id,
                         std::int64_t timestamp, std::string_view body) {
  std::string message;
  message.reserve(id.size() + body.size() + 24);
  message.append(id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(), &length);
  return "v1," + base64_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), length));
}

}  // namespace keyward::crypto

// A credential Keyward must be able to show again (organization API key, agent service key, user
// service key): found by its peppered HMAC, kept as AEAD ciphertext so its owner can see it or have
// it emailed. The plaintext never reaches the store.
#pragma once

#include <cstdint>
#include <vector>

#include "core/digest.h"

namespace keyward {

struct ProtectedSecret {
  Digest lookup{};                   // HMAC-SHA256(pepper, plaintext)
  std::vector<std::uint8_t> sealed;  // nonce || XChaCha20-Poly1305(master key, plaintext)

  bool operator==(const ProtectedSecret&) const = default;
};

}  // namespace keyward

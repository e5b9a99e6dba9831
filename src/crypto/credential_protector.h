// Turns a credential Keyward must show again into what the store keeps (lookup hash + sealed
// copy), and back. One object per server, built from the data directory's pepper and master key.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/protected_secret.h"
#include "crypto/keyed_hash.h"
#include "crypto/sealer.h"

namespace keyward::crypto {

// Threading: immutable after construction; safe to use from any number of threads.
class CredentialProtector {
 public:
  CredentialProtector(std::span<const std::uint8_t, kPepperSize> pepper,
                      std::span<const std::uint8_t, kMasterKeySize> master_key)
      : hasher_(pepper), sealer_(master_key) {}

  // `context` names the credential's place ("org-api-key:<org id>"); the same context must be
  // given to reveal().
  ProtectedSecret protect(std::string_view plaintext, std::string_view context) const {
    return ProtectedSecret{hasher_.hash(plaintext), sealer_.seal(plaintext, context)};
  }

  Digest lookup_hash(std::string_view plaintext) const noexcept { return hasher_.hash(plaintext); }

  Result<std::string> reveal(const ProtectedSecret& secret, std::string_view context) const {
    return sealer_.open(secret.sealed, context);
  }

 private:
  KeyedHasher hasher_;
  Sealer sealer_;
};

}  // namespace keyward::crypto

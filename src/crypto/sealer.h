// Authenticated encryption of credentials Keyward must be able to show again, under the server's
// master key: XChaCha20-Poly1305 (libsodium), a fresh random 192-bit nonce per message.
//
// Every message is bound to a context string (e.g. "org-api-key:<org id>") used as associated
// data, so a ciphertext copied onto another row or field fails to open.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace keyward::crypto {

inline constexpr size_t kMasterKeySize = 32;

// Threading: immutable after construction; safe to use from any number of threads.
class Sealer {
 public:
  explicit Sealer(std::span<const std::uint8_t, kMasterKeySize> key);
  ~Sealer();
  Sealer(const Sealer&) = delete;
  Sealer& operator=(const Sealer&) = delete;

  std::vector<std::uint8_t> seal(std::string_view plaintext, std::string_view context) const;

  // kInternal when the ciphertext was tampered with, belongs to another context or another
  // master key. The message says which credential could not be opened, never its content.
  Result<std::string> open(std::span<const std::uint8_t> sealed, std::string_view context) const;

 private:
  std::array<std::uint8_t, kMasterKeySize> key_;
};

}  // namespace keyward::crypto

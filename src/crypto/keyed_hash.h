// HMAC-SHA256 under the server's pepper: the lookup hash of every credential.
//
// A pepper kept outside the database means a stolen database alone does not let anyone test
// guesses against stored hashes. Credentials are long random strings, so one fast keyed hash is
// enough; passwords, which people choose, use Argon2id instead (crypto/password.h).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include <openssl/sha.h>

#include "core/digest.h"

namespace keyward::crypto {

inline constexpr size_t kPepperSize = 32;

// Threading: immutable after construction; hash() may be called from any number of threads.
class KeyedHasher {
 public:
  explicit KeyedHasher(std::span<const std::uint8_t, kPepperSize> pepper);
  ~KeyedHasher();
  KeyedHasher(const KeyedHasher&) = delete;
  KeyedHasher& operator=(const KeyedHasher&) = delete;

  // HMAC-SHA256(pepper, message). Allocates nothing: it copies two precomputed SHA-256 states
  // (the pepper XOR ipad / opad blocks) onto the stack and finishes them.
  Digest hash(std::string_view message) const noexcept;

 private:
  SHA256_CTX inner_;
  SHA256_CTX outer_;
};

}  // namespace keyward::crypto

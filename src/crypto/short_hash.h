// A fast keyed hash (SipHash-2-4, libsodium's crypto_shorthash) for short values that must be
// told apart without being kept: client addresses in the limit counts nodes share through the
// store (service/shared_limits.h). Without the key a stored hash says nothing of the value, low
// as its entropy is (SipHash is a pseudorandom function); 64 bits make a collision between two of
// the values a limit holds negligible. About 30 ns for an address (hex included), so the request
// path can afford it where a full HMAC would cost several times that.
//
// Threading: immutable after construction; safe to use from any number of threads.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace keyward::crypto {

class ShortHash {
 public:
  static constexpr std::size_t kKeySize = 16;

  explicit ShortHash(std::span<const std::uint8_t, kKeySize> key);

  // The hash of `value` as 16 lower-case hex digits (short enough to need no allocation).
  std::string hex(std::string_view value) const;

 private:
  std::array<std::uint8_t, kKeySize> key_{};
};

}  // namespace keyward::crypto

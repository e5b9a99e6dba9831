#include "crypto/short_hash.h"

#include <algorithm>

#include <sodium.h>

namespace keyward::crypto {

static_assert(ShortHash::kKeySize == crypto_shorthash_KEYBYTES);

ShortHash::ShortHash(std::span<const std::uint8_t, kKeySize> key) {
  std::copy(key.begin(), key.end(), key_.begin());
}

std::string ShortHash::hex(std::string_view value) const {
  std::array<unsigned char, crypto_shorthash_BYTES> out{};
  crypto_shorthash(out.data(), reinterpret_cast<const unsigned char*>(value.data()), value.size(),
                   key_.data());
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text(2 * out.size(), '0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    text[2 * i] = kDigits[out[i] >> 4];
    text[2 * i + 1] = kDigits[out[i] & 0xf];
  }
  return text;
}

}  // namespace keyward::crypto

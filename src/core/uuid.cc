#include "core/uuid.h"

#include <array>

namespace keyward {
namespace {

// Hex digit values by byte, -1 for anything else: ids are parsed a million at a time when the
// verify index loads.
constexpr std::array<std::int8_t, 256> kHexValues = [] {
  std::array<std::int8_t, 256> t{};
  t.fill(-1);
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = static_cast<std::int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c)
    t[static_cast<size_t>(c)] = static_cast<std::int8_t>(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c)
    t[static_cast<size_t>(c)] = static_cast<std::int8_t>(c - 'A' + 10);
  return t;
}();

int hex_value(char c) { return kHexValues[static_cast<unsigned char>(c)]; }

}  // namespace

Uuid Uuid::random(RandomSource& random) {
  Uuid id;
  random.fill(id.bytes_);
  id.bytes_[6] = static_cast<std::uint8_t>((id.bytes_[6] & 0x0f) | 0x40);  // version 4
  id.bytes_[8] = static_cast<std::uint8_t>((id.bytes_[8] & 0x3f) | 0x80);  // RFC variant
  return id;
}

std::optional<Uuid> Uuid::parse(std::string_view text) {
  // Where each byte's two hex digits start in the 8-4-4-4-12 form.
  static constexpr std::array<std::uint8_t, 16> kDigits{0,  2,  4,  6,  9,  11, 14, 16,
                                                        19, 21, 24, 26, 28, 30, 32, 34};
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' ||
      text[23] != '-') {
    return std::nullopt;
  }
  Uuid id;
  int bad = 0;
  for (size_t i = 0; i < kDigits.size(); ++i) {
    const int hi = hex_value(text[kDigits[i]]);
    const int lo = hex_value(text[kDigits[i] + 1u]);
    bad |= hi | lo;  // negative when either is not a hex digit
    id.bytes_[i] =
        static_cast<std::uint8_t>(static_cast<unsigned>(hi) << 4 | static_cast<unsigned>(lo));
  }
  if (bad < 0) return std::nullopt;
  return id;
}

std::array<char, 36> Uuid::to_chars() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::array<char, 36> out;
  size_t o = 0;
  for (size_t i = 0; i < bytes_.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
    out[o++] = kHex[bytes_[i] >> 4];
    out[o++] = kHex[bytes_[i] & 0x0f];
  }
  return out;
}

std::string Uuid::to_string() const {
  const auto chars = to_chars();
  return std::string(chars.data(), chars.size());
}

}  // namespace keyward

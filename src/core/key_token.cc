#include "core/key_token.h"

#include <array>

#include "core/base62.h"
#include "core/crc32.h"

namespace keyward {
namespace {

constexpr std::string_view kPublicPrefix = "kw_pk_";
constexpr std::string_view kSecretPrefix = "kw_sk_";
constexpr size_t kChecksummedLength = kKeyTokenPrefixLength + kKeyTokenRandomLength;

std::array<char, kKeyTokenChecksumLength> checksum_of(std::string_view checksummed) {
  std::array<char, kKeyTokenChecksumLength> out{};
  base62::encode_fixed(crc32(checksummed), out);
  return out;
}

// base62 digit values by byte, -1 for bytes that are no digit: one load per character on the
// verify path instead of three range comparisons.
constexpr std::array<std::int8_t, 256> kDigitValues = [] {
  std::array<std::int8_t, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[c] = static_cast<std::int8_t>(base62::digit_value(static_cast<char>(c)));
  return t;
}();

}  // namespace

std::string generate_key_token(KeyKind kind, RandomSource& random) {
  std::string token(kind == KeyKind::kPublic ? kPublicPrefix : kSecretPrefix);
  token.reserve(kKeyTokenLength);
  for (size_t i = 0; i < kKeyTokenRandomLength; ++i) {
    token += base62::kAlphabet[random.uniform(62)];
  }
  const auto checksum = checksum_of(token);
  token.append(checksum.data(), checksum.size());
  return token;
}

std::optional<KeyKind> parse_key_token(std::string_view token) noexcept {
  if (token.size() != kKeyTokenLength) return std::nullopt;
  const std::string_view prefix = token.substr(0, kKeyTokenPrefixLength);
  std::optional<KeyKind> kind;
  if (prefix == kPublicPrefix) kind = KeyKind::kPublic;
  if (prefix == kSecretPrefix) kind = KeyKind::kSecret;
  // Every character is inspected whatever the outcome, so the time taken says nothing about
  // where a near miss went wrong.
  int bad_digit = 0;
  for (size_t i = kKeyTokenPrefixLength; i < kChecksummedLength; ++i) {
    bad_digit |= kDigitValues[static_cast<unsigned char>(token[i])];
  }
  // Decoding the presented checksum is cheaper than encoding the computed one (no divisions).
  std::uint64_t presented = 0;
  for (size_t i = kChecksummedLength; i < token.size(); ++i) {
    const int v = kDigitValues[static_cast<unsigned char>(token[i])];
    bad_digit |= v;
    presented = presented * 62 + static_cast<std::uint64_t>(v & 0x3f);
  }
  const bool well_formed =
      kind.has_value() && bad_digit >= 0 && presented == crc32(token.substr(0, kChecksummedLength));
  if (!well_formed) return std::nullopt;
  return kind;
}

std::string key_token_hint(std::string_view token) {
  if (token.size() < kKeyTokenPrefixLength + 4) return "...";
  std::string hint(token.substr(0, kKeyTokenPrefixLength));
  hint += "...";
  hint += token.substr(token.size() - 4);
  return hint;
}

}  // namespace keyward

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
  bool well_formed = kind.has_value();
  for (size_t i = kKeyTokenPrefixLength; i < token.size(); ++i) {
    well_formed &= base62::is_digit(token[i]);
  }
  const auto expected = checksum_of(token.substr(0, kChecksummedLength));
  const std::string_view actual = token.substr(kChecksummedLength);
  well_formed &= actual == std::string_view(expected.data(), expected.size());
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

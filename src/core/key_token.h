// The format of named-key tokens:
//
//   kw_sk_<43 base62 random characters><6 base62 characters of CRC-32>     (secret)
//   kw_pk_...                                                              (public)
//
// 43 base62 characters carry 256 bits of randomness. The prefix tells people, logs and secret
// scanners what a leaked string is; the checksum (over prefix and random part) lets Keyward refuse
// a mistyped, truncated or made-up token without touching any store.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/key_kind.h"
#include "core/random_source.h"

namespace keyward {

inline constexpr size_t kKeyTokenPrefixLength = 6;
inline constexpr size_t kKeyTokenRandomLength = 43;
inline constexpr size_t kKeyTokenChecksumLength = 6;
inline constexpr size_t kKeyTokenLength =
    kKeyTokenPrefixLength + kKeyTokenRandomLength + kKeyTokenChecksumLength;

std::string generate_key_token(KeyKind kind, RandomSource& random);

// The kind of a well-formed token whose checksum matches, or nullopt. Allocates nothing and runs in
// time that depends only on the token's length, never on how close it is to a real one.
std::optional<KeyKind> parse_key_token(std::string_view token) noexcept;

// A short, non-secret reminder of a token for listings: "kw_sk_...x7Qa" (prefix and the last four
// characters, which belong to the checksum and so reveal nothing of the random part).
std::string key_token_hint(std::string_view token);

}  // namespace keyward

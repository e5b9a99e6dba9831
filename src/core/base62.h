// Base62 (0-9, A-Z, a-z): the alphabet of key tokens and generated keys. It needs no escaping in
// headers, URLs, JSON or XML, and a double-click selects a whole token.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace keyward::base62 {

inline constexpr std::string_view kAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

constexpr bool is_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// Writes `value` as exactly out.size() base62 digits, most significant first, zero-padded.
// Requires 62^out.size() > value.
void encode_fixed(std::uint64_t value, std::span<char> out);

}  // namespace keyward::base62

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

// The value of a base62 digit, or -1 for any other character.
constexpr int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c >= 'a' && c <= 'z') return c - 'a' + 36;
  return -1;
}

// Writes `value` as exactly out.size() base62 digits, most significant first, zero-padded.
// Requires 62^out.size() > value.
void encode_fixed(std::uint64_t value, std::span<char> out);

}  // namespace keyward::base62

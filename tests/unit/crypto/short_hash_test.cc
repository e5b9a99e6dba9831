// The keyed hash that keeps client addresses out of the shared limit counts: SipHash-2-4 as its
// authors published it, the same for the same key and value, different under another key.
#include "crypto/short_hash.h"

#include <array>
#include <string>

#include <gtest/gtest.h>

namespace keyward::crypto {
namespace {

std::array<std::uint8_t, ShortHash::kKeySize> sequential_key(std::uint8_t first) {
  std::array<std::uint8_t, ShortHash::kKeySize> key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(first + i);
  return key;
}

TEST(ShortHashTest, MatchesTheSipHashPapersTestVector) {
  // Key 00..0f, message 00..0e: 0xa129ca6149be45e5, written least significant byte first.
  std::string message;
  for (char c = 0; c < 15; ++c) message += c;
  EXPECT_EQ(ShortHash(sequential_key(0)).hex(message), "e545be4961ca29a1");
}

TEST(ShortHashTest, TheSameKeyGivesTheSameHashAndAnotherKeyAnother) {
  const ShortHash a(sequential_key(0)), again(sequential_key(0)), other(sequential_key(1));
  EXPECT_EQ(a.hex("203.0.113.7"), again.hex("203.0.113.7"));
  EXPECT_NE(a.hex("203.0.113.7"), a.hex("203.0.113.8"));
  EXPECT_NE(a.hex("203.0.113.7"), other.hex("203.0.113.7"));
  EXPECT_EQ(a.hex("").size(), 16u);
}

}  // namespace
}  // namespace keyward::crypto

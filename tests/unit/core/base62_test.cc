#include "core/base62.h"

#include <array>
#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "unit/core/test_random.h"

namespace keyward {
namespace {

std::string encode(std::uint64_t value, std::size_t width) {
  std::string out(width, '?');
  base62::encode_fixed(value, out);
  return out;
}

std::uint64_t decode(std::string_view digits) {
  std::uint64_t value = 0;
  for (char c : digits) value = value * 62 + base62::kAlphabet.find(c);
  return value;
}

TEST(Base62Test, AlphabetIsDigitsUpperLowerInOrder) {
  ASSERT_EQ(base62::kAlphabet.size(), 62u);
  EXPECT_EQ(base62::kAlphabet.substr(0, 10), "0123456789");
  EXPECT_EQ(base62::kAlphabet.substr(10, 26), "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  EXPECT_EQ(base62::kAlphabet.substr(36, 26), "abcdefghijklmnopqrstuvwxyz");
}

TEST(Base62Test, IsDigitMatchesTheAlphabetExactly) {
  for (int i = 0; i < 256; ++i) {
    const char c = static_cast<char>(i);
    EXPECT_EQ(base62::is_digit(c), base62::kAlphabet.find(c) != std::string_view::npos) << i;
  }
}

TEST(Base62Test, EncodeFixedPadsWithZeros) {
  EXPECT_EQ(encode(0, 6), "000000");
  EXPECT_EQ(encode(1, 6), "000001");
  EXPECT_EQ(encode(9, 6), "000009");
  EXPECT_EQ(encode(10, 6), "00000A");
  EXPECT_EQ(encode(35, 6), "00000Z");
  EXPECT_EQ(encode(36, 6), "00000a");
  EXPECT_EQ(encode(61, 6), "00000z");
  EXPECT_EQ(encode(62, 6), "000010");
  EXPECT_EQ(encode(62 * 62, 3), "100");
  EXPECT_EQ(encode(0, 1), "0");
}

TEST(Base62Test, EncodeFixedKnownValues) {
  // Values from an independent Python implementation.
  EXPECT_EQ(encode(123456789, 6), "08M0kX");
  EXPECT_EQ(encode(std::numeric_limits<std::uint32_t>::max(), 6), "4gfFC3");
  EXPECT_EQ(encode(56800235583ull, 6), "zzzzzz");  // 62^6 - 1
  EXPECT_EQ(encode(std::numeric_limits<std::uint64_t>::max(), 11), "LygHa16AHYF");
}

TEST(Base62Test, EncodeFixedWritesExactlyTheSpan) {
  std::array<char, 8> buf;
  buf.fill('#');
  base62::encode_fixed(62, std::span<char>(buf).subspan(1, 4));
  EXPECT_EQ(std::string(buf.begin(), buf.end()), "#0010###");
  base62::encode_fixed(12345, std::span<char>(buf).subspan(0, 0));  // nothing to write
  EXPECT_EQ(buf[0], '#');
}

TEST(Base62Test, EncodeFixedIsMostSignificantFirstAndDecodable) {
  testutil::SeededRandom random(62);
  for (int i = 0; i < 5000; ++i) {
    const std::uint64_t value = random.next() % 56800235584ull;  // < 62^6
    const std::string digits = encode(value, 6);
    ASSERT_EQ(decode(digits), value) << digits;
    for (char c : digits) ASSERT_TRUE(base62::is_digit(c));
  }
}

TEST(Base62Test, EncodingPreservesOrder) {
  // Fixed width, most significant first: string order equals numeric order.
  EXPECT_LT(encode(61, 6), encode(62, 6));
  EXPECT_LT(encode(999, 6), encode(1000, 6));
  EXPECT_LT(encode(35, 6), encode(36, 6));
}

}  // namespace
}  // namespace keyward

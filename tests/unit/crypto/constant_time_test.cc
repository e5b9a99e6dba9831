#include "crypto/constant_time.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace keyward::crypto {
namespace {

TEST(ConstantTimeEqualTest, EqualStrings) {
  EXPECT_TRUE(constant_time_equal(std::string_view("kw_sk_abc"), std::string_view("kw_sk_abc")));
  const std::string a(1000, 'x');
  const std::string b(1000, 'x');
  EXPECT_TRUE(constant_time_equal(a, b));
}

TEST(ConstantTimeEqualTest, UnequalStrings) {
  EXPECT_FALSE(constant_time_equal(std::string_view("kw_sk_abc"), std::string_view("kw_sk_abd")));
  EXPECT_FALSE(constant_time_equal(std::string_view("Xw_sk_abc"), std::string_view("kw_sk_abc")));
  EXPECT_FALSE(constant_time_equal(std::string_view("abc"), std::string_view("ABC")));
}

TEST(ConstantTimeEqualTest, EveryBytePositionCounts) {
  const std::string a(64, 'a');
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::string b = a;
    b[i] = 'b';
    EXPECT_FALSE(constant_time_equal(a, b)) << i;
  }
}

TEST(ConstantTimeEqualTest, DifferentLengths) {
  EXPECT_FALSE(constant_time_equal(std::string_view("abc"), std::string_view("abcd")));
  EXPECT_FALSE(constant_time_equal(std::string_view("abcd"), std::string_view("abc")));
  EXPECT_FALSE(constant_time_equal(std::string_view("abc"), std::string_view("")));
  EXPECT_FALSE(constant_time_equal(std::string_view("abc"), std::string_view("abc\0", 4)));
}

TEST(ConstantTimeEqualTest, APrefixOfTheSameBufferIsNotEqual) {
  // The bytes past the shorter view match, so only the length check can tell them apart.
  const std::string buffer = "kw_sk_abcdef";
  const std::string_view whole(buffer);
  EXPECT_FALSE(constant_time_equal(whole, whole.substr(0, 6)));
  EXPECT_FALSE(constant_time_equal(whole.substr(0, 6), whole));
}

TEST(ConstantTimeEqualTest, Empty) {
  EXPECT_TRUE(constant_time_equal(std::string_view(""), std::string_view("")));
  EXPECT_TRUE(
      constant_time_equal(std::span<const std::uint8_t>{}, std::span<const std::uint8_t>{}));
}

TEST(ConstantTimeEqualTest, ComparesEmbeddedNulBytes) {
  EXPECT_TRUE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
  EXPECT_FALSE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

TEST(ConstantTimeEqualTest, ByteSpans) {
  const std::array<std::uint8_t, 4> a{1, 2, 3, 4};
  const std::vector<std::uint8_t> b{1, 2, 3, 4};
  const std::vector<std::uint8_t> c{1, 2, 3, 5};
  const std::vector<std::uint8_t> d{1, 2, 3};
  const std::vector<std::uint8_t> e{0x81, 2, 3, 4};
  EXPECT_TRUE(
      constant_time_equal(std::span<const std::uint8_t>(a), std::span<const std::uint8_t>(b)));
  EXPECT_FALSE(
      constant_time_equal(std::span<const std::uint8_t>(a), std::span<const std::uint8_t>(c)));
  EXPECT_FALSE(
      constant_time_equal(std::span<const std::uint8_t>(a), std::span<const std::uint8_t>(d)));
  EXPECT_FALSE(
      constant_time_equal(std::span<const std::uint8_t>(a), std::span<const std::uint8_t>(e)));
}

TEST(ConstantTimeEqualTest, IsNoexcept) {
  static_assert(noexcept(constant_time_equal(std::string_view(), std::string_view())));
}

}  // namespace
}  // namespace keyward::crypto

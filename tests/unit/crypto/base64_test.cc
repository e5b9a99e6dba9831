#include "crypto/base64.h"

#include <array>
#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace keyward::crypto {
namespace {

// Decodes into a buffer of exactly the size a caller would reserve (3/4 of the input, rounded up).
std::optional<std::string> decode(std::string_view in) {
  std::string out(in.size() / 4 * 3 + 3, '\0');
  const auto n = base64_decode(in, out);
  if (!n) return std::nullopt;
  out.resize(*n);
  return out;
}

struct Vector {
  const char* plain;
  const char* encoded;
};

// RFC 4648, section 10.
constexpr Vector kRfc4648[] = {{"", ""},
                               {"f", "Zg=="},
                               {"fo", "Zm8="},
                               {"foo", "Zm9v"},
                               {"foob", "Zm9vYg=="},
                               {"fooba", "Zm9vYmE="},
                               {"foobar", "Zm9vYmFy"}};

TEST(Base64EncodeTest, Rfc4648Vectors) {
  for (const auto& v : kRfc4648) EXPECT_EQ(base64_encode(v.plain), v.encoded) << v.plain;
}

TEST(Base64EncodeTest, UsesTheStandardAlphabet) {
  EXPECT_EQ(base64_encode("\xfb\xff"), "+/8=");
  EXPECT_EQ(base64_encode("\xff\xff\xff"), "////");
  EXPECT_EQ(base64_encode(std::string_view("\0\0\0", 3)), "AAAA");
  EXPECT_EQ(base64_encode("user:pass"), "dXNlcjpwYXNz");
}

TEST(Base64DecodeTest, Rfc4648Vectors) {
  for (const auto& v : kRfc4648) EXPECT_EQ(decode(v.encoded), std::string(v.plain)) << v.encoded;
}

TEST(Base64DecodeTest, AcceptsMissingPadding) {
  EXPECT_EQ(decode("Zg"), "f");
  EXPECT_EQ(decode("Zm8"), "fo");
  EXPECT_EQ(decode("Zm9vYg"), "foob");
  EXPECT_EQ(decode("Zm9vYmE"), "fooba");
}

TEST(Base64DecodeTest, BasicAuthCredentials) {
  EXPECT_EQ(decode("dXNlcjpwYXNz"), "user:pass");
  std::array<char, 9> exact{};
  const auto n = base64_decode("dXNlcjpwYXNz", exact);
  ASSERT_EQ(n, 9u);
  EXPECT_EQ(std::string(exact.data(), *n), "user:pass");
}

TEST(Base64DecodeTest, RefusesCharactersOutsideTheAlphabet) {
  for (const char* bad : {"Zm9v!", "Zm9v YmFy", "Zm 9v", "Zm9v\n", "Zm9v\r\n", " Zm9v", "Zm9v.",
                          "Zm9v*mFy", "Zm9v\x80mFy", "Zm\xff=", "Zm9v\tYmFy"}) {
    EXPECT_EQ(decode(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(decode(std::string_view("Zm9v\0mFy", 8)), std::nullopt);
}

TEST(Base64DecodeTest, RefusesTheUrlSafeAlphabet) {
  EXPECT_EQ(decode("+/8="), "\xfb\xff");
  EXPECT_EQ(decode("-_8="), std::nullopt);
  EXPECT_EQ(decode("-/8="), std::nullopt);
  EXPECT_EQ(decode("+_8="), std::nullopt);
  EXPECT_EQ(decode("____"), std::nullopt);
  EXPECT_EQ(decode("----"), std::nullopt);
}

TEST(Base64DecodeTest, RefusesImpossibleLengths) {
  for (const char* bad : {"Z", "Zm9vY", "Zm9vYmFyZ", "Z===", "Zm9vY==="}) {
    EXPECT_EQ(decode(bad), std::nullopt) << bad;
  }
}

TEST(Base64DecodeTest, RefusesMisplacedOrExcessPadding) {
  for (const char* bad :
       {"=", "==", "===", "====", "Zg===", "Zg=", "Zm9v====", "Zg==Zg==", "Z=g=", "=Zm9", "Zm=v"}) {
    EXPECT_EQ(decode(bad), std::nullopt) << bad;
  }
}

TEST(Base64DecodeTest, RefusesNonZeroTrailingBits) {
  // "Zg==" is "f"; 'h' differs from 'g' only in bits that fall off the end.
  EXPECT_EQ(decode("Zh=="), std::nullopt);
  EXPECT_EQ(decode("Zh"), std::nullopt);
  EXPECT_EQ(decode("Zv=="), std::nullopt);
  // "Zm8=" is "fo"; '9' differs from '8' in the last, discarded, bit.
  EXPECT_EQ(decode("Zm9="), std::nullopt);
  EXPECT_EQ(decode("Zm9"), std::nullopt);
  EXPECT_EQ(decode("Zm8="), "fo");
}

TEST(Base64DecodeTest, RefusesOutputThatDoesNotFit) {
  std::array<char, 8> small{};
  EXPECT_EQ(base64_decode("dXNlcjpwYXNz", small), std::nullopt);  // needs 9
  std::array<char, 0> none{};
  EXPECT_EQ(base64_decode("Zg==", none), std::nullopt);
  EXPECT_EQ(base64_decode("", none), 0u);
  std::array<char, 1> one{};
  EXPECT_EQ(base64_decode("Zg==", one), 1u);
  EXPECT_EQ(one[0], 'f');
  EXPECT_EQ(base64_decode("Zm8=", one), std::nullopt);
}

TEST(Base64DecodeTest, ALargerBufferIsFine) {
  std::array<char, 64> big{};
  big.fill('#');
  const auto n = base64_decode("Zm9vYmFy", big);
  ASSERT_EQ(n, 6u);
  EXPECT_EQ(std::string(big.data(), 6), "foobar");
}

TEST(Base64Test, AllByteValuesRoundTrip) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t len = 0; len <= all.size(); len += 1) {
    const std::string_view data = std::string_view(all).substr(all.size() - len);
    const std::string encoded = base64_encode(data);
    ASSERT_EQ(encoded.size(), (len + 2) / 3 * 4);
    ASSERT_EQ(decode(encoded), std::string(data)) << encoded;
    // Without padding too.
    std::string unpadded = encoded;
    while (!unpadded.empty() && unpadded.back() == '=') unpadded.pop_back();
    ASSERT_EQ(decode(unpadded), std::string(data)) << unpadded;
  }
}

TEST(Base64Test, DecodeIsNoexcept) {
  std::array<char, 4> out{};
  static_assert(noexcept(base64_decode("", out)));
}

}  // namespace
}  // namespace keyward::crypto

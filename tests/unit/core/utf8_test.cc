#include "core/utf8.h"

#include <string>

#include <gtest/gtest.h>

namespace keyward {
namespace {

struct Decoded {
  size_t length;
  char32_t cp;
};

Decoded decode_at(std::string_view s, size_t i = 0) {
  char32_t cp = 0xFFFFFFFF;
  const size_t n = decode_utf8(s, i, cp);
  return {n, cp};
}

TEST(DecodeUtf8Test, WellFormedSequencesOfEachLength) {
  EXPECT_EQ(decode_at("A").length, 1u);
  EXPECT_EQ(decode_at("A").cp, U'A');
  EXPECT_EQ(decode_at("\xc3\xa9").length, 2u);  // é
  EXPECT_EQ(decode_at("\xc3\xa9").cp, U'\u00e9');
  EXPECT_EQ(decode_at("\xe2\x82\xac").length, 3u);  // €
  EXPECT_EQ(decode_at("\xe2\x82\xac").cp, U'\u20ac');
  EXPECT_EQ(decode_at("\xf0\x9f\x94\x91").length, 4u);  // 🔑
  EXPECT_EQ(decode_at("\xf0\x9f\x94\x91").cp, U'\U0001F511');
}

TEST(DecodeUtf8Test, BoundaryCodePoints) {
  EXPECT_EQ(decode_at(std::string_view("\0", 1)).cp, U'\0');
  EXPECT_EQ(decode_at("\x7f").cp, char32_t{0x7F});
  EXPECT_EQ(decode_at("\xc2\x80").cp, char32_t{0x80});
  EXPECT_EQ(decode_at("\xdf\xbf").cp, char32_t{0x7FF});
  EXPECT_EQ(decode_at("\xe0\xa0\x80").cp, char32_t{0x800});
  EXPECT_EQ(decode_at("\xef\xbf\xbf").cp, char32_t{0xFFFF});
  EXPECT_EQ(decode_at("\xf0\x90\x80\x80").cp, char32_t{0x10000});
  EXPECT_EQ(decode_at("\xf4\x8f\xbf\xbf").cp, char32_t{0x10FFFF});
  EXPECT_EQ(decode_at("\xed\x9f\xbf").cp, char32_t{0xD7FF});  // just below the surrogates
  EXPECT_EQ(decode_at("\xee\x80\x80").cp, char32_t{0xE000});  // just above them
}

TEST(DecodeUtf8Test, DecodesAtAnOffset) {
  const std::string_view s = "ab\xc3\xa9z";
  EXPECT_EQ(decode_at(s, 2).length, 2u);
  EXPECT_EQ(decode_at(s, 2).cp, U'\u00e9');
  EXPECT_EQ(decode_at(s, 4).cp, U'z');
  EXPECT_EQ(decode_at(s, 3).length, 0u);  // a continuation byte cannot start a character
}

TEST(DecodeUtf8Test, RefusesOverlongForms) {
  for (std::string_view bad : {"\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf",
                               "\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf"}) {
    EXPECT_EQ(decode_at(bad).length, 0u);
  }
}

TEST(DecodeUtf8Test, RefusesSurrogatesAndCodePointsPastTheEnd) {
  EXPECT_EQ(decode_at("\xed\xa0\x80").length, 0u);      // U+D800
  EXPECT_EQ(decode_at("\xed\xbf\xbf").length, 0u);      // U+DFFF
  EXPECT_EQ(decode_at("\xf4\x90\x80\x80").length, 0u);  // U+110000
  EXPECT_EQ(decode_at("\xf7\xbf\xbf\xbf").length, 0u);
}

TEST(DecodeUtf8Test, RefusesBytesThatNeverStartACharacter) {
  for (int b : {0x80, 0xBF, 0xF8, 0xFC, 0xFE, 0xFF}) {
    const char c = static_cast<char>(b);
    EXPECT_EQ(decode_at(std::string_view(&c, 1)).length, 0u) << b;
  }
}

TEST(DecodeUtf8Test, RefusesTruncatedAndBrokenSequences) {
  EXPECT_EQ(decode_at("\xc3").length, 0u);
  EXPECT_EQ(decode_at("\xe2\x82").length, 0u);
  EXPECT_EQ(decode_at("\xf0\x9f\x94").length, 0u);
  EXPECT_EQ(decode_at("\xc3\x41").length, 0u);  // the second byte is not a continuation
  EXPECT_EQ(decode_at("\xe2\x82\x41").length, 0u);
  EXPECT_EQ(decode_at("\xf0\x9f\xc3\xa9").length, 0u);
  // A view that ends mid-character, even if the memory after it would complete it.
  EXPECT_EQ(decode_at(std::string_view("\xc3\xa9", 1)).length, 0u);
}

TEST(IsValidUtf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ASCII"));
  EXPECT_TRUE(is_valid_utf8("Café Zürich — 名前 🔑"));
  EXPECT_TRUE(is_valid_utf8(std::string_view("a\0b", 3)));
}

TEST(IsValidUtf8Test, RefusesAnyMalformedSequenceAnywhere) {
  for (std::string_view bad : {"\xff", "abc\xc3",
                               "\xc3"
                               "abc",
                               "ab\x80"
                               "cd",
                               "\xed\xa0\x80", "ok\xc0\xafok", "\xf4\x90\x80\x80", "Caf\xe9"}) {
    EXPECT_FALSE(is_valid_utf8(bad));
  }
}

}  // namespace
}  // namespace keyward

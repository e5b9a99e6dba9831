#include "core/text_rules.h"

#include <string>

#include <gtest/gtest.h>

namespace keyward {
namespace {

void expect_refused(const Status& s, std::string_view mentions) {
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, Errc::kInvalidArgument);
  EXPECT_NE(s.error().message.find(mentions), std::string::npos) << s.error().message;
}

TEST(CheckNameTest, AcceptsOrdinaryNames) {
  for (const char* name :
       {"Production", "a", "My App", "billing-service_v2", "Café Zürich", "名前", "x:y"}) {
    EXPECT_TRUE(check_name("name", name).has_value()) << name;
  }
}

TEST(CheckNameTest, RefusesEmptyOrBlank) {
  expect_refused(check_name("name", ""), "name must not be empty");
  expect_refused(check_name("name", " "), "name must not be empty");
  expect_refused(check_name("name", "     "), "name must not be empty");
}

TEST(CheckNameTest, MessageNamesTheField) {
  expect_refused(check_name("organization name", ""), "organization name");
  expect_refused(check_name("key name", std::string(201, 'k')), "key name");
  expect_refused(check_name("application name", "a\nb"), "application name");
}

TEST(CheckNameTest, LengthLimitIsInBytes) {
  EXPECT_EQ(kMaxNameLength, 200u);
  EXPECT_TRUE(check_name("name", std::string(200, 'a')).has_value());
  expect_refused(check_name("name", std::string(201, 'a')), "at most 200");
  // 100 two-byte characters fit exactly; one more byte does not.
  std::string accented;
  for (int i = 0; i < 100; ++i) accented += "\xc3\xa9";
  EXPECT_TRUE(check_name("name", accented).has_value());
  expect_refused(check_name("name", accented + "a"), "at most 200");
}

TEST(CheckNameTest, RefusesControlCharacters) {
  for (char c : {'\0', '\t', '\n', '\r', '\x01', '\x1b', '\x1f', '\x7f'}) {
    std::string name = "bad";
    name += c;
    name += "name";
    expect_refused(check_name("name", name), "control characters");
  }
  expect_refused(check_name("name", "\t"), "name");
}

TEST(CheckUsernameTest, AcceptsEmailAddressesAndPlainNames) {
  for (const char* user :
       {"alice@example.com", "bob", "a.b+tag@sub.example.org", "jörg@example.de", "x"}) {
    EXPECT_TRUE(check_username(user).has_value()) << user;
  }
}

TEST(CheckUsernameTest, RefusesEmpty) { expect_refused(check_username(""), "must not be empty"); }

TEST(CheckUsernameTest, LengthLimit) {
  EXPECT_EQ(kMaxUsernameLength, 254u);
  EXPECT_TRUE(check_username(std::string(254, 'u')).has_value());
  expect_refused(check_username(std::string(255, 'u')), "at most 254");
}

TEST(CheckUsernameTest, RefusesColonSpacesAndControlCharacters) {
  for (const char* bad : {"alice:secret", ":", "alice smith", " alice", "alice ", "alice\t",
                          "al\nice", "alice\r", "alice\x7f", "\x01"}) {
    expect_refused(check_username(bad), "must not contain");
  }
  std::string with_nul("al\0ice", 6);
  expect_refused(check_username(with_nul), "must not contain");
}

TEST(CheckNameTest, RefusesInvalidUtf8) {
  for (std::string_view bad : {"Caf\xe9", "a\xc3", "\xff\xfe", "x\xc0\xafy", "\xed\xa0\x80"}) {
    expect_refused(check_name("key name", bad), "key name must be valid UTF-8");
  }
}

TEST(CheckUsernameTest, RefusesInvalidUtf8) {
  for (std::string_view bad : {"j\xf6rg@example.de", "alice\xc3", "\x80", "\xf4\x90\x80\x80"}) {
    expect_refused(check_username(bad), "username must be valid UTF-8");
  }
}

// Known gap, reported rather than fixed here: the control-character checks look at single bytes
// only, so UTF-8 C1 control characters (U+0085 NEL, U+009B CSI) pass check_name although
// text_rules.h says all text is "without control characters", and Unicode whitespace (U+00A0
// NO-BREAK SPACE, U+2028 LINE SEPARATOR) passes check_username, whose contract says "must not
// contain ':', whitespace or control characters". Enable once the rules treat them.
TEST(CheckNameTest, RefusesC1ControlCharacters) {
  EXPECT_FALSE(check_name("name", std::string("a\xc2\x85") + "b").has_value());  // U+0085
  EXPECT_FALSE(check_name("name", std::string("a\xc2\x9b") + "b").has_value());  // U+009B
}

TEST(CheckUsernameTest, RefusesUnicodeWhitespaceAndC1Controls) {
  EXPECT_FALSE(check_username("alice\xc2\xa0smith").has_value());  // U+00A0
  EXPECT_FALSE(check_username("alice\xe2\x80\xa8").has_value());   // U+2028
  EXPECT_FALSE(check_username("alice\xc2\x85").has_value());       // U+0085
}

TEST(AsciiLowercaseTest, LowersOnlyAsciiLetters) {
  EXPECT_EQ(ascii_lowercase("Ada@ACME.example-1"), "ada@acme.example-1");
  EXPECT_EQ(ascii_lowercase("ÄÖÜ"), "ÄÖÜ");
}

TEST(CheckNewPasswordTest, AcceptsPassPhrasesOfTwelveCharactersOrMore) {
  EXPECT_TRUE(check_new_password("correct horse battery").has_value());
  EXPECT_TRUE(check_new_password("twelve chars").has_value());
  EXPECT_TRUE(check_new_password("pässwörd äöü").has_value());  // 12 characters, 15 bytes
  EXPECT_TRUE(check_new_password(std::string(256, 'p')).has_value());
}

TEST(CheckNewPasswordTest, CountsCharactersNotBytes) {
  expect_refused(check_new_password("äöüäöüäöüäö"), "at least 12 characters long, has 11");
  expect_refused(check_new_password(""), "has 0");
}

TEST(CheckNewPasswordTest, RefusesControlsMalformedUtf8AndHugeValues) {
  expect_refused(check_new_password("twelve chars\n"), "control characters");
  expect_refused(check_new_password("twelve chars\xff"), "valid UTF-8");
  expect_refused(check_new_password(std::string(257, 'p')), "at most 256 bytes");
}

}  // namespace
}  // namespace keyward

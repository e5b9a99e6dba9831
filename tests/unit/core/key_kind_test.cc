#include "core/key_kind.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace keyward {
namespace {

using Names = std::vector<std::string>;

const Scopes kNone{0};
const Scopes kRead{Scopes::kRead};
const Scopes kWrite{Scopes::kWrite};
const Scopes kReadWrite{Scopes::kRead | Scopes::kWrite};

TEST(KeyKindTest, ToStringAndParse) {
  EXPECT_EQ(to_string(KeyKind::kPublic), "public");
  EXPECT_EQ(to_string(KeyKind::kSecret), "secret");
  EXPECT_EQ(parse_key_kind("public"), KeyKind::kPublic);
  EXPECT_EQ(parse_key_kind("secret"), KeyKind::kSecret);
  for (KeyKind kind : {KeyKind::kPublic, KeyKind::kSecret}) {
    EXPECT_EQ(parse_key_kind(to_string(kind)), kind);
  }
}

TEST(KeyKindTest, ParseRefusesAnythingElse) {
  for (const char* text :
       {"", "Public", "SECRET", "secret ", " public", "pk", "sk", "private", "publicsecret"}) {
    EXPECT_EQ(parse_key_kind(text), std::nullopt) << text;
  }
}

TEST(ScopesTest, DefaultIsEmpty) {
  const Scopes s;
  EXPECT_EQ(s.bits(), 0);
  EXPECT_FALSE(s.can_read());
  EXPECT_FALSE(s.can_write());
  EXPECT_TRUE(s.names().empty());
}

TEST(ScopesTest, Parse) {
  EXPECT_EQ(Scopes::parse({"read"}), kRead);
  EXPECT_EQ(Scopes::parse({"write"}), kWrite);
  EXPECT_EQ(Scopes::parse({"read", "write"}), kReadWrite);
  EXPECT_EQ(Scopes::parse({"write", "read"}), kReadWrite);
  EXPECT_EQ(Scopes::parse({"read", "read"}), kRead);
  EXPECT_EQ(Scopes::parse({}), kNone);
}

TEST(ScopesTest, ParseRefusesUnknownNames) {
  EXPECT_EQ(Scopes::parse({"admin"}), std::nullopt);
  EXPECT_EQ(Scopes::parse({"READ"}), std::nullopt);
  EXPECT_EQ(Scopes::parse({"read", "delete"}), std::nullopt);
  EXPECT_EQ(Scopes::parse({""}), std::nullopt);
  EXPECT_EQ(Scopes::parse({"read "}), std::nullopt);
  EXPECT_EQ(Scopes::parse({"read,write"}), std::nullopt);
}

TEST(ScopesTest, Accessors) {
  EXPECT_TRUE(kRead.can_read());
  EXPECT_FALSE(kRead.can_write());
  EXPECT_FALSE(kWrite.can_read());
  EXPECT_TRUE(kWrite.can_write());
  EXPECT_TRUE(kReadWrite.can_read());
  EXPECT_TRUE(kReadWrite.can_write());
  EXPECT_EQ(kReadWrite.bits(), 3);
}

TEST(ScopesTest, Names) {
  EXPECT_EQ(kNone.names(), Names{});
  EXPECT_EQ(kRead.names(), Names{"read"});
  EXPECT_EQ(kWrite.names(), Names{"write"});
  EXPECT_EQ(kReadWrite.names(), (Names{"read", "write"}));
}

TEST(ScopesTest, NamesRoundTripThroughParse) {
  for (const Scopes& s : {kNone, kRead, kWrite, kReadWrite}) {
    EXPECT_EQ(Scopes::parse(s.names()), s) << int{s.bits()};
  }
}

TEST(ScopesTest, DefaultsFor) {
  EXPECT_EQ(Scopes::defaults_for(KeyKind::kPublic), kRead);
  EXPECT_EQ(Scopes::defaults_for(KeyKind::kSecret), kReadWrite);
  static_assert(Scopes::defaults_for(KeyKind::kPublic).allowed_for(KeyKind::kPublic));
  static_assert(Scopes::defaults_for(KeyKind::kSecret).allowed_for(KeyKind::kSecret));
}

TEST(ScopesTest, PublicKeysMayOnlyRead) {
  EXPECT_TRUE(kRead.allowed_for(KeyKind::kPublic));
  EXPECT_FALSE(kWrite.allowed_for(KeyKind::kPublic));
  EXPECT_FALSE(kReadWrite.allowed_for(KeyKind::kPublic));
  EXPECT_FALSE(kNone.allowed_for(KeyKind::kPublic));
}

TEST(ScopesTest, SecretKeysMayHoldAnyNonEmptySet) {
  EXPECT_TRUE(kRead.allowed_for(KeyKind::kSecret));
  EXPECT_TRUE(kWrite.allowed_for(KeyKind::kSecret));
  EXPECT_TRUE(kReadWrite.allowed_for(KeyKind::kSecret));
  EXPECT_FALSE(kNone.allowed_for(KeyKind::kSecret));
}

TEST(ScopesTest, ParsedEmptyListIsNotAllowedForAnyKind) {
  const auto empty = Scopes::parse({});
  ASSERT_TRUE(empty);
  EXPECT_FALSE(empty->allowed_for(KeyKind::kPublic));
  EXPECT_FALSE(empty->allowed_for(KeyKind::kSecret));
}

}  // namespace
}  // namespace keyward

#include "core/uuid.h"

#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <unordered_set>

#include <gtest/gtest.h>

#include "unit/core/test_random.h"

namespace keyward {
namespace {

constexpr const char* kCanonical = "00112233-4455-6677-8899-aabbccddeeff";
constexpr std::size_t kDashes[] = {8, 13, 18, 23};

bool is_dash_position(std::size_t i) {
  for (std::size_t d : kDashes) {
    if (d == i) return true;
  }
  return false;
}

TEST(UuidTest, DefaultIsNil) {
  const Uuid nil;
  EXPECT_TRUE(nil.is_nil());
  EXPECT_EQ(nil.to_string(), "00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(nil.bytes(), (std::array<std::uint8_t, 16>{}));
}

TEST(UuidTest, ParsesNil) {
  const auto nil = Uuid::parse("00000000-0000-0000-0000-000000000000");
  ASSERT_TRUE(nil);
  EXPECT_TRUE(nil->is_nil());
  EXPECT_EQ(*nil, Uuid{});
}

TEST(UuidTest, ParseReadsBytesInOrder) {
  const auto id = Uuid::parse(kCanonical);
  ASSERT_TRUE(id);
  const std::array<std::uint8_t, 16> expected = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                                 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
  EXPECT_EQ(id->bytes(), expected);
  EXPECT_FALSE(id->is_nil());
}

TEST(UuidTest, ParseAcceptsUpperLowerAndMixedCase) {
  const auto lower = Uuid::parse("0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44");
  const auto upper = Uuid::parse("0B6C1B0E-8F0A-4C3E-9A51-0C1D7E9F2A44");
  const auto mixed = Uuid::parse("0b6C1b0E-8f0A-4c3E-9A51-0c1D7e9F2a44");
  ASSERT_TRUE(lower);
  ASSERT_TRUE(upper);
  ASSERT_TRUE(mixed);
  EXPECT_EQ(*lower, *upper);
  EXPECT_EQ(*lower, *mixed);
}

TEST(UuidTest, ToStringIsCanonicalLowerCase) {
  const auto id = Uuid::parse("0B6C1B0E-8F0A-4C3E-9A51-0C1D7E9F2A44");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->to_string(), "0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44");
  EXPECT_EQ(Uuid::parse("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")->to_string(),
            "ffffffff-ffff-ffff-ffff-ffffffffffff");
}

TEST(UuidTest, RoundTripsThroughText) {
  testutil::SeededRandom random(9562);
  for (int i = 0; i < 1000; ++i) {
    const Uuid id = Uuid::random(random);
    const std::string text = id.to_string();
    ASSERT_EQ(text.size(), 36u);
    const auto back = Uuid::parse(text);
    ASSERT_TRUE(back) << text;
    EXPECT_EQ(*back, id);
    EXPECT_EQ(back->to_string(), text);
  }
}

TEST(UuidTest, RandomHasVersion4AndRfcVariant) {
  testutil::SeededRandom random(4);
  for (int i = 0; i < 1000; ++i) {
    const Uuid id = Uuid::random(random);
    EXPECT_EQ(id.bytes()[6] >> 4, 0x4);
    EXPECT_EQ(id.bytes()[8] >> 6, 0x2);
    const std::string text = id.to_string();
    EXPECT_EQ(text[14], '4') << text;
    EXPECT_NE(std::string("89ab").find(text[19]), std::string::npos) << text;
  }
}

TEST(UuidTest, RandomForcesVersionAndVariantWhateverTheSourceGives) {
  testutil::ScriptedRandom ones({0xFF});
  EXPECT_EQ(Uuid::random(ones).to_string(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
  testutil::ScriptedRandom zeros({0x00});
  const Uuid from_zeros = Uuid::random(zeros);
  EXPECT_EQ(from_zeros.to_string(), "00000000-0000-4000-8000-000000000000");
  EXPECT_FALSE(from_zeros.is_nil());
}

TEST(UuidTest, RandomKeepsTheOtherBitsRandom) {
  testutil::SeededRandom random(77);
  std::set<Uuid> seen;
  std::array<int, 16> varying{};  // how many bytes positions ever change
  const Uuid first = Uuid::random(random);
  seen.insert(first);
  for (int i = 0; i < 2000; ++i) {
    const Uuid id = Uuid::random(random);
    EXPECT_FALSE(id.is_nil());
    seen.insert(id);
    for (std::size_t b = 0; b < 16; ++b) varying[b] |= id.bytes()[b] != first.bytes()[b];
  }
  EXPECT_EQ(seen.size(), 2001u);
  for (std::size_t b = 0; b < 16; ++b) EXPECT_EQ(varying[b], 1) << "byte " << b;
}

TEST(UuidTest, RejectsWrongLength) {
  EXPECT_EQ(Uuid::parse(""), std::nullopt);
  EXPECT_EQ(Uuid::parse("00112233-4455-6677-8899-aabbccddeef"), std::nullopt);    // 35
  EXPECT_EQ(Uuid::parse("00112233-4455-6677-8899-aabbccddeeff0"), std::nullopt);  // 37
  EXPECT_EQ(Uuid::parse("00112233445566778899aabbccddeeff"), std::nullopt);       // no dashes
  EXPECT_EQ(Uuid::parse("{00112233-4455-6677-8899-aabbccddeeff}"), std::nullopt);
  EXPECT_EQ(Uuid::parse("urn:uuid:00112233-4455-6677-8899-aabbccddeeff"), std::nullopt);
  EXPECT_EQ(Uuid::parse(" 00112233-4455-6677-8899-aabbccddeeff"), std::nullopt);
}

TEST(UuidTest, RejectsDashesInTheWrongPlaces) {
  // Same length, dashes moved.
  EXPECT_EQ(Uuid::parse("0011223-34455-6677-8899-aabbccddeeff"), std::nullopt);
  EXPECT_EQ(Uuid::parse("001122334-455-6677-8899-aabbccddeeff"), std::nullopt);
  EXPECT_EQ(Uuid::parse("00112233-44556-677-8899-aabbccddeeff"), std::nullopt);
  EXPECT_EQ(Uuid::parse("00112233-4455-66778-899-aabbccddeeff"), std::nullopt);
  EXPECT_EQ(Uuid::parse("00112233-4455-6677-8899a-abbccddeeff"), std::nullopt);
  EXPECT_EQ(Uuid::parse("0011-2233-4455-6677-8899aabbccddeeff"), std::nullopt);
  // 8-4-4-4-12 with another separator.
  EXPECT_EQ(Uuid::parse("00112233_4455_6677_8899_aabbccddeeff"), std::nullopt);
  EXPECT_EQ(Uuid::parse("00112233:4455:6677:8899:aabbccddeeff"), std::nullopt);
}

TEST(UuidTest, RejectsEverySingleCharacterCorruption) {
  const std::string good = kCanonical;
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (char c : {'g', 'G', 'z', ' ', '+', '\0', '-', '0', 'x'}) {
      std::string bad = good;
      bad[i] = c;
      const bool still_valid = is_dash_position(i) ? c == '-' : std::isxdigit(c) != 0;
      if (still_valid) {
        EXPECT_TRUE(Uuid::parse(bad)) << bad;
      } else {
        EXPECT_EQ(Uuid::parse(bad), std::nullopt) << "position " << i << " char " << int{c};
      }
    }
  }
}

TEST(UuidTest, RejectsNonAsciiHexLookalikes) {
  std::string bad = kCanonical;
  bad[0] = static_cast<char>(0xC0);
  EXPECT_EQ(Uuid::parse(bad), std::nullopt);
  bad[0] = static_cast<char>(0xFF);
  EXPECT_EQ(Uuid::parse(bad), std::nullopt);
}

TEST(UuidTest, OrderingAndHashFollowBytes) {
  const auto a = Uuid::parse("00000000-0000-4000-8000-000000000001");
  const auto b = Uuid::parse("00000000-0000-4000-8000-000000000002");
  const auto c = Uuid::parse("10000000-0000-4000-8000-000000000000");
  ASSERT_TRUE(a && b && c);
  EXPECT_LT(*a, *b);
  EXPECT_LT(*b, *c);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(*a, *Uuid::parse("00000000-0000-4000-8000-000000000001"));

  std::unordered_set<Uuid, UuidHash> set;
  set.insert(*a);
  set.insert(*Uuid::parse("00000000-0000-4000-8000-000000000001"));
  set.insert(*b);
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(UuidHash{}(*a), UuidHash{}(*Uuid::parse("00000000-0000-4000-8000-000000000001")));
}

}  // namespace
}  // namespace keyward

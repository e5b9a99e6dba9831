#include "core/key_token.h"

#include <array>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/base62.h"
#include "core/crc32.h"
#include "unit/core/test_random.h"

namespace keyward {
namespace {

constexpr std::string_view kSecretPrefix = "kw_sk_";
constexpr std::string_view kPublicPrefix = "kw_pk_";

std::vector<std::string> sample_tokens(std::uint64_t seed, int per_kind) {
  testutil::SeededRandom random(seed);
  std::vector<std::string> tokens;
  for (int i = 0; i < per_kind; ++i) {
    tokens.push_back(generate_key_token(KeyKind::kSecret, random));
    tokens.push_back(generate_key_token(KeyKind::kPublic, random));
  }
  return tokens;
}

// Characters to substitute: all of base62 and a selection of everything else.
std::vector<char> substitutes() {
  std::vector<char> out(base62::kAlphabet.begin(), base62::kAlphabet.end());
  for (char c : {'_', '-', '+', '/', '=', ' ', '.', '\0', '\n', '\x7f'}) out.push_back(c);
  out.push_back(static_cast<char>(0x80));
  out.push_back(static_cast<char>(0xC3));
  out.push_back(static_cast<char>(0xFF));
  return out;
}

char flip_case(char c) {
  if (c >= 'a' && c <= 'z') return static_cast<char>(c - 'a' + 'A');
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  return c;
}

TEST(KeyTokenTest, LengthConstants) {
  EXPECT_EQ(kKeyTokenPrefixLength, 6u);
  EXPECT_EQ(kKeyTokenRandomLength, 43u);
  EXPECT_EQ(kKeyTokenChecksumLength, 6u);
  EXPECT_EQ(kKeyTokenLength, 55u);
}

TEST(KeyTokenTest, GeneratedTokensHaveTheDocumentedShape) {
  testutil::SeededRandom random(1);
  for (int i = 0; i < 500; ++i) {
    for (KeyKind kind : {KeyKind::kSecret, KeyKind::kPublic}) {
      const std::string token = generate_key_token(kind, random);
      ASSERT_EQ(token.size(), 55u) << token;
      EXPECT_EQ(token.substr(0, 6), kind == KeyKind::kSecret ? kSecretPrefix : kPublicPrefix);
      for (std::size_t j = 6; j < token.size(); ++j) {
        ASSERT_TRUE(base62::is_digit(token[j])) << token;
      }
    }
  }
}

TEST(KeyTokenTest, ParseReturnsTheKindOfGeneratedTokens) {
  testutil::SeededRandom random(2);
  for (int i = 0; i < 1000; ++i) {
    const std::string secret = generate_key_token(KeyKind::kSecret, random);
    const std::string pub = generate_key_token(KeyKind::kPublic, random);
    EXPECT_EQ(parse_key_token(secret), KeyKind::kSecret) << secret;
    EXPECT_EQ(parse_key_token(pub), KeyKind::kPublic) << pub;
  }
}

TEST(KeyTokenTest, ChecksumIsBase62Crc32OfPrefixAndRandomPart) {
  // Fixed tokens built with Python's zlib.crc32, so a secret scanner written from the documented
  // format agrees with Keyward.
  EXPECT_EQ(parse_key_token("kw_sk_00000000000000000000000000000000000000000001H69sW"),
            KeyKind::kSecret);
  EXPECT_EQ(parse_key_token("kw_pk_00000000000000000000000000000000000000000003ck989"),
            KeyKind::kPublic);
  EXPECT_EQ(parse_key_token("kw_sk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg2ltZU3"),
            KeyKind::kSecret);
  EXPECT_EQ(parse_key_token("kw_pk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0QOfOg"),
            KeyKind::kPublic);

  for (const auto& token : sample_tokens(3, 50)) {
    std::array<char, 6> checksum{};
    base62::encode_fixed(crc32(std::string_view(token).substr(0, 49)), checksum);
    EXPECT_EQ(token.substr(49), std::string(checksum.begin(), checksum.end()));
  }
}

TEST(KeyTokenTest, SameSeedSameTokenDifferentSeedDifferentToken) {
  testutil::SeededRandom a(42), b(42), c(43);
  const std::string ta = generate_key_token(KeyKind::kSecret, a);
  EXPECT_EQ(ta, generate_key_token(KeyKind::kSecret, b));
  EXPECT_NE(ta, generate_key_token(KeyKind::kSecret, c));
  // Consecutive draws from one source differ too.
  EXPECT_NE(ta, generate_key_token(KeyKind::kSecret, a));
}

TEST(KeyTokenTest, RandomPartUsesTheWholeAlphabet) {
  testutil::SeededRandom random(5);
  std::array<int, 62> counts{};
  for (int i = 0; i < 2000; ++i) {
    const std::string token = generate_key_token(KeyKind::kSecret, random);
    for (std::size_t j = 6; j < 49; ++j) ++counts[base62::kAlphabet.find(token[j])];
  }
  // 86000 characters, about 1387 of each: every one appears, none wildly more than others.
  for (std::size_t k = 0; k < counts.size(); ++k) {
    EXPECT_GT(counts[k], 1100) << base62::kAlphabet[k];
    EXPECT_LT(counts[k], 1700) << base62::kAlphabet[k];
  }
}

TEST(KeyTokenTest, ParseRefusesObviousNonTokens) {
  EXPECT_EQ(parse_key_token(""), std::nullopt);
  EXPECT_EQ(parse_key_token("kw_sk_"), std::nullopt);
  EXPECT_EQ(parse_key_token(std::string(55, ' ')), std::nullopt);
  EXPECT_EQ(parse_key_token(std::string(55, 'A')), std::nullopt);
  EXPECT_EQ(parse_key_token(std::string(55, '\0')), std::nullopt);
  EXPECT_EQ(parse_key_token("kw_sk_" + std::string(49, '0')), std::nullopt);
  EXPECT_EQ(parse_key_token("Bearer kw_sk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg2ltZU3"),
            std::nullopt);
}

TEST(KeyTokenTest, ParseRefusesMadeUpTokens) {
  // Well-formed prefix and alphabet, random checksum: a 1 in 62^6 chance each of being accepted.
  testutil::SeededRandom random(6);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string token(i % 2 == 0 ? kSecretPrefix : kPublicPrefix);
    while (token.size() < kKeyTokenLength) token += base62::kAlphabet[random.uniform(62)];
    accepted += parse_key_token(token).has_value();
  }
  EXPECT_EQ(accepted, 0);
}

TEST(KeyTokenTest, ParseIsNoexcept) { static_assert(noexcept(parse_key_token(""))); }

// ---- Near misses: every small edit of a real token must be refused. ----

class KeyTokenNearMissTest : public ::testing::Test {
 protected:
  const std::vector<std::string> tokens_ = sample_tokens(7, 20);
};

TEST_F(KeyTokenNearMissTest, EverySingleCharacterSubstitution) {
  const auto chars = substitutes();
  for (const auto& token : tokens_) {
    ASSERT_TRUE(parse_key_token(token));
    for (std::size_t i = 0; i < token.size(); ++i) {
      for (char c : chars) {
        if (c == token[i]) continue;
        std::string bad = token;
        bad[i] = c;
        ASSERT_EQ(parse_key_token(bad), std::nullopt)
            << token << " position " << i << " -> " << static_cast<int>(c);
      }
    }
  }
}

TEST_F(KeyTokenNearMissTest, EveryCaseFlip) {
  for (const auto& token : tokens_) {
    for (std::size_t i = 0; i < token.size(); ++i) {
      const char flipped = flip_case(token[i]);
      if (flipped == token[i]) continue;
      std::string bad = token;
      bad[i] = flipped;
      ASSERT_EQ(parse_key_token(bad), std::nullopt) << token << " position " << i;
    }
  }
}

TEST_F(KeyTokenNearMissTest, WholeTokenCaseChanges) {
  for (const auto& token : tokens_) {
    std::string upper = token, lower = token;
    for (auto& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    for (auto& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    EXPECT_EQ(parse_key_token(upper), std::nullopt) << upper;
    if (lower != token) {
      EXPECT_EQ(parse_key_token(lower), std::nullopt) << lower;
    }
  }
}

TEST_F(KeyTokenNearMissTest, EveryTruncation) {
  for (const auto& token : tokens_) {
    for (std::size_t cut = 1; cut <= token.size(); ++cut) {
      const std::string_view view(token);
      EXPECT_EQ(parse_key_token(view.substr(0, token.size() - cut)), std::nullopt)
          << "dropped last " << cut;
      EXPECT_EQ(parse_key_token(view.substr(cut)), std::nullopt) << "dropped first " << cut;
    }
  }
}

TEST_F(KeyTokenNearMissTest, ExtensionByOneCharacter) {
  for (const auto& token : tokens_) {
    for (char c : base62::kAlphabet) {
      EXPECT_EQ(parse_key_token(token + c), std::nullopt);
      EXPECT_EQ(parse_key_token(c + token), std::nullopt);
    }
    for (char c : {' ', '\n', '\r', '\0', '='}) EXPECT_EQ(parse_key_token(token + c), std::nullopt);
  }
}

TEST_F(KeyTokenNearMissTest, InsertionAndDeletionAnywhere) {
  for (const auto& token : tokens_) {
    for (std::size_t i = 0; i <= token.size(); ++i) {
      std::string inserted = token;
      inserted.insert(i, 1, 'x');
      EXPECT_EQ(parse_key_token(inserted), std::nullopt);
    }
    for (std::size_t i = 0; i < token.size(); ++i) {
      std::string deleted = token;
      deleted.erase(i, 1);
      EXPECT_EQ(parse_key_token(deleted), std::nullopt);
      // Deleting one character and padding at the end keeps the length but shifts the rest.
      for (char c : {'0', 'a', 'Z'}) {
        if (deleted + c == token) continue;  // deleted the last character and put it back
        EXPECT_EQ(parse_key_token(deleted + c), std::nullopt) << deleted + c;
      }
    }
  }
}

TEST_F(KeyTokenNearMissTest, SwappingThePrefixKind) {
  for (const auto& token : tokens_) {
    const std::string body = token.substr(kKeyTokenPrefixLength);
    const bool secret = token.starts_with(kSecretPrefix);
    const std::string swapped = std::string(secret ? kPublicPrefix : kSecretPrefix) + body;
    EXPECT_EQ(parse_key_token(swapped), std::nullopt) << swapped;
    // Other prefixes a person might type.
    for (std::string_view prefix : {"kw_ak_", "kw_rk_", "KW_SK_", "kw-sk-", "sk_kw_", "kw_sk-"}) {
      EXPECT_EQ(parse_key_token(std::string(prefix) + body), std::nullopt) << prefix;
    }
  }
}

TEST_F(KeyTokenNearMissTest, EveryAdjacentTransposition) {
  for (const auto& token : tokens_) {
    for (std::size_t i = 0; i + 1 < token.size(); ++i) {
      if (token[i] == token[i + 1]) continue;
      std::string bad = token;
      std::swap(bad[i], bad[i + 1]);
      ASSERT_EQ(parse_key_token(bad), std::nullopt) << token << " swap at " << i;
    }
  }
}

TEST_F(KeyTokenNearMissTest, ChecksumOfAnotherToken) {
  // Splicing the checksum of one real token onto the random part of another.
  for (std::size_t i = 0; i + 2 < tokens_.size(); ++i) {
    const std::string spliced = tokens_[i].substr(0, 49) + tokens_[i + 2].substr(49);
    EXPECT_EQ(parse_key_token(spliced), std::nullopt) << spliced;
  }
}

TEST(KeyTokenHintTest, PrefixEllipsisAndLastFour) {
  const std::string token = "kw_sk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg2ltZU3";
  EXPECT_EQ(key_token_hint(token), "kw_sk_...tZU3");
  EXPECT_EQ(key_token_hint("kw_pk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0QOfOg"),
            "kw_pk_...OfOg");
}

TEST(KeyTokenHintTest, RevealsNothingOfTheRandomPart) {
  testutil::SeededRandom random(8);
  for (int i = 0; i < 200; ++i) {
    const std::string token = generate_key_token(KeyKind::kSecret, random);
    const std::string hint = key_token_hint(token);
    ASSERT_EQ(hint.size(), 13u) << hint;
    EXPECT_EQ(hint.substr(0, 9), "kw_sk_...");
    // The last four characters are the tail of the checksum.
    EXPECT_EQ(hint.substr(9), token.substr(51));
    EXPECT_GE(51u, kKeyTokenPrefixLength + kKeyTokenRandomLength);
  }
}

TEST(KeyTokenHintTest, ShortInputGivesJustAnEllipsis) {
  EXPECT_EQ(key_token_hint(""), "...");
  EXPECT_EQ(key_token_hint("kw_sk_"), "...");
  EXPECT_EQ(key_token_hint("kw_sk_abc"), "...");
  EXPECT_EQ(key_token_hint("kw_sk_abcd"), "kw_sk_...abcd");
}

}  // namespace
}  // namespace keyward

#include "core/key_policy.h"

#include <algorithm>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/base62.h"
#include "unit/core/test_random.h"

namespace keyward {
namespace {

bool any_mentions(const std::vector<std::string>& details, std::string_view needle) {
  return std::any_of(details.begin(), details.end(),
                     [&](const std::string& d) { return d.find(needle) != std::string::npos; });
}

int count_if_in(std::string_view value, char lo, char hi) {
  return static_cast<int>(
      std::count_if(value.begin(), value.end(), [&](char c) { return c >= lo && c <= hi; }));
}

// A random valid policy: any length in range, minimums that fit in it.
KeyPolicy random_policy(testutil::SeededRandom& random) {
  KeyPolicy p;
  p.length = kMinKeyLength + static_cast<int>(random.uniform(
                                 static_cast<std::uint32_t>(kMaxKeyLength - kMinKeyLength + 1)));
  int budget = p.length;
  // Sometimes use the whole length for minimums, sometimes very little.
  const auto take = [&](int& field) {
    field = static_cast<int>(random.uniform(static_cast<std::uint32_t>(budget + 1)));
    budget -= field;
  };
  take(p.min_numerals);
  take(p.min_upper);
  take(p.min_lower);
  return p;
}

TEST(KeyPolicyTest, DefaultPolicy) {
  EXPECT_EQ(kDefaultKeyPolicy, (KeyPolicy{32, 2, 2, 2}));
  EXPECT_EQ(KeyPolicy{}, kDefaultKeyPolicy);
  EXPECT_TRUE(validate_policy(kDefaultKeyPolicy).has_value());
}

TEST(ValidatePolicyTest, LengthBounds) {
  EXPECT_TRUE(validate_policy({16, 0, 0, 0}).has_value());
  EXPECT_TRUE(validate_policy({128, 0, 0, 0}).has_value());
  for (int length :
       {15, 0, -1, 129, 1000, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()}) {
    const Status s = validate_policy({length, 0, 0, 0});
    ASSERT_FALSE(s.has_value()) << length;
    EXPECT_EQ(s.error().code, Errc::kInvalidArgument);
    // A negative length is also exceeded by minimums of zero, which may be reported as well.
    if (length >= 0) {
      EXPECT_EQ(s.error().details.size(), 1u) << length;
    }
    EXPECT_TRUE(any_mentions(s.error().details, "length must be between 16 and 128"));
    EXPECT_TRUE(any_mentions(s.error().details, "(got " + std::to_string(length) + ")"));
  }
}

TEST(ValidatePolicyTest, NegativeMinimumsAreRefusedByName) {
  struct Case {
    KeyPolicy policy;
    const char* field;
  };
  for (const Case& c : {Case{{32, -1, 0, 0}, "min_numerals"}, Case{{32, 0, -1, 0}, "min_upper"},
                        Case{{32, 0, 0, -1}, "min_lower"},
                        Case{{32, std::numeric_limits<int>::min(), 0, 0}, "min_numerals"}}) {
    const Status s = validate_policy(c.policy);
    ASSERT_FALSE(s.has_value()) << c.field;
    EXPECT_EQ(s.error().code, Errc::kInvalidArgument);
    ASSERT_EQ(s.error().details.size(), 1u);
    EXPECT_TRUE(any_mentions(s.error().details, c.field)) << s.error().details[0];
    EXPECT_TRUE(any_mentions(s.error().details, "negative")) << s.error().details[0];
  }
  EXPECT_TRUE(validate_policy({32, 0, 0, 0}).has_value());
}

TEST(ValidatePolicyTest, ANegativeMinimumDoesNotHideTheOthersOverflowingTheLength) {
  const Status s = validate_policy({20, -1, 15, 15});
  ASSERT_FALSE(s.has_value());
  ASSERT_EQ(s.error().details.size(), 2u);
  EXPECT_TRUE(any_mentions(s.error().details, "min_numerals must not be negative"));
  EXPECT_TRUE(any_mentions(s.error().details, "(30) must not exceed length (20)"));
}

TEST(ValidatePolicyTest, MinimumsMustFitInTheLength) {
  EXPECT_TRUE(validate_policy({16, 16, 0, 0}).has_value());
  EXPECT_TRUE(validate_policy({16, 6, 5, 5}).has_value());
  EXPECT_TRUE(validate_policy({128, 50, 50, 28}).has_value());

  const Status s = validate_policy({16, 6, 6, 5});
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, Errc::kInvalidArgument);
  ASSERT_EQ(s.error().details.size(), 1u);
  EXPECT_TRUE(any_mentions(s.error().details, "17")) << s.error().details[0];
  EXPECT_TRUE(any_mentions(s.error().details, "16")) << s.error().details[0];

  EXPECT_FALSE(validate_policy({16, 17, 0, 0}).has_value());
  EXPECT_FALSE(validate_policy({16, 0, 17, 0}).has_value());
  EXPECT_FALSE(validate_policy({16, 0, 0, 17}).has_value());
}

TEST(ValidatePolicyTest, HugeMinimumsDoNotOverflow) {
  constexpr int kMax = std::numeric_limits<int>::max();
  const Status s = validate_policy({128, kMax, kMax, kMax});
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().details.size(), 1u);
  EXPECT_FALSE(validate_policy({128, kMax, 1, 0}).has_value());
}

TEST(ValidatePolicyTest, NamesEveryProblemAtOnce) {
  const Status s = validate_policy({10, -1, -2, -3});
  ASSERT_FALSE(s.has_value());
  const auto& details = s.error().details;
  EXPECT_EQ(details.size(), 4u);
  EXPECT_TRUE(any_mentions(details, "length"));
  EXPECT_TRUE(any_mentions(details, "min_numerals"));
  EXPECT_TRUE(any_mentions(details, "min_upper"));
  EXPECT_TRUE(any_mentions(details, "min_lower"));
  EXPECT_FALSE(s.error().message.empty());

  const Status t = validate_policy({200, 100, 100, 100});
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().details.size(), 2u);  // length out of range, and minimums past it
}

TEST(PolicyViolationsTest, CompliantValuesPass) {
  EXPECT_TRUE(policy_violations(kDefaultKeyPolicy, "ab12CDefghijklmnopqrstuvwxyzABCD").empty());
  // Longer than required is fine, up to the maximum.
  EXPECT_TRUE(policy_violations(kDefaultKeyPolicy, std::string(120, 'a') + "12AB").empty());
  EXPECT_TRUE(policy_violations({16, 0, 0, 0}, std::string(16, 'x')).empty());
  EXPECT_TRUE(policy_violations({16, 16, 0, 0}, "0123456789012345").empty());
  EXPECT_TRUE(policy_violations({16, 0, 0, 0}, std::string(128, '7')).empty());
}

TEST(PolicyViolationsTest, TooShort) {
  const auto v = policy_violations(kDefaultKeyPolicy, "aB3cD4eF");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], "must be at least 32 characters long, has 8");
}

TEST(PolicyViolationsTest, TooLong) {
  const auto v = policy_violations({16, 0, 0, 0}, std::string(129, 'a'));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], "must be at most 128 characters long, has 129");
}

TEST(PolicyViolationsTest, EachMissingClassIsNamedWithCounts) {
  const KeyPolicy p{16, 3, 4, 5};
  const auto none_lower = policy_violations(p, "ABCDEFGHIJ123456");
  ASSERT_EQ(none_lower.size(), 1u);
  EXPECT_EQ(none_lower[0], "needs at least 5 lower-case letters, has 0");

  const auto none_upper = policy_violations(p, "abcdefghij123456");
  ASSERT_EQ(none_upper.size(), 1u);
  EXPECT_EQ(none_upper[0], "needs at least 4 upper-case letters, has 0");

  const auto one_digit = policy_violations(p, "abcdefghijABCDE1");
  ASSERT_EQ(one_digit.size(), 1u);
  EXPECT_EQ(one_digit[0], "needs at least 3 numerals, has 1");
}

TEST(PolicyViolationsTest, DocumentedExample) {
  const auto v = policy_violations(kDefaultKeyPolicy, "abcdefghijklmnopABCDEFGHIJKLMNOP");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], "needs at least 2 numerals, has 0");
}

TEST(PolicyViolationsTest, SingularWording) {
  const auto v = policy_violations({16, 1, 1, 1}, "aaaaaaaaaaaaaaaa");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0], "needs at least 1 numeral, has 0");
  EXPECT_EQ(v[1], "needs at least 1 upper-case letter, has 0");
}

TEST(PolicyViolationsTest, ListsEveryBrokenRule) {
  const auto v = policy_violations(kDefaultKeyPolicy, "");
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0], "must be at least 32 characters long, has 0");
  EXPECT_EQ(v[1], "needs at least 2 numerals, has 0");
  EXPECT_EQ(v[2], "needs at least 2 upper-case letters, has 0");
  EXPECT_EQ(v[3], "needs at least 2 lower-case letters, has 0");
}

TEST(PolicyViolationsTest, FlagsNonAlphanumericCharacters) {
  const std::string base = "ab12CDefghijklmnopqrstuvwxyzABCD";
  for (char c : {'-', '_', ' ', '+', '/', '=', '.', ':', '\0', '\t', '!'}) {
    const std::string value = base + c;
    const auto v = policy_violations(kDefaultKeyPolicy, value);
    ASSERT_EQ(v.size(), 1u) << static_cast<int>(c);
    EXPECT_EQ(v[0], "may contain only letters A-Z, a-z and digits 0-9, has 1 other character");
  }
  const auto v = policy_violations(kDefaultKeyPolicy, base + "-_-");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], "may contain only letters A-Z, a-z and digits 0-9, has 3 other characters");
  // Non-ASCII letters are not A-Z either.
  EXPECT_TRUE(
      any_mentions(policy_violations(kDefaultKeyPolicy, base + "\xc3\xa9"), "only letters"));
}

TEST(PolicyViolationsTest, OtherCharactersDoNotCountAsLettersOrDigits) {
  // 32 characters, but the punctuation counts towards none of the classes.
  const auto v = policy_violations({16, 2, 2, 2}, "1aB" + std::string(29, '!'));
  EXPECT_TRUE(any_mentions(v, "needs at least 2 numerals, has 1"));
  EXPECT_TRUE(any_mentions(v, "needs at least 2 upper-case letters, has 1"));
  EXPECT_TRUE(any_mentions(v, "needs at least 2 lower-case letters, has 1"));
  EXPECT_TRUE(any_mentions(v, "has 29 other characters"));
}

TEST(GeneratePolicyKeyTest, DefaultPolicy) {
  testutil::SeededRandom random(32);
  const std::string key = generate_policy_key(kDefaultKeyPolicy, random);
  EXPECT_EQ(key.size(), 32u);
  EXPECT_TRUE(policy_violations(kDefaultKeyPolicy, key).empty()) << key;
}

TEST(GeneratePolicyKeyTest, AlwaysSatisfiesRandomPolicies) {
  testutil::SeededRandom random(2026);
  for (int i = 0; i < 400; ++i) {
    const KeyPolicy p = random_policy(random);
    ASSERT_TRUE(validate_policy(p).has_value());
    for (int k = 0; k < 50; ++k) {
      const std::string key = generate_policy_key(p, random);
      ASSERT_EQ(key.size(), static_cast<std::size_t>(p.length));
      const auto v = policy_violations(p, key);
      ASSERT_TRUE(v.empty()) << key << ": " << v.front() << " (policy " << p.length << "/"
                             << p.min_numerals << "/" << p.min_upper << "/" << p.min_lower << ")";
      ASSERT_TRUE(std::all_of(key.begin(), key.end(), base62::is_digit)) << key;
    }
  }
}

TEST(GeneratePolicyKeyTest, ExtremePolicies) {
  testutil::SeededRandom random(3);
  const std::vector<KeyPolicy> policies = {{16, 16, 0, 0},    {16, 0, 16, 0}, {16, 0, 0, 16},
                                           {16, 0, 0, 0},     {128, 0, 0, 0}, {128, 128, 0, 0},
                                           {128, 43, 43, 42}, {17, 5, 6, 6},  {128, 0, 0, 128}};
  for (const auto& p : policies) {
    for (int k = 0; k < 100; ++k) {
      const std::string key = generate_policy_key(p, random);
      ASSERT_EQ(key.size(), static_cast<std::size_t>(p.length));
      ASSERT_TRUE(policy_violations(p, key).empty()) << key;
    }
  }
  // When the minimums fill the whole length, the classes are exactly those.
  const std::string digits = generate_policy_key({16, 16, 0, 0}, random);
  EXPECT_EQ(count_if_in(digits, '0', '9'), 16) << digits;
  const std::string mixed = generate_policy_key({20, 5, 7, 8}, random);
  EXPECT_EQ(count_if_in(mixed, '0', '9'), 5) << mixed;
  EXPECT_EQ(count_if_in(mixed, 'A', 'Z'), 7) << mixed;
  EXPECT_EQ(count_if_in(mixed, 'a', 'z'), 8) << mixed;
}

TEST(GeneratePolicyKeyTest, RequiredCharactersAreNotAtFixedPositions) {
  // With 8 digits and 8 upper-case letters and nothing else, an unshuffled key would always start
  // with the digits.
  testutil::SeededRandom random(4);
  std::array<int, 16> digit_at{};
  constexpr int kKeys = 400;
  for (int k = 0; k < kKeys; ++k) {
    const std::string key = generate_policy_key({16, 8, 8, 0}, random);
    for (std::size_t i = 0; i < key.size(); ++i) digit_at[i] += key[i] >= '0' && key[i] <= '9';
  }
  for (std::size_t i = 0; i < digit_at.size(); ++i) {
    // Each position holds a digit about half the time.
    EXPECT_GT(digit_at[i], kKeys / 4) << "position " << i;
    EXPECT_LT(digit_at[i], kKeys * 3 / 4) << "position " << i;
  }
}

TEST(GeneratePolicyKeyTest, KeysAreDistinctAndReproducible) {
  testutil::SeededRandom random(5);
  std::set<std::string> keys;
  for (int i = 0; i < 2000; ++i) keys.insert(generate_policy_key(kDefaultKeyPolicy, random));
  EXPECT_EQ(keys.size(), 2000u);

  testutil::SeededRandom a(6), b(6);
  EXPECT_EQ(generate_policy_key(kDefaultKeyPolicy, a), generate_policy_key(kDefaultKeyPolicy, b));
}

TEST(GeneratePolicyKeyTest, FillerCoversTheWholeAlphabet) {
  testutil::SeededRandom random(7);
  std::set<char> seen;
  for (int i = 0; i < 200; ++i) {
    for (char c : generate_policy_key({64, 0, 0, 0}, random)) seen.insert(c);
  }
  EXPECT_EQ(seen.size(), 62u);
}

}  // namespace
}  // namespace keyward

#include "core/key_policy.h"

#include <algorithm>
#include <string>
#include <utility>

#include "core/base62.h"

namespace keyward {
namespace {

std::string plural(int n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

char random_from(std::string_view alphabet, RandomSource& random) {
  return alphabet[random.uniform(static_cast<std::uint32_t>(alphabet.size()))];
}

}  // namespace

Status validate_policy(const KeyPolicy& p) {
  std::vector<std::string> problems;
  if (p.length < kMinKeyLength || p.length > kMaxKeyLength) {
    problems.push_back("length must be between " + std::to_string(kMinKeyLength) + " and " +
                       std::to_string(kMaxKeyLength) + " (got " + std::to_string(p.length) + ")");
  }
  if (p.min_numerals < 0) problems.push_back("min_numerals must not be negative");
  if (p.min_upper < 0) problems.push_back("min_upper must not be negative");
  if (p.min_lower < 0) problems.push_back("min_lower must not be negative");
  // Negative minimums are already reported; counting them as zero still catches the others
  // adding up past the length, so one answer names everything to fix.
  const long required = static_cast<long>(std::max(p.min_numerals, 0)) + std::max(p.min_upper, 0) +
                        std::max(p.min_lower, 0);
  if (required > p.length) {
    problems.push_back("min_numerals + min_upper + min_lower (" + std::to_string(required) +
                       ") must not exceed length (" + std::to_string(p.length) + ")");
  }
  if (!problems.empty()) {
    return fail(Errc::kInvalidArgument, "The key policy is not valid.", std::move(problems));
  }
  return {};
}

std::vector<std::string> policy_violations(const KeyPolicy& p, std::string_view value) {
  int numerals = 0, upper = 0, lower = 0, other = 0;
  for (char c : value) {
    if (c >= '0' && c <= '9') {
      ++numerals;
    } else if (c >= 'A' && c <= 'Z') {
      ++upper;
    } else if (c >= 'a' && c <= 'z') {
      ++lower;
    } else {
      ++other;
    }
  }
  const int length = static_cast<int>(value.size());
  std::vector<std::string> out;
  if (length < p.length) {
    out.push_back("must be at least " + plural(p.length, "character", "characters") +
                  " long, has " + std::to_string(length));
  }
  if (length > kMaxKeyLength) {
    out.push_back("must be at most " + std::to_string(kMaxKeyLength) + " characters long, has " +
                  std::to_string(length));
  }
  if (numerals < p.min_numerals) {
    out.push_back("needs at least " + plural(p.min_numerals, "numeral", "numerals") + ", has " +
                  std::to_string(numerals));
  }
  if (upper < p.min_upper) {
    out.push_back("needs at least " +
                  plural(p.min_upper, "upper-case letter", "upper-case letters") + ", has " +
                  std::to_string(upper));
  }
  if (lower < p.min_lower) {
    out.push_back("needs at least " +
                  plural(p.min_lower, "lower-case letter", "lower-case letters") + ", has " +
                  std::to_string(lower));
  }
  if (other > 0) {
    out.push_back("may contain only letters A-Z, a-z and digits 0-9, has " +
                  plural(other, "other character", "other characters"));
  }
  return out;
}

std::string generate_policy_key(const KeyPolicy& p, RandomSource& random) {
  std::string key;
  key.reserve(static_cast<size_t>(p.length));
  for (int i = 0; i < p.min_numerals; ++i) key += random_from("0123456789", random);
  for (int i = 0; i < p.min_upper; ++i) key += random_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ", random);
  for (int i = 0; i < p.min_lower; ++i) key += random_from("abcdefghijklmnopqrstuvwxyz", random);
  while (key.size() < static_cast<size_t>(p.length)) key += random_from(base62::kAlphabet, random);
  // Fisher-Yates, so the required characters do not sit at predictable positions.
  for (size_t i = key.size(); i > 1; --i) {
    std::swap(key[i - 1], key[random.uniform(static_cast<std::uint32_t>(i))]);
  }
  return key;
}

}  // namespace keyward

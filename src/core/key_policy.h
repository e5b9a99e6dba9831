// Key policies: what an organization API key or an application key must look like.
//
// A system administrator sets one policy for organization API keys and one for application keys
// (System Settings -> Security -> Key Management). Generated keys always satisfy the policy in
// force; a value chosen by hand is checked against it and refused with every broken rule named.
// Keys are letters and digits only, so they travel in any header unescaped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/random_source.h"

namespace keyward {

struct KeyPolicy {
  int length = 32;  // the number of characters required (a chosen value may be longer)
  int min_numerals = 2;
  int min_upper = 2;
  int min_lower = 2;

  bool operator==(const KeyPolicy&) const = default;
};

// Bounds that keep a policy meaningful: shorter keys are guessable, longer ones break clients
// that store them in fixed-size fields.
inline constexpr int kMinKeyLength = 16;
inline constexpr int kMaxKeyLength = 128;

// The policy every key had before an administrator changed anything.
inline constexpr KeyPolicy kDefaultKeyPolicy{};

// Refuses nonsense: lengths outside [kMinKeyLength, kMaxKeyLength], negative minimums, minimums
// that add up past the length. `details` names each problem.
Status validate_policy(const KeyPolicy& policy);

// Every rule `value` breaks, as sentences ("needs at least 2 numerals, has 0"). Empty when it
// complies.
std::vector<std::string> policy_violations(const KeyPolicy& policy, std::string_view value);

// A random key that satisfies `policy` (which must be valid): the required characters of each
// class, filled up with random letters and digits, then shuffled.
std::string generate_policy_key(const KeyPolicy& policy, RandomSource& random);

}  // namespace keyward

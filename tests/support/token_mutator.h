// Random near misses of a credential: one to three edits, each a substitution, an insertion, a
// deletion or a flip of a letter's case, as a mistyped, truncated or guessed credential would be.
//
// Not thread-safe (the generator is the caller's). Header-only: used by the near-miss tests.
#pragma once

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>

namespace keyward::testing {

// The characters edits draw from: every character a Keyward credential uses, and a few that
// base64 and URLs add.
inline constexpr std::string_view kMutationAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-+/=.";

// A mutant of `token` that differs from it (edits that cancel out are drawn again).
inline std::string mutate(const std::string& token, std::mt19937_64& rng) {
  const auto below = [&](std::size_t n) {
    return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
  };
  const auto any_char = [&] { return kMutationAlphabet[below(kMutationAlphabet.size())]; };
  for (;;) {
    std::string out = token;
    const std::size_t edits = 1 + below(3);
    for (std::size_t e = 0; e < edits; ++e) {
      switch (below(4)) {
        case 0:  // substitution
          if (!out.empty()) out[below(out.size())] = any_char();
          break;
        case 1:  // insertion
          out.insert(out.begin() + static_cast<std::ptrdiff_t>(below(out.size() + 1)), any_char());
          break;
        case 2:  // deletion
          if (!out.empty()) out.erase(below(out.size()), 1);
          break;
        default: {  // case flip of a letter, or a substitution where there is none
          const std::size_t i = out.empty() ? 0 : below(out.size());
          if (out.empty()) break;
          const auto c = static_cast<unsigned char>(out[i]);
          out[i] = std::isupper(c)   ? static_cast<char>(std::tolower(c))
                   : std::islower(c) ? static_cast<char>(std::toupper(c))
                                     : any_char();
        }
      }
    }
    if (out != token) return out;
  }
}

// How many mutants a test tries: KEYWARD_NEAR_MISS_MUTANTS when set (make fuzz-long sets it),
// else `fallback`.
inline std::size_t near_miss_count(std::size_t fallback) {
  const char* env = std::getenv("KEYWARD_NEAR_MISS_MUTANTS");
  return env ? static_cast<std::size_t>(std::strtoull(env, nullptr, 10)) : fallback;
}

// The seed: KEYWARD_NEAR_MISS_SEED to replay a run, else a fresh one (tests print it).
inline std::uint64_t near_miss_seed() {
  if (const char* env = std::getenv("KEYWARD_NEAR_MISS_SEED")) {
    return std::strtoull(env, nullptr, 10);
  }
  return std::random_device{}() * 0x100000000ull + std::random_device{}();
}

}  // namespace keyward::testing

// The source of randomness, injected like the clock. Production uses crypto::SystemRandom (the
// kernel CSPRNG through libsodium); tests may use a seeded source to make output reproducible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace keyward {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Fills `out` with uniformly random bytes. Thread-safe.
  virtual void fill(std::span<std::uint8_t> out) = 0;

  // A uniformly random integer in [0, bound), without modulo bias. Requires bound > 0.
  std::uint32_t uniform(std::uint32_t bound);
};

}  // namespace keyward

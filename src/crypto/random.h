// The production random source: the kernel CSPRNG through libsodium.
#pragma once

#include "core/random_source.h"

namespace keyward::crypto {

// Initializes libsodium once per process; every crypto entry point calls it, so callers need not.
// Aborts if libsodium cannot initialize (there is no safe way to continue without randomness).
void ensure_initialized();

class SystemRandom final : public RandomSource {
 public:
  SystemRandom();
  void fill(std::span<std::uint8_t> out) override;
};

}  // namespace keyward::crypto

#include "crypto/random.h"

#include <cstdio>
#include <cstdlib>

#include <sodium.h>

namespace keyward::crypto {

void ensure_initialized() {
  static const bool ready = [] {
    if (sodium_init() < 0) {
      std::fputs("keyward: libsodium failed to initialize\n", stderr);
      std::abort();
    }
    return true;
  }();
  (void)ready;
}

SystemRandom::SystemRandom() { ensure_initialized(); }

void SystemRandom::fill(std::span<std::uint8_t> out) { randombytes_buf(out.data(), out.size()); }

}  // namespace keyward::crypto

#include "core/random_source.h"

#include <array>
#include <limits>

namespace keyward {

std::uint32_t RandomSource::uniform(std::uint32_t bound) {
  // Rejection sampling: discard draws from the final partial block of size (2^32 mod bound) so
  // every residue is equally likely.
  const std::uint32_t threshold = (std::numeric_limits<std::uint32_t>::max() - bound + 1) % bound;
  for (;;) {
    std::array<std::uint8_t, 4> b{};
    fill(b);
    const std::uint32_t r =
        static_cast<std::uint32_t>(b[0]) | static_cast<std::uint32_t>(b[1]) << 8 |
        static_cast<std::uint32_t>(b[2]) << 16 | static_cast<std::uint32_t>(b[3]) << 24;
    if (r >= threshold) return r % bound;
  }
}

}  // namespace keyward

// A 32-byte digest: the peppered HMAC-SHA256 under which every credential is looked up.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>

namespace keyward {

using Digest = std::array<std::uint8_t, 32>;

struct DigestHash {
  size_t operator()(const Digest& d) const noexcept {
    size_t h;
    std::memcpy(&h, d.data(), sizeof h);  // HMAC output is uniformly distributed already
    return h;
  }
};

}  // namespace keyward

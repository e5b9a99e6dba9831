#include "core/base62.h"

namespace keyward::base62 {

void encode_fixed(std::uint64_t value, std::span<char> out) {
  for (size_t i = out.size(); i-- > 0;) {
    out[i] = kAlphabet[value % 62];
    value /= 62;
  }
}

}  // namespace keyward::base62

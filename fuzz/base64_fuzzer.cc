// base64 decoding: never writes past its buffer, and what decodes re-encodes to the same text
// (modulo padding), since non-canonical encodings are refused.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crypto/base64.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::array<char, 256> out{};
  const auto n = keyward::crypto::base64_decode(in, out);
  if (!n) return 0;
  std::string again = keyward::crypto::base64_encode(std::string_view(out.data(), *n));
  std::string unpadded(in);
  while (!unpadded.empty() && unpadded.back() == '=') unpadded.pop_back();
  while (!again.empty() && again.back() == '=') again.pop_back();
  if (again != unpadded) std::abort();
  return 0;
}

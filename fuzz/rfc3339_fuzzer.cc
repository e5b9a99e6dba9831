// RFC 3339 timestamps (expires_at): parsing never crashes, and anything accepted formats to text
// that parses back to the same instant.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/time.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto t =
      keyward::parse_rfc3339(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!t) return 0;
  const auto again = keyward::parse_rfc3339(keyward::format_rfc3339(*t));
  if (!again || *again != *t) std::abort();
  return 0;
}

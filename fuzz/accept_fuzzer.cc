// Content negotiation on any Accept header never crashes.
#include <cstdint>
#include <string_view>

#include "http/format.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)keyward::http::negotiate(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}

// The Cookie header, where the console's session token arrives: finding a cookie never crashes,
// and what it returns is the value of a pair that really is named so, nothing more.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/cookie.h"

namespace {

// The value is a piece of the header itself, preceded by "<name>=" at the start of a pair.
void check(std::string_view header, std::string_view name) {
  const std::string_view value = keyward::api::cookie_value(header, name);
  if (value.empty()) return;
  if (value.data() < header.data() || value.data() + value.size() > header.data() + header.size()) {
    std::abort();
  }
  if (value.find(';') != std::string_view::npos) std::abort();
  const auto offset = static_cast<size_t>(value.data() - header.data());
  if (offset < name.size() + 1) std::abort();
  const size_t start = offset - name.size() - 1;
  if (header.substr(start, name.size()) != name || header[offset - 1] != '=') std::abort();
  size_t before = start;
  while (before > 0 && header[before - 1] == ' ') --before;
  if (before != 0 && header[before - 1] != ';') std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check(input, keyward::api::kSessionCookie);
  // The first line, when there is one, names another cookie to look for in the rest.
  if (const size_t newline = input.find('\n'); newline != std::string_view::npos) {
    check(input.substr(newline + 1), input.substr(0, newline));
  }
  return 0;
}

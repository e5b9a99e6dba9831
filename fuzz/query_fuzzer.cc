// Query strings and request targets: parsing never crashes, and lookups find only what was sent.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/query.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  const auto [path, raw] = keyward::http::split_target(target);
  if (path.size() + (raw.data() ? raw.size() + 1 : 0) > target.size()) std::abort();
  const auto query = keyward::http::Query::parse(raw);
  for (const auto& [name, value] : query.pairs()) {
    const auto found = query.get(name);
    if (!value.empty() && !found) std::abort();
  }
  (void)query.all("filterText");
  return 0;
}

// Query strings and request targets: parsing never crashes, and lookups find exactly what was
// sent under the name a handler asks for.
//
// Handlers ask for plain names ("severities"); a name sent with a bracketed suffix
// ("severities[0]", or "[x]", whose plain name is empty) is found under the part before the
// bracket, as query.h promises. Asking for the bracketed name as sent is not part of that
// contract, which is what an earlier version of this check did (fuzz/corpus/query/bracket-only).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/query.h"

namespace {

// The name a handler would ask for to get this parameter.
std::string_view plain_name(std::string_view sent) {
  if (const size_t bracket = sent.find('[');
      bracket != std::string_view::npos && sent.ends_with(']')) {
    return sent.substr(0, bracket);
  }
  return sent;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  const auto [path, raw] = keyward::http::split_target(target);
  if (path.size() + (raw.data() ? raw.size() + 1 : 0) > target.size()) std::abort();
  const auto query = keyward::http::Query::parse(raw);
  for (const auto& [name, value] : query.pairs()) {
    const auto found = query.get(plain_name(name));
    if (value.empty()) continue;  // empty values mean "not set" and are never returned
    if (!found) std::abort();
    bool listed = false;
    for (const auto v : query.all(plain_name(name))) listed |= v == value;
    if (!listed) std::abort();
  }
  // Whatever a lookup returns was sent, non-empty.
  for (const auto v : query.all("filterText")) {
    if (v.empty()) std::abort();
  }
  return 0;
}

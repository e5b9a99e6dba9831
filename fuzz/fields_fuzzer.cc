// The fields of a management request body (api/fields.h), read as every v1 handler reads them.
// The first byte picks the body's format (JSON, XML or a form) and whether a body is required;
// the rest is the body. Nothing crashes, every refusal names the field it is about, and every
// value handed to a handler satisfies what was asked (range, type, an RFC 3339 time).
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/json/monotonic_resource.hpp>

#include "api/fields.h"
#include "http/body.h"

namespace {

using keyward::api::Fields;

template <class T>
void expect_named(const keyward::Result<T>& r, std::string_view name) {
  if (!r && r.error().message.find('"' + std::string(name) + '"') == std::string::npos) {
    std::abort();
  }
}

void read_all(const Fields& f) {
  expect_named(f.required_string("name"), "name");
  const auto description = f.optional_string("description");
  expect_named(description, "description");
  const auto limit = f.optional_integer("limit", 1, 1000);
  expect_named(limit, "limit");
  if (limit && *limit && (**limit < 1 || **limit > 1000)) std::abort();
  const auto length = f.optional_integer("length", -5, 5);
  expect_named(length, "length");
  if (length && *length && (**length < -5 || **length > 5)) std::abort();
  expect_named(f.optional_bool("enabled"), "enabled");
  const auto expires = f.optional_time("expires_at");
  expect_named(expires, "expires_at");
  const auto scopes = f.optional_strings("scopes");
  expect_named(scopes, "scopes");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using keyward::http::BodyFormat;
  const BodyFormat format = data[0] % 3 == 0   ? BodyFormat::kJson
                            : data[0] % 3 == 1 ? BodyFormat::kXml
                                               : BodyFormat::kForm;
  const bool body_required = (data[0] & 0x80) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::array<unsigned char, 4096> arena;
  boost::json::monotonic_resource resource(arena.data(), arena.size());
  const auto parsed = keyward::http::parse_body(format, text, &resource);
  if (!parsed.error.empty()) return 0;
  const auto fields = Fields::of(
      parsed.value, parsed.text_values,
      {"name", "description", "limit", "length", "enabled", "expires_at", "scopes"}, body_required);
  if (!fields) {
    if (fields.error().message.empty()) std::abort();
    return 0;
  }
  read_all(*fields);
  return 0;
}

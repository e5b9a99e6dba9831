// XML request bodies (Content-Type: application/xml): pugixml's parse and the mapping onto a JSON
// value never crash, and what parses keeps the shape body.h promises: an object at the root,
// every leaf a string, nesting within kMaxBodyDepth, and it renders back as well-formed XML.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <boost/json/monotonic_resource.hpp>
#include <pugixml.hpp>

#include "http/body.h"
#include "http/document.h"

namespace {

// Whether every leaf of `v` is a string and nothing nests deeper than `limit` levels.
bool strings_within(const boost::json::value& v, int depth, int limit) {
  if (depth > limit + 1) return false;
  if (const auto* obj = v.if_object()) {
    for (const auto& member : *obj) {
      if (!strings_within(member.value(), depth + 1, limit)) return false;
    }
    return true;
  }
  if (const auto* arr = v.if_array()) {
    // An array holds the values of repeated elements; it adds no level of its own.
    for (const auto& item : *arr) {
      if (item.is_array() || !strings_within(item, depth, limit)) return false;
    }
    return true;
  }
  return v.is_string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using keyward::http::BodyFormat;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  std::array<unsigned char, 4096> arena;
  boost::json::monotonic_resource resource(arena.data(), arena.size());
  const auto parsed = keyward::http::parse_body(BodyFormat::kXml, body, &resource);
  if (!parsed.error.empty()) {
    if (!parsed.value.is_null()) std::abort();  // a refused body yields nothing to act on
    return 0;
  }
  if (parsed.value.is_null()) {
    // Only a blank body parses to nothing.
    if (body.find_first_not_of(" \t\r\n") != std::string_view::npos) std::abort();
    return 0;
  }
  if (!parsed.text_values || !parsed.value.is_object()) std::abort();
  if (!strings_within(parsed.value, 0, keyward::http::kMaxBodyDepth)) std::abort();
  const std::string xml = keyward::http::render_xml(parsed.value, "request");
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str())) std::abort();
  return 0;
}

// Request bodies in every accepted format (the first byte picks JSON, XML or a form): parsing
// never crashes, and whatever parses renders back out as JSON and as well-formed XML.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <boost/json/monotonic_resource.hpp>
#include <pugixml.hpp>

#include "http/body.h"
#include "http/document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using keyward::http::BodyFormat;
  const BodyFormat format = data[0] % 3 == 0   ? BodyFormat::kJson
                            : data[0] % 3 == 1 ? BodyFormat::kXml
                                               : BodyFormat::kForm;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  std::array<unsigned char, 4096> arena;
  boost::json::monotonic_resource resource(arena.data(), arena.size());
  const auto parsed = keyward::http::parse_body(format, body, &resource);
  if (!parsed.error.empty()) return 0;
  (void)keyward::http::render_json(parsed.value);
  const std::string xml = keyward::http::render_xml(parsed.value, "request");
  // Names come from the client's XML or JSON keys; rendering must still be well-formed whenever
  // those names are valid XML names, which pugixml's parse of our output checks.
  pugi::xml_document doc;
  if (format == BodyFormat::kXml && !doc.load_string(xml.c_str())) std::abort();
  return 0;
}

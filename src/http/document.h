// One response model, two renderings. Handlers build a boost::json::value; it is written as JSON,
// or as XML by these rules:
//
//   - the document becomes an element named `root`; with an empty `root`, a document that is an
//     object of one member becomes that member's element ({"error": {...}} -> <error>...);
//   - an object's members become child elements named after them, in order;
//   - an array's items become repeated child elements named after the singular of the array's
//     own name ("keys" -> <key>, "applications" -> <application>, "entries" -> <entry>), or
//     <item> when the name has no plural ending;
//   - strings, numbers and booleans become text ("true"/"false"); null becomes an empty element.
//
// Characters XML 1.0 cannot carry (most control characters) are replaced with U+FFFD.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace keyward::http {

std::string render_json(const boost::json::value& document);
std::string render_xml(const boost::json::value& document, std::string_view root);

// "keys" -> "key", "entries" -> "entry", "status" -> "item".
std::string singular(std::string_view plural);

}  // namespace keyward::http

// Request bodies: JSON (the default) or XML, both turned into one boost::json::value so handlers
// read fields the same way whatever the client sent.
//
// XML maps back by the rules of document.h: the root element's children become members; an
// element with child elements becomes an object (repeated names become an array); any other
// element becomes its text as a string. A form ("name=ci&kind=secret") becomes an object of
// strings. Handlers therefore accept numbers and booleans written as strings when the body came
// from XML or a form (see api/fields.h). pugixml never reads DTDs or expands
// entities, so XML bombs and external entities have nothing to work with.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

namespace keyward::http {

enum class BodyFormat : unsigned char { kJson, kXml, kForm, kUnsupported };

// The format a Content-Type names: JSON for application/json, any +json type and a missing
// header; XML for application/xml, text/xml and any +xml type; a form for
// application/x-www-form-urlencoded (what `curl -d name=value` sends); kUnsupported otherwise
// (415).
BodyFormat body_format(std::string_view content_type);

struct ParsedBody {
  boost::json::value value;  // null when the body was empty
  bool text_values = false;  // XML or form: every value arrived as a string
  std::string error;         // non-empty when the body is malformed: what is wrong, and where
};

// Nesting deeper than this is refused; no Keyward request needs more than a few levels.
inline constexpr int kMaxBodyDepth = 32;

// `storage` lets a caller parse into stack memory (see api/dispatcher.cc) so small bodies do not
// touch the heap.
ParsedBody parse_body(BodyFormat format, std::string_view body, boost::json::storage_ptr storage);

}  // namespace keyward::http

#include "http/document.h"

#include <boost/json/serialize.hpp>

#include "core/utf8.h"

namespace keyward::http {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Whether XML 1.0 may carry the code point at all (its Char production).
bool xml_char(char32_t cp) {
  if (cp < 0x20) return cp == 0x09 || cp == 0x0A || cp == 0x0D;
  return cp != 0xFFFE && cp != 0xFFFF;
}

// Appends `text` escaped for XML character data; malformed UTF-8 and characters XML cannot carry
// become U+FFFD.
void append_escaped(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    const size_t n = decode_utf8(text, i, cp);
    if (n == 0 || !xml_char(cp)) {
      out += kReplacement;
      i += n == 0 ? 1 : n;
      continue;
    }
    switch (cp) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.append(text.substr(i, n));
    }
    i += n;
  }
}

void append_element(std::string& out, std::string_view name, const boost::json::value& v,
                    int depth);

void append_children(std::string& out, std::string_view name, const boost::json::value& v,
                     int depth) {
  if (const auto* obj = v.if_object()) {
    for (const auto& member : *obj) append_element(out, member.key(), member.value(), depth + 1);
  } else if (const auto* arr = v.if_array()) {
    const std::string item = singular(name);
    for (const auto& element : *arr) append_element(out, item, element, depth + 1);
  } else if (const auto* s = v.if_string()) {
    append_escaped(out, *s);
  } else if (v.is_bool()) {
    out += v.get_bool() ? "true" : "false";
  } else if (!v.is_null()) {
    out += boost::json::serialize(v);
  }
}

void append_element(std::string& out, std::string_view name, const boost::json::value& v,
                    int depth) {
  if (depth > 64) return;  // documents are built by Keyward; this only guards against a bug
  out += '<';
  out += name;
  if (v.is_null() || (v.is_string() && v.get_string().empty()) ||
      (v.is_object() && v.get_object().empty()) || (v.is_array() && v.get_array().empty())) {
    out += "/>";
    return;
  }
  out += '>';
  append_children(out, name, v, depth);
  out += "</";
  out += name;
  out += '>';
}

}  // namespace

std::string render_json(const boost::json::value& document) {
  return boost::json::serialize(document);
}

std::string render_xml(const boost::json::value& document, std::string_view root) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  if (const auto* obj = document.if_object(); root.empty() && obj && obj->size() == 1) {
    append_element(out, obj->begin()->key(), obj->begin()->value(), 0);
  } else {
    append_element(out, root.empty() ? std::string_view("response") : root, document, 0);
  }
  return out;
}

std::string singular(std::string_view plural) {
  if (plural.size() > 3 && plural.ends_with("ies")) {
    return std::string(plural.substr(0, plural.size() - 3)) + "y";
  }
  if (plural.size() > 1 && plural.ends_with('s') && !plural.ends_with("ss") &&
      !plural.ends_with("us")) {
    return std::string(plural.substr(0, plural.size() - 1));
  }
  return "item";
}

}  // namespace keyward::http

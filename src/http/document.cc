#include "http/document.h"

#include <boost/json/serialize.hpp>

namespace keyward::http {
namespace {

// Appends `text` escaped for XML character data, dropping what XML 1.0 forbids.
void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
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
        if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "\xEF\xBF\xBD";  // U+FFFD
        } else {
          out += c;
        }
    }
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

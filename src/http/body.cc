#include "http/body.h"

#include <cctype>
#include <string>

#include <boost/json/stream_parser.hpp>
#include <pugixml.hpp>

#include "http/query.h"

namespace keyward::http {
namespace {

std::string lower_media_type(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.remove_prefix(1);
  std::string out(media);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

ParsedBody parse_json(std::string_view body, boost::json::storage_ptr storage) {
  ParsedBody out;
  boost::json::parse_options options;
  options.max_depth = kMaxBodyDepth;
  boost::json::stream_parser parser({}, options);
  parser.reset(storage);  // the result lives in the caller's storage
  boost::system::error_code ec;
  const size_t consumed = parser.write_some(body.data(), body.size(), ec);
  if (!ec && consumed < body.size()) ec = boost::json::error::extra_data;
  if (!ec) parser.finish(ec);
  if (ec) {
    out.error = "the request body is not valid JSON (" + ec.message() + " at byte " +
                std::to_string(consumed) + ")";
    return out;
  }
  return ParsedBody{parser.release(), false, {}};  // moved, so it keeps its storage
}

boost::json::value xml_to_value(const pugi::xml_node& node, boost::json::storage_ptr storage,
                                int depth, bool& too_deep) {
  if (depth > kMaxBodyDepth) {
    too_deep = true;
    return nullptr;
  }
  bool has_elements = false;
  for (const auto& child : node.children()) has_elements |= child.type() == pugi::node_element;
  if (!has_elements) return boost::json::value(boost::json::string(node.text().get(), storage));
  boost::json::object obj(storage);
  for (const auto& child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    auto value = xml_to_value(child, storage, depth + 1, too_deep);
    const auto it = obj.find(child.name());
    if (it == obj.end()) {
      obj.emplace(child.name(), std::move(value));
    } else if (it->value().is_array()) {
      it->value().get_array().push_back(std::move(value));
    } else {
      boost::json::array arr(storage);
      arr.push_back(std::move(it->value()));
      arr.push_back(std::move(value));
      it->value() = std::move(arr);
    }
  }
  return obj;
}

ParsedBody parse_xml(std::string_view body, boost::json::storage_ptr storage) {
  ParsedBody out;
  out.text_values = true;
  pugi::xml_document doc;
  const auto result = doc.load_buffer(body.data(), body.size(), pugi::parse_default);
  if (!result) {
    out.error = std::string("the request body is not valid XML (") + result.description() +
                " at byte " + std::to_string(result.offset) + ")";
    return out;
  }
  const auto root = doc.document_element();
  if (!root) {
    out.error = "the request body is not valid XML (no root element)";
    return out;
  }
  bool too_deep = false;
  boost::json::value value = xml_to_value(root, storage, 0, too_deep);
  if (too_deep) {
    out.error = "the request body nests deeper than " + std::to_string(kMaxBodyDepth) + " levels";
    return out;
  }
  if (!value.is_object()) value = boost::json::object(storage);  // <key/>: an empty request
  return ParsedBody{std::move(value), true, {}};
}

ParsedBody parse_form(std::string_view body, boost::json::storage_ptr storage) {
  ParsedBody out;
  out.text_values = true;
  const char first = body[body.find_first_not_of(" \t\r\n")];
  if (first == '{' || first == '[' || first == '<') {
    out.error = std::string("the body looks like ") + (first == '<' ? "XML" : "JSON") +
                " but was sent as a form; send it with Content-Type: " +
                (first == '<' ? "application/xml" : "application/json") +
                " (with curl: -H 'Content-Type: " +
                (first == '<' ? "application/xml" : "application/json") + "')";
    return out;
  }
  boost::json::object obj(storage);
  const Query form = Query::parse(body);
  for (const auto& [name, value] : form.pairs()) {
    auto& slot = obj[name];
    if (slot.is_null()) {
      slot = boost::json::string(value, storage);
    } else {
      // A repeated name (scopes=read&scopes=write) becomes an array.
      if (!slot.is_array()) {
        boost::json::array arr(storage);
        arr.push_back(std::move(slot));
        slot = std::move(arr);
      }
      slot.get_array().push_back(boost::json::string(value, storage));
    }
  }
  return ParsedBody{boost::json::value(std::move(obj)), true, {}};
}

}  // namespace

BodyFormat body_format(std::string_view content_type) {
  const std::string media = lower_media_type(content_type);
  if (media.empty() || media == "application/json" || media.ends_with("+json")) {
    return BodyFormat::kJson;
  }
  if (media == "application/xml" || media == "text/xml" || media.ends_with("+xml")) {
    return BodyFormat::kXml;
  }
  if (media == "application/x-www-form-urlencoded") return BodyFormat::kForm;
  return BodyFormat::kUnsupported;
}

ParsedBody parse_body(BodyFormat format, std::string_view body, boost::json::storage_ptr storage) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return ParsedBody{};
  if (format == BodyFormat::kXml) return parse_xml(body, std::move(storage));
  if (format == BodyFormat::kForm) return parse_form(body, std::move(storage));
  return parse_json(body, std::move(storage));
}

}  // namespace keyward::http

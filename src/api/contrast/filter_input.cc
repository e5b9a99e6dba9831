#include "api/contrast/filter_input.h"

#include <charconv>

#include <boost/json.hpp>

namespace keyward::api::contrast {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  }
  return true;
}

void split_into(std::string_view value, std::vector<std::string>& out) {
  while (!value.empty()) {
    const size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
  }
}

std::string scalar_text(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  if (v.is_number()) return boost::json::serialize(v);
  return {};
}

}  // namespace

FilterInput::FilterInput(const http::Query& query, const boost::json::value& body)
    : query_(query), body_(body.if_object()) {}

const boost::json::value* FilterInput::body_field(std::string_view name) const {
  if (!body_) return nullptr;
  for (const auto& member : *body_) {
    if (iequals(member.key(), name) && !member.value().is_null()) return &member.value();
  }
  return nullptr;
}

std::vector<std::string> FilterInput::list(std::string_view name) const {
  std::vector<std::string> out;
  for (auto value : query_.all(name)) split_into(value, out);
  if (const auto* v = body_field(name)) {
    if (const auto* arr = v->if_array()) {
      for (const auto& item : *arr) split_into(scalar_text(item), out);
    } else {
      split_into(scalar_text(*v), out);
    }
  }
  return out;
}

std::optional<std::string> FilterInput::text(std::string_view name) const {
  if (auto value = query_.get(name)) return std::string(*value);
  if (const auto* v = body_field(name)) {
    if (const auto* arr = v->if_array()) {  // one client sends ["text"]
      for (const auto& item : *arr) {
        std::string s = scalar_text(item);
        if (!s.empty()) return s;
      }
      return std::nullopt;
    }
    std::string s = scalar_text(*v);
    if (!s.empty()) return s;
  }
  return std::nullopt;
}

Result<std::optional<std::int64_t>> FilterInput::integer(std::string_view name, std::int64_t min,
                                                         std::int64_t max) const {
  const auto value = text(name);
  if (!value) return std::optional<std::int64_t>();
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
  if (ec != std::errc() || ptr != value->data() + value->size() || n < min || n > max) {
    return fail(Errc::kInvalidArgument, std::string(name) + " must be a whole number between " +
                                            std::to_string(min) + " and " + std::to_string(max));
  }
  return std::optional<std::int64_t>(n);
}

}  // namespace keyward::api::contrast

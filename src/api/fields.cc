#include "api/fields.h"

#include <charconv>

namespace keyward::api {
namespace {

std::string quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

}  // namespace

Result<Fields> Fields::of(const Call& call, std::initializer_list<std::string_view> allowed,
                          bool body_required) {
  return of(call.body, call.body_text_values, allowed, body_required);
}

Result<Fields> Fields::of(const boost::json::value& body, bool text_values,
                          std::initializer_list<std::string_view> allowed, bool body_required) {
  if (body.is_null()) {
    if (body_required) {
      return fail(Errc::kInvalidArgument, "this request needs a body (a JSON object)");
    }
    return Fields(nullptr, text_values);
  }
  const auto* object = body.if_object();
  if (!object) return fail(Errc::kInvalidArgument, "the request body must be a JSON object");
  std::vector<std::string> unknown;
  for (const auto& member : *object) {
    bool known = false;
    for (auto name : allowed) known |= member.key() == name;
    if (!known) unknown.push_back(quoted(member.key()));
  }
  if (!unknown.empty()) {
    std::string names;
    for (const auto& u : unknown) names += (names.empty() ? "" : ", ") + u;
    std::string expected;
    for (auto name : allowed) expected += (expected.empty() ? "" : ", ") + quoted(name);
    return fail(Errc::kInvalidArgument, "unknown field " + names + " (this request takes " +
                                            (expected.empty() ? "no fields" : expected) + ")");
  }
  return Fields(object, text_values);
}

const boost::json::value* Fields::find(std::string_view name) const {
  if (!object_) return nullptr;
  const auto* v = object_->if_contains(name);
  return v && !v->is_null() ? v : nullptr;
}

Result<std::string> Fields::required_string(std::string_view name) const {
  auto v = optional_string(name);
  if (!v) return fail(v.error());
  if (!*v) return fail(Errc::kInvalidArgument, quoted(name) + " is required");
  return std::move(**v);
}

Result<std::optional<std::string>> Fields::optional_string(std::string_view name) const {
  const auto* v = find(name);
  if (!v) return std::optional<std::string>();
  if (!v->is_string()) return fail(Errc::kInvalidArgument, quoted(name) + " must be a string");
  return std::optional<std::string>(std::string(v->get_string()));
}

Result<std::optional<std::int64_t>> Fields::optional_integer(std::string_view name,
                                                             std::int64_t min,
                                                             std::int64_t max) const {
  const auto* v = find(name);
  if (!v) return std::optional<std::int64_t>();
  std::optional<std::int64_t> n;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(max)) {
    n = static_cast<std::int64_t>(v->get_uint64());
  } else if (lenient_ && v->is_string()) {
    const auto& s = v->get_string();
    std::int64_t parsed = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), parsed);
    if (ec == std::errc() && ptr == s.data() + s.size()) n = parsed;
  }
  const std::string range = " between " + std::to_string(min) + " and " + std::to_string(max);
  if (!n) return fail(Errc::kInvalidArgument, quoted(name) + " must be a whole number" + range);
  if (*n < min || *n > max) return fail(Errc::kInvalidArgument, quoted(name) + " must be" + range);
  return n;
}

Result<std::optional<bool>> Fields::optional_bool(std::string_view name) const {
  const auto* v = find(name);
  if (!v) return std::optional<bool>();
  if (v->is_bool()) return std::optional<bool>(v->get_bool());
  if (lenient_ && v->is_string()) {
    if (v->get_string() == "true") return std::optional<bool>(true);
    if (v->get_string() == "false") return std::optional<bool>(false);
  }
  return fail(Errc::kInvalidArgument, quoted(name) + " must be true or false");
}

Result<std::optional<Timestamp>> Fields::optional_time(std::string_view name) const {
  auto text = optional_string(name);
  if (!text) {
    return fail(Errc::kInvalidArgument,
                quoted(name) + " must be an RFC 3339 date-time, e.g. 2026-12-31T23:59:59Z");
  }
  if (!*text) return std::optional<Timestamp>();
  auto t = parse_rfc3339(**text);
  if (!t) {
    return fail(Errc::kInvalidArgument,
                quoted(name) + " must be an RFC 3339 date-time, e.g. 2026-12-31T23:59:59Z");
  }
  return std::optional<Timestamp>(*t);
}

Result<std::optional<std::vector<std::string>>> Fields::optional_strings(
    std::string_view name) const {
  const auto* v = find(name);
  if (!v) return std::optional<std::vector<std::string>>();
  std::vector<std::string> out;
  auto add = [&](const boost::json::value& item) {
    if (!item.is_string()) return false;
    out.emplace_back(item.get_string());
    return true;
  };
  bool ok = true;
  if (const auto* arr = v->if_array()) {
    for (const auto& item : *arr) ok &= add(item);
  } else if (lenient_ && v->is_string()) {
    ok = add(*v);  // a form's single "scopes=read"
  } else if (lenient_ && v->is_object()) {
    // XML: <scopes><scope>read</scope></scopes> arrives as {"scope": "read"} or {"scope": [...]}.
    for (const auto& member : v->get_object()) {
      if (const auto* inner = member.value().if_array()) {
        for (const auto& item : *inner) ok &= add(item);
      } else {
        ok &= add(member.value());
      }
    }
  } else {
    ok = false;
  }
  if (!ok) return fail(Errc::kInvalidArgument, quoted(name) + " must be an array of strings");
  return std::optional<std::vector<std::string>>(std::move(out));
}

}  // namespace keyward::api

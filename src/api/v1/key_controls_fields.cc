#include "api/v1/key_controls_fields.h"

#include <algorithm>
#include <charconv>

#include "core/scope_names.h"

namespace keyward::api::v1 {
namespace {

Error bad(std::string message) { return Error{Errc::kInvalidArgument, std::move(message), {}}; }

// A list; from a form or XML body, where one item cannot be told from a list of one, a lone item
// too. Null when it is neither.
const boost::json::array* list_of(const boost::json::value& v, bool text_values,
                                  boost::json::array& single) {
  if (const auto* list = v.if_array()) return list;
  if (!text_values || v.is_null()) return nullptr;
  single = boost::json::array{v};
  return &single;
}

std::optional<std::int64_t> integer_of(const boost::json::value& v, bool text_values) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v.get_uint64());
  }
  if (text_values && v.is_string()) {
    const auto s = v.get_string();
    std::int64_t out = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (!s.empty() && ec == std::errc{} && end == s.data() + s.size()) return out;
  }
  return std::nullopt;
}

// A member that must be a whole number.
Result<std::int64_t> whole(const boost::json::object& o, std::string_view name,
                           const std::string& where, bool text_values) {
  const auto* v = o.if_contains(name);
  const auto n = v ? integer_of(*v, text_values) : std::nullopt;
  if (!n) return fail(bad(where + "." + std::string(name) + " must be a whole number"));
  return *n;
}

Status only(const boost::json::object& o, std::initializer_list<std::string_view> names,
            const std::string& where) {
  for (const auto& [key, value] : o) {
    if (std::find(names.begin(), names.end(), std::string_view(key)) == names.end()) {
      return fail(bad(where + " has no field \"" + std::string(key) + "\""));
    }
  }
  return {};
}

Result<std::vector<RateLimit>> rate_limits_of(const boost::json::value& v, bool text_values) {
  boost::json::array single;
  const auto* list = list_of(v, text_values, single);
  if (!list) {
    return fail(
        bad("\"rate_limits\" must be a list such as [{\"limit\": 100, "
            "\"window_seconds\": 1}]"));
  }
  std::vector<RateLimit> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string where = "rate_limits[" + std::to_string(i) + "]";
    const auto* o = (*list)[i].if_object();
    if (!o) return fail(bad(where + " must be {\"limit\": N, \"window_seconds\": S}"));
    if (auto s = only(*o, {"limit", "window_seconds"}, where); !s) return fail(s.error());
    auto limit = whole(*o, "limit", where, text_values);
    if (!limit) return fail(limit.error());
    auto window = whole(*o, "window_seconds", where, text_values);
    if (!window) return fail(window.error());
    out.push_back({*limit, *window});
  }
  return out;
}

Result<std::optional<Credits>> credits_of(const boost::json::value& v, bool text_values) {
  if (v.is_null()) return std::optional<Credits>{};
  const auto* o = v.if_object();
  if (!o) {
    return fail(
        bad("\"credits\" must be {\"remaining\": N, \"refill\": {\"amount\": N, "
            "\"interval_seconds\": S}} (refill optional), or null to remove them"));
  }
  if (auto s = only(*o, {"remaining", "refill"}, "credits"); !s) return fail(s.error());
  Credits c;
  auto remaining = whole(*o, "remaining", "credits", text_values);
  if (!remaining) return fail(remaining.error());
  c.remaining = *remaining;
  if (const auto* r = o->if_contains("refill"); r && !r->is_null()) {
    const auto* refill = r->if_object();
    if (!refill)
      return fail(bad("credits.refill must be {\"amount\": N, \"interval_seconds\": S}"));
    if (auto s = only(*refill, {"amount", "interval_seconds"}, "credits.refill"); !s) {
      return fail(s.error());
    }
    auto amount = whole(*refill, "amount", "credits.refill", text_values);
    if (!amount) return fail(amount.error());
    auto interval = whole(*refill, "interval_seconds", "credits.refill", text_values);
    if (!interval) return fail(interval.error());
    c.refill = CreditRefill{*amount, *interval};
  }
  return std::optional<Credits>(c);
}

Result<std::vector<IpNetwork>> networks_of(const boost::json::value& v, bool text_values) {
  boost::json::array single;
  const auto* list = list_of(v, text_values, single);
  if (!list) return fail(bad("\"allowed_ips\" must be a list such as [\"203.0.113.0/24\"]"));
  std::vector<IpNetwork> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const auto* text = (*list)[i].if_string();
    const auto network = text ? IpNetwork::parse(*text) : std::nullopt;
    if (!network) {
      return fail(bad("allowed_ips[" + std::to_string(i) +
                      "] must be an address or a network such as \"203.0.113.0/24\" or "
                      "\"2001:db8::/32\", with no bits set past its prefix"));
    }
    out.push_back(*network);
  }
  return out;
}

}  // namespace

KeyControls ControlFields::controls() const {
  KeyControls c;
  if (own_scopes) c.scopes = *own_scopes;
  if (rate_limits) c.rate_limits = *rate_limits;
  if (credits) c.credits = *credits;
  if (allowed_ips) c.allowed_ips = *allowed_ips;
  return c;
}

Result<ControlFields> read_control_fields(const boost::json::object& body, bool text_values) {
  ControlFields out;
  if (const auto* v = body.if_contains("scopes")) {
    boost::json::array single;
    const auto* list = list_of(*v, text_values, single);
    if (!list) return fail(bad("\"scopes\" must be a list of scope names"));
    std::vector<std::string> names;
    for (const auto& item : *list) {
      const auto* name = item.if_string();
      if (!name) return fail(bad("each of \"scopes\" must be a scope name"));
      names.emplace_back(*name);
    }
    auto split = split_scope_names(names);
    if (!split) return fail(split.error());
    out.scopes = split->builtin;
    out.own_scopes = std::move(split->own);
  }
  if (const auto* v = body.if_contains("rate_limits")) {
    auto r = rate_limits_of(*v, text_values);
    if (!r) return fail(r.error());
    out.rate_limits = std::move(*r);
  }
  if (const auto* v = body.if_contains("credits")) {
    auto c = credits_of(*v, text_values);
    if (!c) return fail(c.error());
    out.credits = *c;
  }
  if (const auto* v = body.if_contains("allowed_ips")) {
    auto n = networks_of(*v, text_values);
    if (!n) return fail(n.error());
    out.allowed_ips = std::move(*n);
  }
  return out;
}

}  // namespace keyward::api::v1

#include "http/format.h"

#include <cctype>
#include <charconv>

namespace keyward::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// q-value of a media range's parameters ("; q=0.5; level=1"). Malformed q counts as 1: being
// lenient here can only make Keyward answer in a format the client did ask for.
double q_value(std::string_view params) {
  while (!params.empty()) {
    const size_t semi = params.find(';');
    const std::string_view param = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      const std::string_view v = param.substr(2);
      // RFC 9110's qvalue is digits with at most one '.'; anything else ("nan", "1e0") is
      // malformed.
      if (v.empty() || v.find_first_not_of("0123456789.") != std::string_view::npos) return 1;
      double q = 1;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), q);
      if (ec != std::errc() || ptr != v.data() + v.size() || q < 0 || q > 1) return 1;
      return q;
    }
  }
  return 1;
}

// How specifically `range` names `type/subtype`: 3 exact, 2 type/*, 1 */*, 0 not at all.
int specificity(std::string_view range, std::string_view type, std::string_view subtype) {
  const size_t slash = range.find('/');
  if (slash == std::string_view::npos) return 0;
  const std::string_view rt = range.substr(0, slash);
  const std::string_view rs = range.substr(slash + 1);
  if (rt == "*" && rs == "*") return 1;
  if (!iequals(rt, type)) return 0;
  if (rs == "*") return 2;
  return iequals(rs, subtype) ? 3 : 0;
}

struct Preference {
  int specificity = 0;
  double q = 0;
  void consider(int s, double q_of_range) {
    if (s > specificity) {
      specificity = s;
      q = q_of_range;
    }
  }
};

}  // namespace

std::optional<Format> negotiate(std::string_view accept) {
  accept = trim(accept);
  if (accept.empty()) return Format::kJson;
  Preference json, xml;
  while (!accept.empty()) {
    const size_t comma = accept.find(',');
    const std::string_view item = trim(accept.substr(0, comma));
    accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
    const size_t semi = item.find(';');
    const std::string_view range = trim(item.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1 : q_value(item.substr(semi + 1));
    json.consider(specificity(range, "application", "json"), q);
    xml.consider(std::max(specificity(range, "application", "xml"),
                          specificity(range, "text", "xml") == 3 ? 3 : 0),
                 q);
  }
  if (json.q <= 0 && xml.q <= 0) return std::nullopt;
  return xml.q > json.q ? Format::kXml : Format::kJson;
}

bool prefers_html(std::string_view accept) {
  Preference html, json;
  while (!accept.empty()) {
    const size_t comma = accept.find(',');
    const std::string_view item = trim(accept.substr(0, comma));
    accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
    const size_t semi = item.find(';');
    const std::string_view range = trim(item.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1 : q_value(item.substr(semi + 1));
    html.consider(specificity(range, "text", "html"), q);
    json.consider(specificity(range, "application", "json"), q);
  }
  return html.specificity == 3 && html.q > 0 && html.q >= json.q;
}

std::string_view content_type(Format format) {
  return format == Format::kXml ? "application/xml; charset=utf-8"
                                : "application/json; charset=utf-8";
}

}  // namespace keyward::http

// The query string of a request target, percent-decoded.
//
// Parameter names are matched case-insensitively (some Contrast clients send "filterText", others
// "filtertext") and without a bracketed suffix, so "severities[0]=HIGH&severities[1]=LOW" (how a
// JavaScript client sends a list) is read like "severities=HIGH&severities=LOW". Values keep their
// case. Unknown parameters are simply never asked for.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keyward::http {

class Query {
 public:
  Query() = default;
  // Parses "a=1&b=&c" (without the '?'). '+' decodes to a space; a malformed %-escape is kept as
  // written rather than refused, since a stray '%' in a filter is more likely than an attack.
  static Query parse(std::string_view raw);

  // The first value of `name`, or nullopt when absent. An empty value ("expand=") is returned as
  // nullopt too: clients send empty parameters to mean "not set".
  std::optional<std::string_view> get(std::string_view name) const;
  // Every non-empty value of `name`, in order ("status=A&status=B").
  std::vector<std::string_view> all(std::string_view name) const;
  // Every parameter as sent, empty values included.
  const std::vector<std::pair<std::string, std::string>>& pairs() const { return params_; }
  // Items sent without '=' at all ("?sqli&limit=5" has "sqli"); one Java client sends its filter
  // text that way.
  const std::vector<std::string>& bare() const { return bare_; }

 private:
  std::vector<std::pair<std::string, std::string>> params_;
  std::vector<std::string> bare_;
};

// Splits a request target into its path and its raw query string.
std::pair<std::string_view, std::string_view> split_target(std::string_view target);

}  // namespace keyward::http

// Filter parameters as Contrast clients send them, from the query string and, for POST, a JSON
// body, in every form seen in the wild: lists as repeated parameters, comma-joined strings, JSON
// arrays, or JavaScript's "name[0]=" keys; names in any case ("applicationId" and
// "applicationID"); booleans as true/false/True/False; empty values and JSON null as absent. A
// parameter in both places is read from both. Unknown parameters are ignored, as clients send
// many this server has no use for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "core/error.h"
#include "http/query.h"

namespace keyward::api::contrast {

class FilterInput {
 public:
  FilterInput(const http::Query& query, const boost::json::value& body);

  // Every value, lists split on commas, trimmed, empty ones dropped.
  std::vector<std::string> list(std::string_view name) const;
  // The first value, if any.
  std::optional<std::string> text(std::string_view name) const;
  // kInvalidArgument, naming the parameter, when the value is not a whole number in [min, max].
  Result<std::optional<std::int64_t>> integer(std::string_view name, std::int64_t min,
                                              std::int64_t max) const;
  // Query items without '=' (a Java client's filter text).
  const std::vector<std::string>& bare() const { return query_.bare(); }

 private:
  const boost::json::value* body_field(std::string_view name) const;

  const http::Query& query_;
  const boost::json::object* body_;
};

}  // namespace keyward::api::contrast

// Reading the fields of a request body with errors a person can act on ("expires_at must be an
// RFC 3339 date-time, e.g. 2026-12-31T23:59:59Z").
//
// A body that came as XML carries every value as a string, so numbers and booleans written as
// strings are accepted then (and only then).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "api/route.h"
#include "core/error.h"
#include "core/time.h"

namespace keyward::api {

class Fields {
 public:
  // Fails unless the body is an object, or empty when `body_required` is false. Names every
  // member not in `allowed`, so a misspelt field is an error rather than silently ignored.
  static Result<Fields> of(const Call& call, std::initializer_list<std::string_view> allowed,
                           bool body_required = true);
  // The same for a parsed body (http/body.h) outside a call; `text_values` as ParsedBody has it.
  // The Fields refer to `body`, which must outlive them.
  static Result<Fields> of(const boost::json::value& body, bool text_values,
                           std::initializer_list<std::string_view> allowed,
                           bool body_required = true);

  Result<std::string> required_string(std::string_view name) const;
  Result<std::optional<std::string>> optional_string(std::string_view name) const;
  Result<std::optional<std::int64_t>> optional_integer(std::string_view name, std::int64_t min,
                                                       std::int64_t max) const;
  Result<std::optional<bool>> optional_bool(std::string_view name) const;
  Result<std::optional<Timestamp>> optional_time(std::string_view name) const;
  Result<std::optional<std::vector<std::string>>> optional_strings(std::string_view name) const;

 private:
  Fields(const boost::json::object* object, bool lenient) : object_(object), lenient_(lenient) {}
  const boost::json::value* find(std::string_view name) const;

  const boost::json::object* object_;  // null: no body
  bool lenient_;
};

}  // namespace keyward::api

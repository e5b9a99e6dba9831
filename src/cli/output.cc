#include "cli/output.h"

#include <cstdio>
#include <iostream>

#include <boost/json.hpp>

namespace keyward::cli {
namespace {

void pretty(std::ostream& os, const boost::json::value& v, int indent) {
  const std::string pad(static_cast<size_t>(indent) * 2, ' ');
  const std::string inner(static_cast<size_t>(indent + 1) * 2, ' ');
  if (const auto* obj = v.if_object()) {
    if (obj->empty()) {
      os << "{}";
      return;
    }
    os << "{\n";
    bool first = true;
    for (const auto& m : *obj) {
      if (!first) os << ",\n";
      first = false;
      os << inner << boost::json::serialize(boost::json::string(m.key())) << ": ";
      pretty(os, m.value(), indent + 1);
    }
    os << "\n" << pad << "}";
  } else if (const auto* arr = v.if_array()) {
    if (arr->empty()) {
      os << "[]";
      return;
    }
    os << "[\n";
    bool first = true;
    for (const auto& item : *arr) {
      if (!first) os << ",\n";
      first = false;
      os << inner;
      pretty(os, item, indent + 1);
    }
    os << "\n" << pad << "]";
  } else {
    os << boost::json::serialize(v);
  }
}

}  // namespace

void print_json(const boost::json::value& value) {
  pretty(std::cout, value, 0);
  std::cout << std::endl;
}

int report(const Error& error) {
  std::cerr << "error: " << error.message << "\n";
  for (const auto& d : error.details) std::cerr << "  - " << d << "\n";
  return error.code == Errc::kInvalidArgument || error.code == Errc::kPolicyViolation
             ? kExitUsage
             : kExitFailure;
}

int usage_error(std::string_view message) {
  std::cerr << "error: " << message << "\n";
  return kExitUsage;
}

}  // namespace keyward::cli

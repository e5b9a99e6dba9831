// How commands speak: a human-readable summary by default, or JSON with --json (stable field
// names, for scripts). Errors go to stderr; the exit code says what kind of failure it was.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/error.h"

namespace keyward::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command was fine but could not be carried out
inline constexpr int kExitUsage = 2;    // the command line itself was wrong

// Pretty-printed JSON on stdout.
void print_json(const boost::json::value& value);

// Prints "error: <message>" (and any details) to stderr and returns the exit code: kExitUsage for
// kInvalidArgument and kPolicyViolation (the arguments were wrong), kExitFailure otherwise.
int report(const Error& error);

// A usage error raised by a command after parsing (an id that is not a UUID, ...).
int usage_error(std::string_view message);

}  // namespace keyward::cli

// Reading the Cookie header, where the console's session token arrives.
//
// Pure string handling with no state, so it is safe from any thread and fuzzed on its own
// (fuzz/cookie_fuzzer.cc).
#pragma once

#include <string_view>

namespace keyward::api {

// The console's session cookie.
inline constexpr std::string_view kSessionCookie = "keyward_session";

// The value of cookie `name` in a Cookie header ("a=1; keyward_session=xyz"), or empty. The value
// is a view into `cookie_header`.
std::string_view cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace keyward::api

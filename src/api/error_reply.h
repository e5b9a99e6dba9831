// The one place that decides how a failure looks on the wire: its HTTP status (from the Errc) and
// its body (from the route's Surface).
#pragma once

#include <chrono>
#include <string_view>

#include "api/route.h"
#include "core/error.h"

namespace keyward::api {

http::StatusCode status_of(Errc code);

// The single body every authentication failure gets, whatever was wrong.
inline constexpr std::string_view kAuthenticationFailed =
    "Authentication failed. Send Authorization: Bearer <key>, or Authorization: "
    "base64(username:service_key) together with API-Key: <organization API key>.";

// Management and Engine APIs: {"error": {"code", "message", "details"?}}.
// Contrast User API: {"success": false, "messages": [message, details...]}.
// kInternal and kUnavailable messages are replaced with a generic sentence (the real one is
// logged) so storage paths and internals never reach a client.
Reply error_reply(const Error& error, Surface surface);

// The error, with Retry-After when it was a rate limit (kResourceExhausted): the hourly cap on
// "email me the key", or on chosen API keys.
Reply failed_with_retry(const Error& error, std::chrono::seconds retry_after);

// An error of HTTP itself rather than of the domain (405, 406, 415, 413, ...), with its own code
// ("method_not_allowed") in the same envelope.
Reply protocol_error(http::StatusCode status, std::string_view code, std::string_view message,
                     Surface surface);

// 503 for a node whose verify index may be stale (service/index_sync.h): it answers for no
// credential until it can read its store's journal again.
Reply stale_reply(Surface surface);

}  // namespace keyward::api

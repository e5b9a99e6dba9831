// Strict message framing (RFC 9112 §6): a request whose length could be read two ways is refused
// before its body is read, because a proxy in front of Keyward might read it the other way and
// take what follows for a second request (request smuggling).
//
// Refused: a Transfer-Encoding other than exactly "chunked" (a coding Keyward does not speak,
// "chunked" listed twice or not last), Transfer-Encoding together with Content-Length, more than
// one Content-Length or Host field, and obsolete line folding in any field.
#pragma once

#include <optional>
#include <string_view>

#include "http/message.h"

namespace keyward::http {

// Why the header's framing is ambiguous, or nullopt when it is not. `raw_header` is the header
// as received (request line through the blank line), for what the parsed fields no longer show.
std::optional<std::string_view> framing_error(const RequestHeader& header,
                                              std::string_view raw_header);

}  // namespace keyward::http

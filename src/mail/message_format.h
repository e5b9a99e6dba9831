// An email as it goes on the wire: RFC 5322 headers and a plain-text UTF-8 body, CRLF lines.
#pragma once

#include <string>

#include "core/time.h"
#include "service/mailer.h"

namespace keyward::mail {

// `message_id` without angle brackets ("<id>@keyward"). Header values come from Keyward itself
// (usernames cannot hold control characters), so no header injection is possible; a CR or LF that
// got there anyway is dropped rather than trusted.
std::string format_message(const service::EmailMessage& message, Timestamp at,
                           const std::string& message_id);

}  // namespace keyward::mail

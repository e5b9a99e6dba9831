// Content negotiation: JSON by default, XML when the client prefers it.
#pragma once

#include <optional>
#include <string_view>

namespace keyward::http {

enum class Format : unsigned char { kJson, kXml };

// Chooses the response format from an Accept header, following RFC 9110 section 12.5.1: each
// format gets the q-value of the most specific media range matching it (application/json or
// application/xml, then application/*, then */*); XML wins only when its q is strictly higher.
// So a missing or empty Accept and "*/*" mean JSON, "application/xml" means XML, and
// "text/html, */*; q=0.2" means JSON. text/xml counts as application/xml. nullopt when neither
// format is acceptable (answer 406).
std::optional<Format> negotiate(std::string_view accept);

std::string_view content_type(Format format);  // with "; charset=utf-8"

// Whether the Accept header is a browser navigating: it names text/html itself, with a q above
// zero and no lower than JSON's. "text/html,application/xhtml+xml,*/*;q=0.8" yes; "*/*",
// "application/json" and "application/json, text/html;q=0.5" no.
bool prefers_html(std::string_view accept);

}  // namespace keyward::http

// UTF-8 validity, for text that arrives from clients and must leave again as JSON or XML.
#pragma once

#include <cstddef>
#include <string_view>

namespace keyward {

// Decodes the code point starting at s[i] into `cp` and returns its length in bytes, or 0 when the
// bytes there are not well-formed UTF-8 (truncated, overlong, a surrogate, past U+10FFFF).
size_t decode_utf8(std::string_view s, size_t i, char32_t& cp);

bool is_valid_utf8(std::string_view s);

}  // namespace keyward

// Standard base64 (RFC 4648 section 4, '+' and '/'), as the Authorization header carries it.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace keyward::crypto {

std::string base64_encode(std::string_view data);
// The URL- and cookie-safe alphabet ('-' and '_'), without padding: for tokens in cookies and
// links.
std::string base64url_encode(std::string_view data);

// Decodes into `out` and returns the decoded length. Accepts input with or without '=' padding;
// refuses any other character, a length that cannot be base64, non-zero trailing bits, and output
// that would not fit. Allocates nothing.
std::optional<size_t> base64_decode(std::string_view in, std::span<char> out) noexcept;

}  // namespace keyward::crypto

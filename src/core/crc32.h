// CRC-32 (IEEE 802.3, the zlib polynomial): the checksum carried by key tokens. It catches every
// single-character typo, so a mistyped or truncated token is refused before any lookup. It is not
// a security check; the peppered HMAC is.
#pragma once

#include <cstdint>
#include <string_view>

namespace keyward {

std::uint32_t crc32(std::string_view data) noexcept;

}  // namespace keyward

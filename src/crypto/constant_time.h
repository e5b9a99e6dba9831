// Comparison of secrets in time that depends only on their lengths, never their contents.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace keyward::crypto {

bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace keyward::crypto

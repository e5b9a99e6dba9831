#include "core/ip_mask.h"

#include <array>
#include <cstdint>
#include <cstring>

#include <arpa/inet.h>

namespace keyward {
namespace {

std::string masked_v4(const std::uint8_t* b) {
  return std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + ".0/24";
}

}  // namespace

std::string mask_ip(std::string_view address) {
  const std::string text(address);
  std::array<std::uint8_t, 16> bytes{};
  if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) return masked_v4(bytes.data());
  if (inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return "unknown";
  static constexpr std::array<std::uint8_t, 12> kMappedPrefix{0, 0, 0, 0, 0,    0,
                                                              0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(bytes.data(), kMappedPrefix.data(), kMappedPrefix.size()) == 0) {
    return masked_v4(bytes.data() + 12);
  }
  std::fill(bytes.begin() + 6, bytes.end(), std::uint8_t{0});
  std::array<char, INET6_ADDRSTRLEN> out{};
  inet_ntop(AF_INET6, bytes.data(), out.data(), out.size());
  return std::string(out.data()) + "/48";
}

}  // namespace keyward

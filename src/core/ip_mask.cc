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

bool is_v4_mapped(const std::uint8_t* b) {
  static constexpr std::array<std::uint8_t, 12> kMappedPrefix{0, 0, 0, 0, 0,    0,
                                                              0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(b, kMappedPrefix.data(), kMappedPrefix.size()) == 0;
}

}  // namespace

std::string mask_ip(std::string_view address) {
  const std::string text(address);
  std::array<std::uint8_t, 16> bytes{};
  if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) return masked_v4(bytes.data());
  if (inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return "unknown";
  if (is_v4_mapped(bytes.data())) return masked_v4(bytes.data() + 12);
  std::fill(bytes.begin() + 6, bytes.end(), std::uint8_t{0});
  std::array<char, INET6_ADDRSTRLEN> out{};
  inet_ntop(AF_INET6, bytes.data(), out.data(), out.size());
  return std::string(out.data()) + "/48";
}

std::string throttle_group(std::string_view address) {
  const std::string text(address);
  std::array<std::uint8_t, 16> bytes{};
  if (inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return text;
  std::array<char, INET6_ADDRSTRLEN> out{};
  if (is_v4_mapped(bytes.data())) {
    inet_ntop(AF_INET, bytes.data() + 12, out.data(), out.size());
    return out.data();
  }
  std::fill(bytes.begin() + 8, bytes.end(), std::uint8_t{0});
  inet_ntop(AF_INET6, bytes.data(), out.data(), out.size());
  return std::string(out.data()) + "/64";
}

std::string lockout_network(std::string_view address) {
  const std::string text(address);
  std::array<std::uint8_t, 16> bytes{};
  if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) return masked_v4(bytes.data());
  if (inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return text;
  if (is_v4_mapped(bytes.data())) return masked_v4(bytes.data() + 12);
  return throttle_group(text);
}

}  // namespace keyward

#include "core/ip_network.h"

#include <charconv>
#include <cstring>

#include <arpa/inet.h>

namespace keyward {
namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

// Whether the first `bits` bits of a and b agree.
bool same_prefix(const std::uint8_t* a, const std::uint8_t* b, int bits) {
  const int whole = bits / 8;
  if (std::memcmp(a, b, static_cast<size_t>(whole)) != 0) return false;
  const int rest = bits % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  char buffer[46];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  IpAddress out;
  if (::inet_pton(AF_INET, buffer, out.bytes.data() + 12) == 1) {
    std::memcpy(out.bytes.data(), kMappedPrefix.data(), kMappedPrefix.size());
    out.v4 = true;
    return out;
  }
  if (::inet_pton(AF_INET6, buffer, out.bytes.data()) == 1) {
    out.v4 = std::memcmp(out.bytes.data(), kMappedPrefix.data(), kMappedPrefix.size()) == 0;
    return out;
  }
  return std::nullopt;
}

std::optional<IpNetwork> IpNetwork::parse(std::string_view text) {
  const size_t slash = text.find('/');
  auto address = IpAddress::parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  const int family_bits = address->v4 ? 32 : 128;
  int prefix = family_bits;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || prefix < 0 ||
        prefix > family_bits) {
      return std::nullopt;
    }
  }
  IpNetwork out;
  out.base_ = *address;
  out.prefix_ = prefix;
  // Host bits must be zero: the network is exactly what was written.
  IpAddress zeroed = *address;
  const int offset = address->v4 ? 96 : 0;
  for (int bit = offset + prefix; bit < 128; ++bit) {
    zeroed.bytes[static_cast<size_t>(bit / 8)] &= static_cast<std::uint8_t>(~(0x80 >> (bit % 8)));
  }
  if (zeroed.bytes != address->bytes) return std::nullopt;
  return out;
}

bool IpNetwork::contains(const IpAddress& address) const {
  if (address.v4 != base_.v4) return false;
  const int offset = base_.v4 ? 12 : 0;
  return same_prefix(base_.bytes.data() + offset, address.bytes.data() + offset, prefix_);
}

std::string IpNetwork::to_string() const {
  char buffer[INET6_ADDRSTRLEN];
  if (base_.v4) {
    ::inet_ntop(AF_INET, base_.bytes.data() + 12, buffer, sizeof buffer);
  } else {
    ::inet_ntop(AF_INET6, base_.bytes.data(), buffer, sizeof buffer);
  }
  return std::string(buffer) + "/" + std::to_string(prefix_);
}

}  // namespace keyward

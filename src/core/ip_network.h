// An IPv4 or IPv6 network ("203.0.113.0/24", "2001:db8::/32", or one address), and whether an
// address lies in it. IPv4-mapped IPv6 addresses ("::ffff:203.0.113.7") count as their IPv4
// address, so an allow-list written in IPv4 holds for a dual-stack listener too.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keyward {

// An address as 16 bytes (IPv4 mapped into IPv6), parsed once so matching allocates nothing.
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};
  bool v4 = false;
  // nullopt for anything that is not an address.
  static std::optional<IpAddress> parse(std::string_view text);
  bool operator==(const IpAddress&) const = default;
};

class IpNetwork {
 public:
  // "a.b.c.d/n", "x::y/n" or a single address; host bits must be zero ("203.0.113.7/24" is
  // refused: it is almost always a mistake for /32 or for .0/24). nullopt otherwise.
  static std::optional<IpNetwork> parse(std::string_view text);

  bool contains(const IpAddress& address) const;
  // The canonical text: "203.0.113.0/24", "2001:db8::/32".
  std::string to_string() const;
  bool operator==(const IpNetwork&) const = default;

 private:
  IpAddress base_;
  int prefix_ = 0;  // in bits of the address's own family
};

}  // namespace keyward

// Masking client addresses for the "Mask invalid IPs on login" policy: keep the network, drop the
// host, so the log still shows where attempts came from without identifying a person's machine.
#pragma once

#include <string>
#include <string_view>

namespace keyward {

// IPv4 keeps its /24 ("203.0.113.77" -> "203.0.113.0/24"); IPv6 its /48
// ("2001:db8:85a3:8d3::1" -> "2001:db8:85a3::/48"); an IPv4-mapped IPv6 address is treated as
// IPv4. Anything that is not an address is returned as "unknown".
std::string mask_ip(std::string_view address);

// The client as throttles count it: an IPv4 address itself; an IPv6 address's /64, since one host
// (or one customer of a provider) is handed a whole /64 and could otherwise rotate through it.
// An IPv4-mapped IPv6 address counts as its IPv4 address. Anything else is returned as is.
std::string throttle_group(std::string_view address);

// The network a sign-in lockout holds for: IPv4's /24 ("203.0.113.0/24"), IPv6's /64. Anything
// that is not an address is returned as is (a test's or a Unix socket's peer).
std::string lockout_network(std::string_view address);

}  // namespace keyward

#include "http/trusted_proxies.h"

namespace keyward::http {

namespace ip = boost::asio::ip;

Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& entries) {
  TrustedProxies out;
  for (const auto& entry : entries) {
    boost::system::error_code ec;
    std::string text = entry;
    if (text.find('/') == std::string::npos) {
      const auto address = ip::make_address(text, ec);
      if (!ec) text += address.is_v4() ? "/32" : "/128";
    }
    if (text.find(':') == std::string::npos) {
      const auto net = ip::make_network_v4(text, ec);
      if (!ec) {
        out.v4_.push_back(net);
        continue;
      }
    } else {
      const auto net = ip::make_network_v6(text, ec);
      if (!ec) {
        out.v6_.push_back(net);
        continue;
      }
    }
    return fail(Errc::kInvalidArgument, "trusted proxy \"" + entry +
                                            "\" is not an address or a network such as 10.0.0.0/8");
  }
  return out;
}

bool TrustedProxies::trusts(const ip::address& address) const {
  if (address.is_v4()) {
    const auto a = address.to_v4();
    for (const auto& net : v4_) {
      if ((a.to_uint() & net.netmask().to_uint()) == net.network().to_uint()) return true;
    }
    return false;
  }
  const auto a = address.to_v6();
  if (a.is_v4_mapped()) return trusts(ip::make_address_v4(ip::v4_mapped, a));
  for (const auto& net : v6_) {
    const auto bytes = a.to_bytes();
    const auto prefix = net.network().to_bytes();
    const int bits = net.prefix_length();
    bool match = true;
    for (int i = 0; i < bits && match; ++i) {
      const auto byte = static_cast<size_t>(i / 8);
      const int shift = 7 - i % 8;
      match = ((bytes[byte] >> shift) & 1) == ((prefix[byte] >> shift) & 1);
    }
    if (match) return true;
  }
  return false;
}

ip::address TrustedProxies::client_of(const ip::address& peer,
                                      std::string_view forwarded_for) const {
  if (!trusts(peer)) return peer;
  ip::address client = peer;
  // Walk right to left: each hop was added by the one before it; stop at the first we do not
  // trust, which is the client as far as any trusted proxy can vouch.
  while (!forwarded_for.empty()) {
    const size_t comma = forwarded_for.rfind(',');
    std::string_view item =
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    boost::system::error_code ec;
    const auto hop = ip::make_address(std::string(item), ec);
    if (ec) return client;  // a malformed hop: trust nothing beyond it
    client = hop;
    if (!trusts(hop)) return client;
  }
  return client;
}

}  // namespace keyward::http

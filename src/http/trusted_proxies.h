// Which client address a request came from. The socket's peer, unless that peer is a configured
// trusted proxy: then the right-most X-Forwarded-For address that is not itself a trusted proxy.
// A client cannot spoof its address by sending X-Forwarded-For to a server it reaches directly.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include "core/error.h"

namespace keyward::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts no one
  // "10.0.0.0/8", "127.0.0.1" (a single address), "::1", "fd00::/8". kInvalidArgument names the
  // first entry that is none of these.
  static Result<TrustedProxies> parse(const std::vector<std::string>& entries);

  bool trusts(const boost::asio::ip::address& address) const;
  boost::asio::ip::address client_of(const boost::asio::ip::address& peer,
                                     std::string_view forwarded_for) const;

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

}  // namespace keyward::http

// Trusted proxies and X-Forwarded-For. The input is three lines: the `trusted_proxies` setting
// (comma-separated), the socket's peer address, and the X-Forwarded-For header. Parsing never
// crashes, a bad entry is named in the error, an untrusted peer's header is ignored, and the
// client found is the peer or one of the hops the header lists.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "http/trusted_proxies.h"

namespace {

namespace ip = boost::asio::ip;

std::string_view next_line(std::string_view& input) {
  const size_t newline = input.find('\n');
  const std::string_view line = input.substr(0, newline);
  input = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  return line;
}

std::vector<std::string> split(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const size_t comma = list.find(',');
    out.emplace_back(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return out;
}

bool listed(const ip::address& client, std::string_view header) {
  for (std::string hop : split(header)) {
    while (!hop.empty() && hop.front() == ' ') hop.erase(0, 1);
    while (!hop.empty() && hop.back() == ' ') hop.pop_back();
    boost::system::error_code ec;
    if (const auto a = ip::make_address(hop, ec); !ec && a == client) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto entries = split(next_line(input));
  const std::string peer_text(next_line(input));
  const std::string_view forwarded_for = input;

  const auto proxies = keyward::http::TrustedProxies::parse(entries);
  if (!proxies) {
    const auto& message = proxies.error().message;
    bool named = false;
    for (const auto& entry : entries) named |= message.find('"' + entry + '"') != std::string::npos;
    if (!named) std::abort();
    return 0;
  }
  boost::system::error_code ec;
  const auto peer = ip::make_address(peer_text, ec);
  if (ec) return 0;
  if (peer.is_v4()) {
    // An IPv4 peer seen through an IPv6 socket is the same peer.
    const auto mapped = ip::make_address_v6(ip::v4_mapped, peer.to_v4());
    if (proxies->trusts(peer) != proxies->trusts(mapped)) std::abort();
  }
  const auto client = proxies->client_of(peer, forwarded_for);
  if (!proxies->trusts(peer) && client != peer) std::abort();
  if (client != peer && !listed(client, forwarded_for)) std::abort();
  return 0;
}

#include "support/raw_tls_client.h"

#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>

namespace keyward::testing {

std::string raw_exchange(const std::string& url, const std::string& ca_file,
                         const std::string& bytes) {
  namespace net = boost::asio;
  const bool tls = url.starts_with("https://");
  const std::string rest = url.substr(tls ? 8 : 7);
  const auto colon = rest.rfind(':');
  const std::string host = rest.substr(0, colon);
  const std::string port = rest.substr(colon + 1);

  net::io_context io;
  net::ip::tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(host, port);
  std::string response;
  boost::system::error_code ec;
  if (tls) {
    net::ssl::context ctx(net::ssl::context::tls_client);
    ctx.load_verify_file(ca_file);
    net::ssl::stream<net::ip::tcp::socket> stream(io, ctx);
    stream.set_verify_mode(net::ssl::verify_peer);
    net::connect(stream.next_layer(), endpoints);
    stream.handshake(net::ssl::stream_base::client);
    net::write(stream, net::buffer(bytes), ec);
    net::read(stream, net::dynamic_buffer(response), ec);  // until the server closes
  } else {
    net::ip::tcp::socket socket(io);
    net::connect(socket, endpoints);
    net::write(socket, net::buffer(bytes), ec);
    net::read(socket, net::dynamic_buffer(response), ec);
  }
  return response;
}

int raw_status(const std::string& response) {
  if (!response.starts_with("HTTP/1.")) return 0;
  const auto space = response.find(' ');
  if (space == std::string::npos) return 0;
  return std::atoi(response.c_str() + space + 1);
}

}  // namespace keyward::testing

// The HTTP message types every handler sees: Beast's string-bodied request and response.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace keyward::http {

namespace beast_http = boost::beast::http;

using Request = beast_http::request<beast_http::string_body>;
using RequestHeader = beast_http::request_header<>;
using Response = beast_http::response<beast_http::string_body>;
using StatusCode = beast_http::status;
using Method = beast_http::verb;

// What the server knows about the other end of a connection.
struct ClientInfo {
  boost::asio::ip::address address;  // the socket's peer address
  bool tls = false;
};

}  // namespace keyward::http

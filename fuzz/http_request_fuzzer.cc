// Raw request bytes into the same Beast parser, with the same limits, the server uses: never
// crashes, and never accepts more header than the limit.
#include <cstdint>
#include <cstdlib>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/limits.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace http = boost::beast::http;
  http::request_parser<http::string_body> parser;
  const keyward::http::Limits limits;
  parser.header_limit(limits.header_bytes);
  parser.body_limit(16 * 1024);
  boost::beast::error_code ec;
  std::size_t offset = 0;
  while (offset < size && !ec && !parser.is_done()) {
    const auto used = parser.put(boost::asio::buffer(data + offset, size - offset), ec);
    if (used == 0) break;
    offset += used;
  }
  if (parser.is_header_done() && parser.get().base().target().size() > limits.header_bytes) {
    std::abort();
  }
  return 0;
}

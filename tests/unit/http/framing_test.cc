#include "http/framing.h"

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <gtest/gtest.h>

namespace keyward::http {
namespace {

// Parses `raw` as Beast would and asks framing_error about it; "parse error" when Beast itself
// refuses the header.
std::string verdict(const std::string& raw) {
  beast_http::request_parser<beast_http::string_body> parser;
  parser.eager(false);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(raw), ec);
  if (ec && ec != beast_http::error::need_more) return "parse error";
  const auto why = framing_error(parser.get(), raw);
  return why ? std::string(*why) : "ok";
}

TEST(FramingTest, OrdinaryRequestsPass) {
  EXPECT_EQ(verdict("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"), "ok");
  EXPECT_EQ(verdict("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n"), "ok");
  EXPECT_EQ(verdict("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"), "ok");
  EXPECT_EQ(verdict("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:  Chunked \r\n\r\n"), "ok");
}

TEST(FramingTest, AmbiguousLengthsAreRefused) {
  for (const std::string raw : {
           "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n",
           "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n",
           "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n",
           "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
           "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
           "chunked\r\n\r\n",
           "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
           "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n",
           "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n",
       }) {
    EXPECT_NE(verdict(raw), "ok") << raw;
  }
}

TEST(FramingTest, TwoHostsAreRefused) {
  EXPECT_EQ(verdict("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), "more than one Host header");
}

TEST(FramingTest, FoldedLinesAreRefusedEvenThoughTheyParse) {
  const std::string folded = "GET / HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n two\r\n\r\n";
  EXPECT_NE(verdict(folded).find("line folding"), std::string::npos);
  EXPECT_NE(verdict("GET / HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n\ttwo\r\n\r\n").find("folding"),
            std::string::npos);
}

}  // namespace
}  // namespace keyward::http

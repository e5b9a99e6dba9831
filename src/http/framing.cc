#include "http/framing.h"

#include <boost/beast/core/string.hpp>

namespace keyward::http {
namespace {

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string_view> framing_error(const RequestHeader& header,
                                              std::string_view raw_header) {
  // A line that starts with a space or a tab continues the one before: obsolete line folding.
  // (The request line ends at the first CRLF; folding can only appear after it.)
  const size_t fields = raw_header.find("\r\n");
  if (fields != std::string_view::npos &&
      (raw_header.find("\r\n ", fields) != std::string_view::npos ||
       raw_header.find("\r\n\t", fields) != std::string_view::npos)) {
    return "obsolete line folding (a header line starting with a space or tab) is not accepted";
  }
  int content_lengths = 0, hosts = 0, transfer_encodings = 0;
  std::string_view transfer_encoding;
  for (const auto& f : header) {
    switch (f.name()) {
      case beast_http::field::content_length:
        ++content_lengths;
        break;
      case beast_http::field::host:
        ++hosts;
        break;
      case beast_http::field::transfer_encoding:
        ++transfer_encodings;
        transfer_encoding = f.value();
        break;
      default:
        break;
    }
  }
  if (content_lengths > 1) return "more than one Content-Length header";
  if (hosts > 1) return "more than one Host header";
  if (transfer_encodings == 0) return std::nullopt;
  if (content_lengths > 0) return "both Content-Length and Transfer-Encoding; send one of them";
  if (transfer_encodings > 1 || !boost::beast::iequals(trim_spaces(transfer_encoding), "chunked")) {
    return "Transfer-Encoding must be exactly \"chunked\"";
  }
  return std::nullopt;
}

}  // namespace keyward::http

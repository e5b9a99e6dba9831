// Sends bytes no well-behaved client would (malformed request lines, oversized headers) over a
// real TLS connection, and returns whatever the server answered before closing.
#pragma once

#include <string>

namespace keyward::testing {

// `url` like "https://127.0.0.1:1234"; `ca_file` verifies the server. Returns the raw response
// (status line, headers, body), empty if the server closed without answering.
std::string raw_exchange(const std::string& url, const std::string& ca_file,
                         const std::string& bytes);

// The status code of a raw response ("HTTP/1.1 431 ..." -> 431), 0 if none.
int raw_status(const std::string& response);

}  // namespace keyward::testing

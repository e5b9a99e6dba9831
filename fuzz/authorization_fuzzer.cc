// The Authorization header: parsing never crashes or reads outside its buffers, and a Basic result
// always has both a username and a secret.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "service/authorization_header.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using keyward::service::AuthorizationHeader;
  std::array<char, keyward::service::kMaxDecodedCredentials> buffer{};
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  const auto parsed = keyward::service::parse_authorization(header, buffer);
  if (parsed.scheme == AuthorizationHeader::Scheme::kBasic) {
    if (parsed.username.empty() || parsed.secret.empty()) std::abort();
    if (parsed.username.find(':') != std::string_view::npos) std::abort();
  }
  if (parsed.scheme == AuthorizationHeader::Scheme::kBearer && parsed.token.empty()) std::abort();
  return 0;
}

#include "service/authorization_header.h"

#include "crypto/base64.h"

namespace keyward::service {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Case-insensitive "<scheme> " prefix, as RFC 9110 makes auth schemes.
bool has_scheme(std::string_view header, std::string_view scheme) {
  if (header.size() <= scheme.size() || header[scheme.size()] != ' ') return false;
  for (size_t i = 0; i < scheme.size(); ++i) {
    if ((header[i] | 0x20) != (scheme[i] | 0x20)) return false;
  }
  return true;
}

}  // namespace

AuthorizationHeader parse_authorization(
    std::string_view header, std::array<char, kMaxDecodedCredentials>& decoded) noexcept {
  AuthorizationHeader out;
  header = trim(header);
  if (has_scheme(header, "Bearer")) {
    out.token = trim(header.substr(7));
    if (!out.token.empty()) out.scheme = AuthorizationHeader::Scheme::kBearer;
    return out;
  }
  if (has_scheme(header, "Basic")) header = trim(header.substr(6));
  const auto length = crypto::base64_decode(header, decoded);
  if (!length) return out;
  const std::string_view credentials(decoded.data(), *length);
  const size_t colon = credentials.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == credentials.size()) return out;
  out.scheme = AuthorizationHeader::Scheme::kBasic;
  out.username = credentials.substr(0, colon);
  out.secret = credentials.substr(colon + 1);
  return out;
}

}  // namespace keyward::service

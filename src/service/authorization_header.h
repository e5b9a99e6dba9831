// Parsing the Authorization header a request presents, apart from checking it: what scheme, and
// which token or username and secret. Pure and allocation-free, so it can be fuzzed on its own.
//
//   "Bearer <token>"                  -> kBearer, token
//   "Basic <base64(user:secret)>"     -> kBasic, username, secret   (scheme names: any case)
//   "<base64(user:secret)>"           -> kBasic, as Contrast clients send it, without "Basic "
// Anything else, including base64 that does not decode to "user:secret" with both parts
// non-empty, is kMalformed.
#pragma once

#include <array>
#include <string_view>

namespace keyward::service {

// username (at most an email address) + ':' + service key, with room to spare. Anything longer is
// not a credential Keyward issued.
inline constexpr size_t kMaxDecodedCredentials = 512;

struct AuthorizationHeader {
  enum class Scheme : unsigned char { kMalformed, kBearer, kBasic };
  Scheme scheme = Scheme::kMalformed;
  std::string_view token;     // kBearer
  std::string_view username;  // kBasic: views into the caller's buffer
  std::string_view secret;
};

// `decoded` receives the base64-decoded credentials; the caller should wipe it when done.
AuthorizationHeader parse_authorization(std::string_view header,
                                        std::array<char, kMaxDecodedCredentials>& decoded) noexcept;

}  // namespace keyward::service

// The public keys that may sign a request, each under the identifier the signer names it by in
// the request (e.g. a secret scanner's "Github-Public-Key-Identifier"), and the one check of a
// signed request: this body, signed by the key of this identifier.
//
// Threading: filled before it is shared (add), then only read; verify() may run on any number of
// threads at once.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "crypto/ecdsa_public_key.h"

namespace keyward::crypto {

// A DER ECDSA signature on P-256 is at most 72 bytes; base64 makes 96 characters of it. Anything
// longer is refused before it is decoded.
inline constexpr std::size_t kMaxSignatureBase64Length = 96;
// Identifiers are short names or hex digests (64 characters for SHA-256).
inline constexpr std::size_t kMaxKeyIdentifierLength = 256;

class SignatureKeys {
 public:
  // kInvalidArgument for an empty or over-long identifier, or one already added.
  Status add(std::string identifier, EcdsaPublicKey key);

  bool empty() const { return keys_.empty(); }
  std::size_t size() const { return keys_.size(); }

  // Whether `signature_base64` (standard base64 of a DER ECDSA signature) is a signature over
  // `body` by the key added as `identifier`. One answer, false, whatever went wrong: an unknown
  // identifier, a malformed signature, another key's signature, a changed body. Every identifier
  // is compared, in constant time, so the time taken does not say which are known either.
  bool verify(std::string_view identifier, std::string_view signature_base64,
              std::string_view body) const;

 private:
  struct Named {
    std::string identifier;
    EcdsaPublicKey key;
  };
  std::vector<Named> keys_;
};

}  // namespace keyward::crypto

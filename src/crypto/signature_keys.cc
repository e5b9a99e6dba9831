#include "crypto/signature_keys.h"

#include <array>
#include <span>

#include "crypto/base64.h"
#include "crypto/constant_time.h"

namespace keyward::crypto {

Status SignatureKeys::add(std::string identifier, EcdsaPublicKey key) {
  if (identifier.empty() || identifier.size() > kMaxKeyIdentifierLength) {
    return fail(Errc::kInvalidArgument, "a key identifier must be 1 to " +
                                            std::to_string(kMaxKeyIdentifierLength) +
                                            " characters long");
  }
  for (const auto& k : keys_) {
    if (k.identifier == identifier) {
      return fail(Errc::kInvalidArgument,
                  "the key identifier \"" + identifier + "\" is listed more than once");
    }
  }
  keys_.push_back({std::move(identifier), std::move(key)});
  return {};
}

bool SignatureKeys::verify(std::string_view identifier, std::string_view signature_base64,
                           std::string_view body) const {
  if (identifier.empty() || identifier.size() > kMaxKeyIdentifierLength ||
      signature_base64.size() > kMaxSignatureBase64Length) {
    return false;
  }
  const EcdsaPublicKey* named = nullptr;
  for (const auto& k : keys_) {
    // No early exit: every identifier is looked at, whichever matches.
    if (constant_time_equal(k.identifier, identifier)) named = &k.key;
  }
  std::array<char, kMaxSignatureBase64Length> decoded{};
  const auto length = base64_decode(signature_base64, decoded);
  if (!named || !length || *length == 0) return false;
  return named->verifies(body,
                         std::span(reinterpret_cast<const std::uint8_t*>(decoded.data()), *length));
}

}  // namespace keyward::crypto

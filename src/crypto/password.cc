#include "crypto/password.h"

#include <sodium.h>

#include "crypto/random.h"

namespace keyward::crypto {

Result<std::string> hash_password(std::string_view password) {
  ensure_initialized();
  std::string out(crypto_pwhash_STRBYTES, '\0');
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return fail(Errc::kUnavailable, "not enough memory to hash the password; try again");
  }
  out.resize(out.find('\0'));
  return out;
}

bool verify_password(std::string_view encoded_hash, std::string_view password) {
  ensure_initialized();
  // libsodium reads up to the first NUL; a hash with one inside is malformed, not a shorter hash.
  if (encoded_hash.find('\0') != std::string_view::npos) return false;
  const std::string hash(encoded_hash);
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace keyward::crypto

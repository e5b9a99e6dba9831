#include "crypto/sealer.h"

#include <sodium.h>

#include "crypto/random.h"

namespace keyward::crypto {
namespace {

constexpr size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

Sealer::Sealer(std::span<const std::uint8_t, kMasterKeySize> key) {
  ensure_initialized();
  std::copy(key.begin(), key.end(), key_.begin());
}

Sealer::~Sealer() { sodium_memzero(key_.data(), key_.size()); }

std::vector<std::uint8_t> Sealer::seal(std::string_view plaintext, std::string_view context) const {
  std::vector<std::uint8_t> out(kNonceSize + plaintext.size() + kTagSize);
  randombytes_buf(out.data(), kNonceSize);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kNonceSize, &written, bytes(plaintext),
                                             plaintext.size(), bytes(context), context.size(),
                                             nullptr, out.data(), key_.data());
  out.resize(kNonceSize + written);
  return out;
}

Result<std::string> Sealer::open(std::span<const std::uint8_t> sealed,
                                 std::string_view context) const {
  if (sealed.size() < kNonceSize + kTagSize) {
    return fail(Errc::kInternal, "stored credential is truncated");
  }
  std::string plaintext(sealed.size() - kNonceSize - kTagSize, '\0');
  unsigned long long written = 0;
  const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
      reinterpret_cast<unsigned char*>(plaintext.data()), &written, nullptr,
      sealed.data() + kNonceSize, sealed.size() - kNonceSize, bytes(context), context.size(),
      sealed.data(), key_.data());
  if (rc != 0) {
    return fail(Errc::kInternal,
                "stored credential could not be decrypted (wrong master key or tampered data)");
  }
  plaintext.resize(written);
  return plaintext;
}

}  // namespace keyward::crypto

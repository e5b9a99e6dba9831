// OpenSSL 3 deprecates the low-level SHA256_* functions in favour of EVP, but EVP cannot copy a
// keyed state without allocating (EVP_MD_CTX_copy_ex duplicates the provider context). The
// low-level context is a plain struct that copies for free and runs the same assembly, which makes
// the verify hot path both allocation-free and faster (167 ns against 234 ns for a reused
// EVP_MAC_CTX, measured by bench/crypto_bench).
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "crypto/keyed_hash.h"

#include <sodium.h>

namespace keyward::crypto {
namespace {

constexpr size_t kBlockSize = 64;

void prepare(SHA256_CTX& ctx, std::span<const std::uint8_t, kPepperSize> pepper,
             std::uint8_t pad_byte) {
  std::array<std::uint8_t, kBlockSize> block{};
  block.fill(pad_byte);
  for (size_t i = 0; i < pepper.size(); ++i) block[i] ^= pepper[i];
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, block.data(), block.size());
  sodium_memzero(block.data(), block.size());
}

}  // namespace

KeyedHasher::KeyedHasher(std::span<const std::uint8_t, kPepperSize> pepper) {
  prepare(inner_, pepper, 0x36);
  prepare(outer_, pepper, 0x5c);
}

KeyedHasher::~KeyedHasher() {
  sodium_memzero(&inner_, sizeof inner_);
  sodium_memzero(&outer_, sizeof outer_);
}

Digest KeyedHasher::hash(std::string_view message) const noexcept {
  Digest inner_digest;
  SHA256_CTX ctx = inner_;
  SHA256_Update(&ctx, message.data(), message.size());
  SHA256_Final(inner_digest.data(), &ctx);
  Digest out;
  ctx = outer_;
  SHA256_Update(&ctx, inner_digest.data(), inner_digest.size());
  SHA256_Final(out.data(), &ctx);
  return out;
}

}  // namespace keyward::crypto

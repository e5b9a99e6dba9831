#include "crypto/ecdsa_public_key.h"

#include <memory>
#include <string>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace keyward::crypto {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

// The curve's name as OpenSSL reports it ("prime256v1"), or empty.
std::string curve_of(EVP_PKEY* key) {
  char name[64] = {};
  size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &length) !=
      1) {
    return "";
  }
  return std::string(name, length);
}

}  // namespace

Result<EcdsaPublicKey> EcdsaPublicKey::from_pem(std::string_view pem) {
  if (pem.size() > 16 * 1024) {
    return fail(Errc::kInvalidArgument, "the public key is too long to be a P-256 key");
  }
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return fail(Errc::kInternal, "out of memory reading a public key");
  std::shared_ptr<EVP_PKEY> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr),
                                EVP_PKEY_free);
  if (!key) {
    ERR_clear_error();
    return fail(Errc::kInvalidArgument,
                "not a PEM public key (\"-----BEGIN PUBLIC KEY-----\" ... "
                "\"-----END PUBLIC KEY-----\")");
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_EC) {
    return fail(Errc::kInvalidArgument, "the public key is not an elliptic-curve (ECDSA) key");
  }
  const std::string curve = curve_of(key.get());
  if (curve != "prime256v1" && curve != "P-256") {
    return fail(Errc::kInvalidArgument,
                "the public key is on curve \"" + curve + "\", not P-256 (prime256v1)");
  }
  return EcdsaPublicKey(std::move(key));
}

bool EcdsaPublicKey::verifies(std::string_view message,
                              std::span<const std::uint8_t> der_signature) const noexcept {
  if (!key_ || der_signature.empty()) return false;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx) return false;
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1) {
    return false;
  }
  // 1 is a good signature; 0 a wrong one and a negative value a malformed one, which are the
  // same refusal.
  const bool good =
      EVP_DigestVerify(ctx.get(), der_signature.data(), der_signature.size(),
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  // A refused signature leaves errors queued on this thread, where the next TLS call on it would
  // find them.
  if (!good) ERR_clear_error();
  return good;
}

}  // namespace keyward::crypto

// A P-256 key pair made for one test, signing the way a secret scanner signs its reports: ECDSA
// over SHA-256, the DER signature in base64. Made fresh each time, so no key lives in the tree.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "crypto/base64.h"

namespace keyward::testing {

class EcdsaTestSigner {
 public:
  // `curve`: "P-256" as scanners use; another (e.g. "P-384") to test refusals.
  explicit EcdsaTestSigner(const char* curve = "P-256") : key_(EVP_EC_gen(curve), EVP_PKEY_free) {
    if (!key_) throw std::runtime_error("EVP_EC_gen failed");
  }

  // The public key as "-----BEGIN PUBLIC KEY-----" PEM.
  std::string public_key_pem() const {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_PUBKEY(bio.get(), key_.get());
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(n));
  }

  // base64(DER ECDSA signature over SHA-256(message)).
  std::string sign(std::string_view message) const {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    size_t length = 0;
    EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get());
    EVP_DigestSign(ctx.get(), nullptr, &length,
                   reinterpret_cast<const unsigned char*>(message.data()), message.size());
    std::string der(length, '\0');
    EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &length,
                   reinterpret_cast<const unsigned char*>(message.data()), message.size());
    der.resize(length);
    return crypto::base64_encode(der);
  }

 private:
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_;
};

}  // namespace keyward::testing

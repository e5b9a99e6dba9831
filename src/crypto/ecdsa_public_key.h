// An ECDSA public key on the P-256 curve (prime256v1), read from PEM, that checks signatures over
// SHA-256: how a secret scanner signs the leak reports it sends (api/v1/leaked_keys.cc).
//
// Threading: immutable once made; verifies() may run on any number of threads at once (each call
// has its own OpenSSL context over the shared, read-only key). Copies share the key.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "core/error.h"

using EVP_PKEY = struct evp_pkey_st;

namespace keyward::crypto {

class EcdsaPublicKey {
 public:
  // kInvalidArgument, saying what is wrong, unless `pem` holds a "PUBLIC KEY"
  // (SubjectPublicKeyInfo) of an EC key on P-256. Other curves and other kinds of key are refused:
  // a signer's key of the wrong kind is a configuration mistake to report at start, not at the
  // first report.
  static Result<EcdsaPublicKey> from_pem(std::string_view pem);

  // Whether `der_signature` (ASN.1 DER: a SEQUENCE of the integers r and s) is a signature by
  // this key over SHA-256(message). False for anything malformed.
  bool verifies(std::string_view message,
                std::span<const std::uint8_t> der_signature) const noexcept;

 private:
  explicit EcdsaPublicKey(std::shared_ptr<EVP_PKEY> key) : key_(std::move(key)) {}
  std::shared_ptr<EVP_PKEY> key_;
};

}  // namespace keyward::crypto

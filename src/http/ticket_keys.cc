#include "http/ticket_keys.h"

#include <array>
#include <cstring>
#include <mutex>
#include <optional>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

namespace keyward::http {
namespace {

struct TicketKey {
  std::array<unsigned char, 16> name{};
  std::array<unsigned char, 32> aes{};
  std::array<unsigned char, 32> hmac{};

  static TicketKey fresh() {
    TicketKey k;
    RAND_bytes(k.name.data(), static_cast<int>(k.name.size()));
    RAND_bytes(k.aes.data(), static_cast<int>(k.aes.size()));
    RAND_bytes(k.hmac.data(), static_cast<int>(k.hmac.size()));
    return k;
  }
};

struct TicketKeys {
  ~TicketKeys() {  // the keys are secrets to the last
    OPENSSL_cleanse(&current, sizeof current);
    if (previous) OPENSSL_cleanse(&*previous, sizeof *previous);
  }
  std::mutex mu;
  TicketKey current = TicketKey::fresh();
  std::optional<TicketKey> previous;
};

void free_keys(void*, void* ptr, CRYPTO_EX_DATA*, int, long, void*) {
  delete static_cast<TicketKeys*>(ptr);
}

int keys_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, &free_keys);
  return index;
}

TicketKeys* keys_of(SSL_CTX* ctx) {
  return static_cast<TicketKeys*>(SSL_CTX_get_ex_data(ctx, keys_index()));
}

bool set_hmac_key(EVP_MAC_CTX* hmac, const TicketKey& key) {
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(
          OSSL_MAC_PARAM_KEY, const_cast<unsigned char*>(key.hmac.data()), key.hmac.size()),
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end()};
  return EVP_MAC_CTX_set_params(hmac, params) == 1;
}

// OpenSSL's ticket callback: 1 sealed or opened with the current key, 2 opened with the previous
// one (so OpenSSL issues a fresh ticket), 0 unknown key (a full handshake), -1 failure.
int ticket_callback(SSL* ssl, unsigned char name[16], unsigned char* iv, EVP_CIPHER_CTX* cipher,
                    EVP_MAC_CTX* hmac, int encrypt) {
  TicketKeys* keys = keys_of(SSL_get_SSL_CTX(ssl));
  if (!keys) return -1;
  std::lock_guard lock(keys->mu);
  if (encrypt) {
    const TicketKey& k = keys->current;
    if (RAND_bytes(iv, EVP_MAX_IV_LENGTH) != 1) return -1;
    std::memcpy(name, k.name.data(), k.name.size());
    if (EVP_EncryptInit_ex(cipher, EVP_aes_256_cbc(), nullptr, k.aes.data(), iv) != 1) return -1;
    return set_hmac_key(hmac, k) ? 1 : -1;
  }
  const bool current = std::memcmp(name, keys->current.name.data(), 16) == 0;
  const bool previous =
      !current && keys->previous && std::memcmp(name, keys->previous->name.data(), 16) == 0;
  if (!current && !previous) return 0;
  const TicketKey& k = current ? keys->current : *keys->previous;
  if (!set_hmac_key(hmac, k)) return -1;
  if (EVP_DecryptInit_ex(cipher, EVP_aes_256_cbc(), nullptr, k.aes.data(), iv) != 1) return -1;
  return current ? 1 : 2;
}

}  // namespace

void install_ticket_keys(boost::asio::ssl::context& ctx) {
  SSL_CTX* native = ctx.native_handle();
  SSL_CTX_set_ex_data(native, keys_index(), new TicketKeys());
  SSL_CTX_set_tlsext_ticket_key_evp_cb(native, &ticket_callback);
}

void rotate_ticket_keys(boost::asio::ssl::context& ctx) {
  TicketKeys* keys = keys_of(ctx.native_handle());
  if (!keys) return;
  TicketKey fresh = TicketKey::fresh();
  std::lock_guard lock(keys->mu);
  keys->previous = keys->current;
  keys->current = fresh;
  OPENSSL_cleanse(&fresh, sizeof fresh);
}

}  // namespace keyward::http

#include "http/tls.h"

#include <cstdio>

#include <boost/asio/ip/address.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "http/ticket_keys.h"
#include <fcntl.h>
#include <sys/stat.h>

namespace keyward::http {
namespace {

constexpr long kValiditySeconds = 825L * 24 * 60 * 60;

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

Error openssl_error(std::string what) {
  return Error{Errc::kInternal, what + " failed (OpenSSL)", {}};
}

File create_exclusive(const std::filesystem::path& path, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return nullptr;
  return File(::fdopen(fd, "w"));
}

std::string subject_alt_names(const std::vector<std::string>& hostnames) {
  std::string out;
  for (const auto& name : hostnames) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(name, ec);
    if (!out.empty()) out += ',';
    out += (ec ? "DNS:" : "IP:") + name;
  }
  return out;
}

}  // namespace

Status generate_self_signed_certificate(const std::filesystem::path& certificate,
                                        const std::filesystem::path& private_key,
                                        const std::vector<std::string>& hostnames) {
  if (hostnames.empty()) return fail(Errc::kInvalidArgument, "no hostname for the certificate");
  std::error_code ec;
  for (const auto& path : {certificate, private_key}) {
    if (std::filesystem::exists(path, ec)) {
      return fail(Errc::kAlreadyExists, path.string() + " already exists; not overwriting it");
    }
  }
  std::filesystem::create_directories(certificate.parent_path(), ec);
  std::filesystem::create_directories(private_key.parent_path(), ec);

  PKey key(EVP_EC_gen("P-256"));
  if (!key) return fail(openssl_error("generating a P-256 key"));
  Cert cert(X509_new());
  if (!cert) return fail(openssl_error("allocating a certificate"));

  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;  // a positive serial number
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValiditySeconds);
  X509_set_pubkey(cert.get(), key.get());

  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Keyward"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(hostnames.front().c_str()), -1,
                             -1, 0);
  X509_set_issuer_name(cert.get(), name);

  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, cert.get(), cert.get(), nullptr, nullptr, 0);
  const std::string san = subject_alt_names(hostnames);
  for (const auto& [nid, value] : std::initializer_list<std::pair<int, std::string>>{
           {NID_subject_alt_name, san},
           {NID_basic_constraints, "critical,CA:FALSE"},
           {NID_key_usage, "critical,digitalSignature"},
           {NID_ext_key_usage, "serverAuth"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, nid, value.c_str());
    if (!ext) return fail(openssl_error("building certificate extensions"));
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
    return fail(openssl_error("signing the certificate"));
  }

  File key_file = create_exclusive(private_key, 0600);
  if (!key_file) {
    return fail(Errc::kUnavailable,
                "cannot create " + private_key.string() + " (it must not exist already)");
  }
  if (!PEM_write_PrivateKey(key_file.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)) {
    key_file.reset();
    std::filesystem::remove(private_key, ec);
    return fail(openssl_error("writing the private key"));
  }
  key_file.reset();
  File cert_file = create_exclusive(certificate, 0644);
  if (!cert_file || !PEM_write_X509(cert_file.get(), cert.get())) {
    // Never leave a key without its certificate: the next attempt would refuse to overwrite it.
    std::filesystem::remove(private_key, ec);
    if (cert_file) std::filesystem::remove(certificate, ec);
    return fail(Errc::kUnavailable, "cannot write the certificate " + certificate.string());
  }
  return {};
}

namespace {

constexpr char kTls12Ciphers[] =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr char kTls13Suites[] =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";

}  // namespace

Result<std::shared_ptr<boost::asio::ssl::context>> make_server_tls_context(
    const std::filesystem::path& certificate_chain, const std::filesystem::path& private_key) {
  namespace ssl = boost::asio::ssl;
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::single_dh_use);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(
      native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION);
  // TLS 1.2 with forward secrecy and AEAD only (no CBC, no RSA key exchange); TLS 1.3's suites
  // are all AEAD.
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1 ||
      SSL_CTX_set_ciphersuites(native, kTls13Suites) != 1) {
    return fail(Errc::kInternal, "this OpenSSL supports none of the TLS cipher suites required");
  }
  // Resumption by rotating tickets only: no server-side session cache to grow.
  SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_timeout(native, static_cast<long>(kTicketLifetime.count()));
  install_ticket_keys(*ctx);
  // An idle keep-alive connection gives its read and write buffers back (tens of KiB each), so
  // thousands of idle clients cost little memory.
  SSL_CTX_set_mode(ctx->native_handle(), SSL_MODE_RELEASE_BUFFERS);
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(certificate_chain.string(), ec);
  if (ec) {
    return fail(Errc::kInvalidArgument,
                "cannot load TLS certificate " + certificate_chain.string() + ": " + ec.message());
  }
  ctx->use_private_key_file(private_key.string(), ssl::context::pem, ec);
  if (ec) {
    return fail(Errc::kInvalidArgument,
                "cannot load TLS private key " + private_key.string() + ": " + ec.message());
  }
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
    return fail(Errc::kInvalidArgument, "the TLS private key does not match the certificate");
  }
  return ctx;
}

Result<std::string> certificate_fingerprint(const std::filesystem::path& certificate) {
  File f(std::fopen(certificate.c_str(), "r"));
  if (!f) return fail(Errc::kNotFound, "cannot read " + certificate.string());
  Cert cert(PEM_read_X509(f.get(), nullptr, nullptr, nullptr));
  if (!cert)
    return fail(Errc::kInvalidArgument, certificate.string() + " is not a PEM certificate");
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  X509_digest(cert.get(), EVP_sha256(), md, &n);
  std::string out = "SHA256 Fingerprint=";
  char hex[4];
  for (unsigned int i = 0; i < n; ++i) {
    std::snprintf(hex, sizeof hex, i + 1 < n ? "%02X:" : "%02X", md[i]);
    out += hex;
  }
  return out;
}

}  // namespace keyward::http

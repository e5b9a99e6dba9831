// The TLS Keyward serves, seen from clients: TLS 1.3 and 1.2 with AEAD ciphers are accepted;
// TLS 1.1 and CBC ciphers are refused at the handshake.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include "integration/integration_fixture.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace keyward::testing {
namespace {

class TlsPolicyTest : public ServerTest {
 protected:
  // Whether a handshake with a client limited to `version` (and `ciphers` for TLS 1.2 and
  // older) succeeds; the negotiated cipher in `chosen`.
  bool handshake(int version, const char* ciphers, std::string* chosen = nullptr) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_min_proto_version(ctx, version);
    SSL_CTX_set_max_proto_version(ctx, version);
    // Let the client offer what OpenSSL's defaults would not: the server must be the one that
    // refuses.
    SSL_CTX_set_security_level(ctx, 0);
    if (ciphers) SSL_CTX_set_cipher_list(ctx, ciphers);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(
        static_cast<std::uint16_t>(std::stoi(server->url().substr(server->url().rfind(':') + 1))));
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to), 0);
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    const bool ok = SSL_connect(ssl) == 1;
    if (ok && chosen) *chosen = SSL_get_cipher_name(ssl);
    SSL_free(ssl);
    ::close(fd);
    SSL_CTX_free(ctx);
    return ok;
  }
};

TEST_F(TlsPolicyTest, ModernClientsAreServed) {
  std::string cipher;
  EXPECT_TRUE(handshake(TLS1_3_VERSION, nullptr, &cipher));
  EXPECT_EQ(cipher.rfind("TLS_", 0), 0u) << cipher;
  EXPECT_TRUE(handshake(TLS1_2_VERSION, "ECDHE-ECDSA-AES128-GCM-SHA256", &cipher));
  EXPECT_TRUE(handshake(TLS1_2_VERSION, "ECDHE-ECDSA-CHACHA20-POLY1305", &cipher));
  EXPECT_TRUE(handshake(TLS1_2_VERSION, "ALL:@SECLEVEL=0", &cipher));
  EXPECT_NE(cipher.find("GCM"), std::string::npos)
      << "the server's order puts AEAD first: " << cipher;
}

TEST_F(TlsPolicyTest, OldProtocolsAndCbcCiphersAreRefused) {
  EXPECT_FALSE(handshake(TLS1_1_VERSION, "ALL:@SECLEVEL=0"));
  EXPECT_FALSE(handshake(TLS1_VERSION, "ALL:@SECLEVEL=0"));
  EXPECT_FALSE(handshake(TLS1_2_VERSION, "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA"));
  EXPECT_FALSE(handshake(TLS1_2_VERSION, "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384"));
  // The server still serves after refusing.
  auto client = server->client();
  EXPECT_EQ(client.get("/healthz").status, 200);
}

}  // namespace
}  // namespace keyward::testing

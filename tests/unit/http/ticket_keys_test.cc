#include "http/ticket_keys.h"

#include <filesystem>
#include <random>

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include "http/tls.h"

namespace keyward::http {
namespace {

namespace fs = std::filesystem;

// A server context as Keyward serves with, and TLS 1.2 clients that resume sessions with
// tickets, all over in-memory BIO pairs.
class TicketKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("keyward-ticket-keys-" + std::to_string(rd()));
    fs::create_directories(dir_);
    ASSERT_TRUE(generate_self_signed_certificate(dir_ / "c.pem", dir_ / "k.pem", {"localhost"}));
    auto ctx = make_server_tls_context(dir_ / "c.pem", dir_ / "k.pem");
    ASSERT_TRUE(ctx);
    server_ = *ctx;
    client_ = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_max_proto_version(client_, TLS1_2_VERSION);  // tickets arrive in the handshake
  }
  void TearDown() override {
    if (session_) SSL_SESSION_free(session_);
    SSL_CTX_free(client_);
    fs::remove_all(dir_);
  }

  // One handshake, resuming the last session if there is one. Whether it resumed.
  bool handshake() {
    SSL* c = SSL_new(client_);
    SSL* s = SSL_new(server_->native_handle());
    BIO *cb, *sb;
    BIO_new_bio_pair(&cb, 0, &sb, 0);
    SSL_set_bio(c, cb, cb);
    SSL_set_bio(s, sb, sb);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    if (session_) SSL_set_session(c, session_);
    for (int i = 0; i < 100 && !(SSL_is_init_finished(c) && SSL_is_init_finished(s)); ++i) {
      SSL_do_handshake(c);
      SSL_do_handshake(s);
    }
    EXPECT_TRUE(SSL_is_init_finished(c));
    const bool resumed = SSL_session_reused(c) == 1;
    if (session_) SSL_SESSION_free(session_);
    session_ = SSL_get1_session(c);
    // A connection freed without a shutdown marks its session as not to be resumed.
    SSL_shutdown(c);
    SSL_shutdown(s);
    SSL_free(c);
    SSL_free(s);
    return resumed;
  }

  fs::path dir_;
  std::shared_ptr<boost::asio::ssl::context> server_;
  SSL_CTX* client_ = nullptr;
  SSL_SESSION* session_ = nullptr;
};

TEST_F(TicketKeysTest, ATicketResumesUntilItsKeyHasRotatedTwice) {
  EXPECT_FALSE(handshake());  // first contact
  EXPECT_TRUE(handshake());   // resumed with the ticket
  rotate_ticket_keys(*server_);
  EXPECT_TRUE(handshake());  // sealed with the previous key: still good, and renewed
  rotate_ticket_keys(*server_);
  rotate_ticket_keys(*server_);
  EXPECT_FALSE(handshake());  // its key is gone: a full handshake
  EXPECT_TRUE(handshake());
}

}  // namespace
}  // namespace keyward::http

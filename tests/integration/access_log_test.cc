// The access log is safe to read and to share: tokens in paths are reduced to hints, odd bytes
// are escaped, and with "Mask invalid IPs on login" on, no file Keyward writes holds the full
// address of a client whose sign-in or authentication failed.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "integration/integration_fixture.h"
#include "support/process.h"
#include "support/raw_tls_client.h"

namespace keyward::testing {
namespace {

class AccessLogTest : public ServerTest {
 protected:
  // Every file of the data directory (database, its WAL, the outbox) and the server's log.
  std::string everything_written() const {
    std::string all = server->log();
    for (const auto& entry : std::filesystem::recursive_directory_iterator(server->data_dir())) {
      if (entry.is_regular_file()) all += read_whole_file(entry.path());
    }
    return all;
  }
};

TEST_F(AccessLogTest, ATokenInAPathIsLoggedAsItsHintAndOddBytesAreEscaped) {
  const auto key = create_key("secret");
  const std::string token = text(key.at("token"));
  auto client = server->client();
  client.get(org_path("/keys/" + token), server->admin_headers());
  // Raw bytes, as only a hand-made request sends them (a client library would percent-encode).
  raw_exchange(server->url(), server->ca_file(),
               "GET /caf\xc3\xa9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string log = server->log();
  EXPECT_EQ(log.find(token), std::string::npos) << "the token reached the log";
  EXPECT_NE(log.find("/keys/kw_sk_..." + token.substr(token.size() - 4)), std::string::npos) << log;
  EXPECT_NE(log.find("GET /caf\\xc3\\xa9 404"), std::string::npos) << log;
}

TEST_F(AccessLogTest, WithMaskingOnNoFileHoldsTheFullAddressOfAFailedAttempt) {
  auto admin = server->client();
  ASSERT_EQ(admin
                .put_json("/api/v1/system/key-policy", R"({"mask_invalid_ips": true})",
                          server->admin_headers())
                .status,
            200);
  // Failures come from 127.0.0.7 only; everything that succeeds from 127.0.0.1.
  auto stranger = server->client();
  stranger.set_source_address("127.0.0.7");
  EXPECT_EQ(stranger
                .post_json("/api/v1/session", R"({"username": ")" + server->init().admin_username +
                                                  R"(", "password": "wrong password"})")
                .status,
            401);
  EXPECT_EQ(stranger.get(org_path("/keys"), {{"Authorization", "Bearer kw_sk_guess"}}).status, 401);
  EXPECT_EQ(stranger
                .get("/Contrast/api/ng/applications",
                     {{"Authorization", basic_credentials("x@example.com", "guess")},
                      {"API-Key", "guess"}})
                .status,
            401);
  // Audit records of failures are written within a second, then the server stops so that the
  // database and its WAL are complete on disk.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_EQ(server->stop(), 0);
  const std::string written = everything_written();
  EXPECT_EQ(written.find("127.0.0.7"), std::string::npos) << "a failed client's address was kept";
  EXPECT_NE(written.find("127.0.0.0/24"), std::string::npos) << "the masked network is recorded";
}

}  // namespace
}  // namespace keyward::testing

// The server as a process: TLS by default, plain HTTP only when asked, keep-alive, limits on
// configuration, and a graceful stop.
#include <fstream>

#include <gtest/gtest.h>

#include "integration/integration_fixture.h"
#include "support/free_port.h"
#include "support/raw_tls_client.h"

namespace keyward::testing {
namespace {

TEST(Server, ServesTlsByDefaultAndStopsGracefully) {
  KeywardServer server;
  EXPECT_TRUE(server.url().starts_with("https://127.0.0.1:"));
  auto client = server.client();
  const auto r = client.get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("status").as_string(), "ok");
  EXPECT_EQ(r.header("strict-transport-security"), "max-age=31536000");
  EXPECT_EQ(server.stop(), 0);
  EXPECT_NE(server.log().find("stopped"), std::string::npos);
}

TEST(Server, KeepsConnectionsAlive) {
  KeywardServer server;
  const std::string host = server.url().substr(8);
  const auto response = raw_exchange(server.url(), server.ca_file(),
                                     "GET /healthz HTTP/1.1\r\nHost: " + host +
                                         "\r\n\r\nGET /healthz HTTP/1.1\r\nHost: " + host +
                                         "\r\nConnection: close\r\n\r\n");
  size_t answers = 0;
  for (size_t at = response.find("HTTP/1.1 200"); at != std::string::npos;
       at = response.find("HTTP/1.1 200", at + 1)) {
    ++answers;
  }
  EXPECT_EQ(answers, 2u) << response;
}

TEST(Server, RefusesPlainHttpOnTheTlsPort) {
  KeywardServer server;
  HttpClient plain("http://" + server.url().substr(8), "");
  EXPECT_ANY_THROW(plain.get("/healthz"));
  auto client = server.client();
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST(Server, ServesPlainHttpWhenAsked) {
  KeywardServer::Options options;
  options.plaintext = true;
  KeywardServer server(options);
  EXPECT_TRUE(server.url().starts_with("http://"));
  auto client = server.client();
  const auto r = client.get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.header("strict-transport-security").empty());
}

TEST(Server, RefusesToServeAnUninitializedDirectory) {
  TempDir temp;
  const auto r =
      run_keyward({"serve", "--data-dir", (temp / "none").string(), "--listen", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("keyward init"), std::string::npos) << r.err;
}

TEST(Server, ABusyPortIsAClearError) {
  KeywardServer first;
  const std::string port = first.url().substr(first.url().rfind(':') + 1);
  const auto r = first.cli({"serve", "--listen", "127.0.0.1:" + port});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot listen on 127.0.0.1:" + port), std::string::npos) << r.err;
}

TEST(Server, AConfigFileWithATypoIsRefused) {
  TempDir temp;
  const auto dir = (temp / "d").string();
  ASSERT_EQ(run_keyward({"init", "--data-dir", dir}).exit_code, 0);
  { std::ofstream(temp / "keyward.toml") << "listen = \"127.0.0.1:0\"\nlisten_adress = \"x\"\n"; }
  const auto r =
      run_keyward({"serve", "--data-dir", dir, "--config", (temp / "keyward.toml").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown setting \"listen_adress\" (line 2)"), std::string::npos) << r.err;
}

TEST(Server, AConfigFileSetsTheListenAddressAndLimits) {
  TempDir temp;
  const auto dir = (temp / "d").string();
  ASSERT_EQ(run_keyward({"init", "--data-dir", dir}).exit_code, 0);
  {
    std::ofstream(temp / "keyward.toml") << "data_dir = \"" << dir
                                         << "\"\nlisten = \"127.0.0.1:0\"\n"
                                            "[limits]\nheader_bytes = 2048\n";
  }
  KeywardServer::Options options;
  options.serve_args = {"--config", (temp / "keyward.toml").string()};
  KeywardServer server(options);  // its own --data-dir wins over the file's
  const std::string host = server.url().substr(8);
  const auto response = raw_exchange(server.url(), server.ca_file(),
                                     "GET /healthz HTTP/1.1\r\nHost: " + host +
                                         "\r\nX-Pad: " + std::string(3000, 'a') + "\r\n\r\n");
  EXPECT_EQ(raw_status(response), 431);
}

TEST(Server, MetricsAreServedAsPrometheusTextToAdministratorsOnly) {
  KeywardServer server;
  auto client = server.client();
  client.get("/healthz");
  EXPECT_EQ(client.get("/metrics").status, 401);  // not to anyone who can reach the API
  auto headers = server.admin_headers();
  headers.emplace_back("Accept", "text/plain");
  const auto r = client.get("/metrics", headers);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.header("content-type").starts_with("text/plain; version=0.0.4"));
  EXPECT_NE(r.body.find("keyward_indexed_keys 1"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("keyward_open_connections 1"), std::string::npos) << r.body;
}

// A scraper gets the metrics, without credentials, where the operator asked for them.
TEST(Server, MetricsListenServesOnlyMetricsWithoutCredentials) {
  const int port = free_port();
  KeywardServer::Options options;
  options.config = "metrics_listen = \"127.0.0.1:" + std::to_string(port) + "\"\n";
  KeywardServer server(options);
  HttpClient scraper("http://127.0.0.1:" + std::to_string(port), "");
  const auto r = scraper.get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("keyward_index_fresh 1"), std::string::npos) << r.body;
  EXPECT_EQ(scraper.get("/api/v1/orgs").status, 404);
  EXPECT_EQ(scraper.request("POST", "/metrics", {}).status, 405);
}

TEST(Server, NeverLogsSecrets) {
  KeywardServer server;
  auto client = server.client();
  const auto key = client.post_json("/api/v1/orgs/" + server.init().org_id + "/keys",
                                    R"({"name":"s","kind":"secret"})", server.admin_headers());
  const std::string token(key.json().at("token").as_string());
  client.post_json("/api/v1/keys/verify", R"({"key":")" + token + "\"}");
  client.get("/api/v1/orgs?token=" + token, {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(server.stop(), 0);
  const std::string log = server.log();
  EXPECT_NE(log.find("POST /api/v1/keys/verify 200"), std::string::npos) << log;
  for (const auto& secret : {token, server.init().admin_service_key, server.init().org_api_key,
                             server.init().admin_password}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << "a secret reached the log";
  }
}

}  // namespace
}  // namespace keyward::testing

// Keyward as the gateway's judge: a real nginx with `auth_request` to `/api/v1/auth`, in front of
// an upstream, configured as docs/api.md tells operators to. Clients play different hosts by
// connecting from different loopback addresses.
#include <gtest/gtest.h>

#include "integration/integration_fixture.h"
#include "support/nginx.h"

namespace keyward::testing {
namespace {

class GatewayTest : public ServerTest {
 protected:
  KeywardServer::Options server_options() const override {
    KeywardServer::Options o;
    // nginx reaches Keyward from 127.0.0.1: its X-Forwarded-For names the real client.
    o.config = "trusted_proxies = [\"127.0.0.1\"]\n";
    return o;
  }

  void SetUp() override {
    ServerTest::SetUp();
    const std::string keyward_port = server->url().substr(server->url().rfind(':') + 1);
    const int upstream = free_port();
    gateway_port_ = free_port();
    const std::string config =
        // The protected API: it answers with what the gateway told it about the caller.
        "server { listen 127.0.0.1:" + std::to_string(upstream) +
        ";\n"
        "  location / { return 200 \"org=$http_x_org_id principal=$http_x_principal "
        "key=$http_x_key_id\\n\"; } }\n"
        "server { listen 127.0.0.1:" +
        std::to_string(gateway_port_) +
        ";\n"
        "  location = /_keyward { internal;\n"
        "    proxy_pass https://127.0.0.1:" +
        keyward_port +
        "/api/v1/auth;\n"
        "    proxy_pass_request_body off; proxy_set_header Content-Length \"\";\n"
        "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        "    proxy_ssl_trusted_certificate " +
        server->ca_file() +
        ";\n"
        "    proxy_ssl_verify on; proxy_ssl_name localhost; proxy_ssl_server_name on; }\n"
        // The same check, asking for a scope of the organization's own.
        "  location = /_keyward_invoices { internal;\n"
        "    proxy_pass https://127.0.0.1:" +
        keyward_port +
        "/api/v1/auth?scope=invoices:read;\n"
        "    proxy_pass_request_body off; proxy_set_header Content-Length \"\";\n"
        "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        "    proxy_ssl_trusted_certificate " +
        server->ca_file() +
        ";\n"
        "    proxy_ssl_verify on; proxy_ssl_name localhost; proxy_ssl_server_name on; }\n"
        "  location /invoices/ { auth_request /_keyward_invoices;\n"
        "    proxy_pass http://127.0.0.1:" +
        std::to_string(upstream) +
        "; }\n"
        "  location /api/ { auth_request /_keyward;\n"
        "    auth_request_set $kw_org $upstream_http_x_keyward_org_id;\n"
        "    auth_request_set $kw_principal $upstream_http_x_keyward_principal;\n"
        "    auth_request_set $kw_key $upstream_http_x_keyward_key_id;\n"
        "    proxy_set_header X-Org-Id $kw_org; proxy_set_header X-Principal $kw_principal;\n"
        "    proxy_set_header X-Key-Id $kw_key;\n"
        "    proxy_pass http://127.0.0.1:" +
        std::to_string(upstream) + "; } }\n";
    nginx_ = std::make_unique<Nginx>(config, gateway_port_);
  }

  // A client of the gateway, connecting from `source`.
  HttpClient client_from(const std::string& source) const {
    HttpClient c("http://127.0.0.1:" + std::to_string(gateway_port_), "");
    c.set_source_address(source);
    return c;
  }

  int gateway_port_ = 0;
  std::unique_ptr<Nginx> nginx_;
};

TEST_F(GatewayTest, AGoodKeyReachesTheUpstreamWithWhatKeywardSaidAboutIt) {
  const auto key = create_key("secret");
  auto client = client_from("127.0.0.2");
  const auto r = client.get("/api/orders", {{"Authorization", "Bearer " + text(key.at("token"))}});
  ASSERT_EQ(r.status, 200) << r.body << nginx_->error_log();
  EXPECT_EQ(r.body,
            "org=" + server->init().org_id + " principal=key key=" + text(key.at("id")) + "\n");
}

TEST_F(GatewayTest, ABadOrMissingKeyIs401AndNeverReachesTheUpstream) {
  auto client = client_from("127.0.0.2");
  EXPECT_EQ(client.get("/api/orders", {{"Authorization", "Bearer kw_sk_wrong"}}).status, 401);
  EXPECT_EQ(client.get("/api/orders").status, 401);
}

TEST_F(GatewayTest, WhateverTheClientAcceptsTheCheckStillWorks) {
  const auto key = create_key("secret");
  auto client = client_from("127.0.0.2");
  for (const std::string accept : {"image/png", "text/html", "application/octet-stream"}) {
    const auto r =
        client.get("/api/image.png",
                   {{"Authorization", "Bearer " + text(key.at("token"))}, {"Accept", accept}});
    EXPECT_EQ(r.status, 200) << accept << ": " << r.body;
  }
}

// A location that asks for a scope passes keys that hold it and refuses, with 403, good keys that
// do not; a key's allowed networks are checked against the client nginx saw.
TEST_F(GatewayTest, ALocationAsksForAScopeAndAKeyIsCheckedAgainstTheRealClientsAddress) {
  const auto reader =
      create_key("secret", R"(, "scopes": ["invoices:read"], "allowed_ips": ["127.0.0.2"])");
  const auto other = create_key("secret", R"(, "scopes": ["reports:read"])");
  const Headers reader_auth{{"Authorization", "Bearer " + text(reader.at("token"))}};
  auto from_allowed = client_from("127.0.0.2");
  const auto passed = from_allowed.get("/invoices/1", reader_auth);
  EXPECT_EQ(passed.status, 200) << passed.body << nginx_->error_log();
  EXPECT_EQ(
      from_allowed.get("/invoices/1", {{"Authorization", "Bearer " + text(other.at("token"))}})
          .status,
      403);
  // The same key from another client address: refused, however it claims to be the first.
  auto from_elsewhere = client_from("127.0.0.3");
  auto claimed = reader_auth;
  claimed.emplace_back("X-Forwarded-For", "127.0.0.2");
  EXPECT_EQ(from_elsewhere.get("/invoices/1", claimed).status, 403);
  // A bad key is still a 401, not a 403.
  EXPECT_EQ(from_allowed.get("/invoices/1", {{"Authorization", "Bearer kw_sk_wrong"}}).status, 401);
}

// Throttling counts the real client's failures (from nginx's X-Forwarded-For), not the gateway's:
// one client hammering with bad keys is held back; everyone else goes on.
TEST_F(GatewayTest, OneClientsFailuresDoNotLockOutAnother) {
  const auto key = create_key("secret");
  const Headers good{{"Authorization", "Bearer " + text(key.at("token"))}};
  auto attacker = client_from("127.0.0.2");
  for (int i = 0; i < 100; ++i) {
    // Claiming to be someone else does not help: nginx appends the address it really saw.
    const auto r = attacker.get(
        "/api/orders", {{"Authorization", "Bearer kw_sk_guess"}, {"X-Forwarded-For", "127.0.0.3"}});
    EXPECT_NE(r.status, 200);
  }
  // Past the limit Keyward answers 429, which auth_request turns into an error: the attacker is
  // refused even with a good key for now...
  EXPECT_NE(attacker.get("/api/orders", good).status, 200);
  // ... while another client, and the good key from it, pass.
  auto other = client_from("127.0.0.3");
  for (int i = 0; i < 20; ++i) {
    const auto r = other.get("/api/orders", good);
    ASSERT_EQ(r.status, 200) << r.body;
  }
}

}  // namespace
}  // namespace keyward::testing

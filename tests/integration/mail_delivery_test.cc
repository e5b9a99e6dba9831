// Keys by email, end to end, through a real SMTP relay on loopback.
#include <fstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "integration/mail_fixture.h"
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace keyward::testing {
namespace {

// A loopback port nothing listens on.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

using MailDeliveryTest = MailTest;

TEST_F(MailDeliveryTest, TheApiKeyIsEmailedAsALinkThatRevealsItOnce) {
  auto client = server->client();
  const auto sent = client.post_json(acme_path("/api-key/email"), "{}", ada());
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(text(sent.json().at("sent_to")), "ada@acme.example");
  EXPECT_FALSE(sent.json().at("rotated").as_bool());

  const auto mail = sink.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_TRUE(mail[0].tls);
  EXPECT_EQ(mail[0].login, kSinkLogin);
  EXPECT_EQ(mail[0].from, "keys@acme.example");
  EXPECT_EQ(mail[0].to, std::vector<std::string>{"ada@acme.example"});
  EXPECT_NE(mail[0].data.find("Subject: Your Keyward organization API key"), std::string::npos);
  EXPECT_NE(mail[0].data.find("To: ada@acme.example"), std::string::npos);
  EXPECT_EQ(mail[0].data.find(acme.api_key), std::string::npos) << "the key itself was mailed";
  EXPECT_NE(mail[0].data.find(server->url() + "/console/reveal#token="), std::string::npos)
      << mail[0].data;

  const std::string token = link_token(mail[0].data);
  ASSERT_GE(token.size(), 32u);
  EXPECT_EQ(redeem(token, max()).status, 404);  // not max's link
  const auto revealed = redeem(token, ada());
  ASSERT_EQ(revealed.status, 200) << revealed.body;
  EXPECT_EQ(text(revealed.json().at("value")), acme.api_key);
  EXPECT_EQ(redeem(token, ada()).status, 404);
  EXPECT_TRUE(has_record(acme_audit(), "org.api_key.email", "one-time link to ada@acme.example"));
  EXPECT_TRUE(has_record(acme_audit(), "credential.reveal"));
}

TEST_F(MailDeliveryTest, RotateAndEmailRetiresTheOldKeyAndMailsALinkToTheNewOne) {
  auto client = server->client();
  const auto sent = client.post_json(acme_path("/api-key/email"), R"({"rotate":true})", ada());
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_TRUE(sent.json().at("rotated").as_bool());
  EXPECT_EQ(client.get("/api/v1/auth", ada()).status, 401);  // the old key fails at once

  const auto mail = sink.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_NE(mail[0].data.find("It was rotated first"), std::string::npos);
  const std::string old_key = acme.api_key;
  // With the old API key ada cannot even ask; she learns the new one from the link itself,
  // signed in with the new key (which her administrator reads here).
  EXPECT_EQ(redeem(link_token(mail[0].data), ada()).status, 401);
  const auto creds = client.get(acme_path("/credentials?reveal=true"), root()).json();
  acme.api_key = text(creds.at("api_key"));
  ASSERT_NE(acme.api_key, old_key);
  const auto redeemed = redeem(link_token(mail[0].data), ada());
  ASSERT_EQ(redeemed.status, 200) << redeemed.body;
  EXPECT_EQ(text(redeemed.json().at("value")), acme.api_key);
  EXPECT_EQ(mail[0].data.find(acme.api_key), std::string::npos);
  EXPECT_EQ(mail[0].data.find(old_key), std::string::npos);
}

TEST_F(MailDeliveryTest, AMemberMayEmailThemselvesTheKeyButNotRotateIt) {
  auto client = server->client();
  EXPECT_EQ(client.post_json(acme_path("/api-key/email"), R"({"rotate":true})", max()).status, 403);
  EXPECT_EQ(client.get("/api/v1/auth", max()).status, 204);  // nothing rotated
  const auto sent = client.post_json(acme_path("/api-key/email"), "", max());
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(sink.wait_for(1).at(0).to, std::vector<std::string>{"max@acme.example"});
  // Other organizations' users, and keys, cannot ask at all.
  EXPECT_EQ(client.post_json(acme_path("/api-key/email"), "", eve()).status, 404);
  EXPECT_EQ(sink.messages().size(), 1u);
}

TEST_F(MailDeliveryTest, WhenTheSystemSaysSoTheKeyItselfIsInTheMessage) {
  auto client = server->client();
  ASSERT_EQ(client.put_json("/api/v1/system/key-policy", R"({"email_key_in_message":true})", root())
                .status,
            200);
  const auto sent = client.post_json("/api/v1/users/me/service-key/email", "{}", max());
  ASSERT_EQ(sent.status, 200) << sent.body;
  const auto mail = sink.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].to, std::vector<std::string>{"max@acme.example"});
  EXPECT_NE(mail[0].data.find(max_user.service_key), std::string::npos) << mail[0].data;
  EXPECT_TRUE(link_token(mail[0].data).empty());

  // Rotate and email: the message has the new key, which works; the old one does not.
  ASSERT_EQ(
      client.post_json("/api/v1/users/me/service-key/email", R"({"rotate":true})", max()).status,
      200);
  const auto both = sink.wait_for(2);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(client.get("/api/v1/auth", max()).status, 401);
  EXPECT_EQ(both[1].data.find(max_user.service_key), std::string::npos);
  max_user.service_key = key_in(both[1].data);
  EXPECT_EQ(client.get("/api/v1/auth", max()).status, 204) << both[1].data;
}

TEST_F(MailDeliveryTest, OneAddressGetsAFewMessagesAnHourThen429WithRetryAfter) {
  auto client = server->client();
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(client.post_json("/api/v1/users/me/service-key/email", "", max()).status, 200) << i;
  }
  const auto limited = client.post_json("/api/v1/users/me/service-key/email", "", max());
  ASSERT_EQ(limited.status, 429) << limited.body;
  const int retry_after = std::stoi(limited.header("retry-after"));
  EXPECT_GT(retry_after, 0);
  EXPECT_LE(retry_after, 3600);
  EXPECT_NE(text(limited.json().at("error").at("message")).find("try again in"), std::string::npos);
  sink.wait_for(3);
  EXPECT_EQ(sink.messages().size(), 3u);
  // Another address is not affected.
  EXPECT_EQ(client.post_json("/api/v1/users/me/service-key/email", "", ada()).status, 200);
}

// smtps://: TLS from the first byte (port 465 style), with the same login.
class ImplicitTlsMailTest : public MailTest {
 protected:
  ImplicitTlsMailTest()
      : MailTest({.starttls = false,
                  .implicit_tls = true,
                  .login = kSinkLogin,
                  .password = kSinkPassword}) {}
};

TEST_F(ImplicitTlsMailTest, KeysAreMailedOverSmtps) {
  auto client = server->client();
  ASSERT_EQ(client.post_json("/api/v1/users/me/service-key/email", "", ada()).status, 200);
  const auto mail = sink.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_TRUE(mail[0].tls);
  EXPECT_EQ(mail[0].login, kSinkLogin);
  EXPECT_FALSE(link_token(mail[0].data).empty());
}

// The mail server cannot be reached: the caller learns the email did not go (502), the audit log
// says why, and a plain email changes nothing.
class UnreachableMailServerTest : public SecurityTest {
 protected:
  KeywardServer::Options server_options() const override {
    KeywardServer::Options o;
    std::ofstream(ca_dir / "ca.pem") << "-----BEGIN CERTIFICATE-----\n";
    o.config = smtp_config("smtp://127.0.0.1:" + std::to_string(closed_port()),
                           (ca_dir / "ca.pem").string());
    return o;
  }
  TempDir ca_dir;
};

TEST_F(UnreachableMailServerTest, TheCallerGets502AndTheKeyIsUnchanged) {
  auto client = server->client();
  const auto failed = client.post_json(acme_path("/api-key/email"), "{}", ada());
  ASSERT_EQ(failed.status, 502) << failed.body;
  EXPECT_EQ(text(failed.json().at("error").at("code")), "upstream_failed");
  EXPECT_NE(text(failed.json().at("error").at("message")).find("the email could not be sent"),
            std::string::npos);
  EXPECT_EQ(failed.body.find(kSinkPassword), std::string::npos);
  EXPECT_EQ(client.get("/api/v1/auth", ada()).status, 204);
  const auto audit = acme_audit();
  const auto* record = find_record(audit, "org.api_key.email");
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(text(record->at("outcome")), "failure");
}

}  // namespace
}  // namespace keyward::testing

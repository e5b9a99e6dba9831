// Leaked-key reports from a secret scanner, end to end: `keyward serve` configured with the
// scanner's public key (a P-256 key pair made for the test), reports signed as GitHub's secret
// scanning partner program signs them, sent over real HTTPS, and the notification through a real
// SMTP relay.
#include <fstream>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "integration/mail_fixture.h"
#include "support/ecdsa_test_signer.h"
#include "support/webhook_receiver.h"

namespace keyward::testing {
namespace {

constexpr char kKeyId[] = "bcb53661c06b4728e59d897fb6165d5c9cda0fd9cdf9d09ead458168deb7518c";
constexpr char kUrl[] = "https://github.com/acme/shop/blob/4f2a/config/prod.env";
// Well formed, with a good checksum, but no key of anyone's (kw_sk_ and 43 zeros).
constexpr char kUnknownToken[] = "kw_sk_00000000000000000000000000000000000000000001H69sW";

// The file an operator saves GitHub's list of keys to, listing `pem` under kKeyId.
std::string key_list(const std::string& pem) {
  boost::json::object key{{"key_identifier", kKeyId}, {"key", pem}, {"is_current", true}};
  return boost::json::serialize(boost::json::object{{"public_keys", boost::json::array{key}}});
}

// A report of these tokens, as the scanner serializes it.
std::string leak_report(const std::vector<std::string>& tokens) {
  boost::json::array items;
  for (const auto& t : tokens) {
    items.push_back(boost::json::object{
        {"token", t}, {"type", "keyward_key"}, {"url", kUrl}, {"source", "content"}});
  }
  return boost::json::serialize(items);
}

class LeakedKeysTest : public MailTest {
 protected:
  LeakedKeysTest() {
    std::ofstream(keys_file.path() / "scanning-keys.json") << key_list(scanner.public_key_pem());
  }

  KeywardServer::Options server_options() const override {
    auto o = MailTest::server_options();
    o.config += "\n[webhooks]\npoll_ms = 100\n\n[leak_reports]\npublic_keys_file = \"" +
                (keys_file.path() / "scanning-keys.json").string() + "\"\n";
    return o;
  }

  HttpResponse send(const std::string& body, const Headers& headers) {
    auto client = server->client();
    return client.post_json("/api/v1/keys/leaked", body, headers);
  }
  HttpResponse send_signed(const std::string& body) {
    return send(body, {{"Github-Public-Key-Identifier", kKeyId},
                       {"Github-Public-Key-Signature", scanner.sign(body)}});
  }

  // A new key of Acme's, created by its administrator: {id, token}.
  std::pair<std::string, std::string> acme_key(const std::string& kind, const std::string& name) {
    auto client = server->client();
    const auto r = client.post_json(
        acme_path("/keys"), R"({"name": ")" + name + R"(", "kind": ")" + kind + "\"}", ada());
    EXPECT_EQ(r.status, 201) << r.body;
    return {text(r.json().at("id")), text(r.json().at("token"))};
  }

  bool valid(const std::string& token) {
    auto client = server->client();
    return verifies(client, token);
  }

  size_t leak_records() {
    size_t n = 0;
    for (const auto& r : acme_audit()) n += text(r.at("action")) == "key.leaked";
    return n;
  }

  TempDir keys_file;
  EcdsaTestSigner scanner;
};

TEST_F(LeakedKeysTest, ASignedReportRevokesASecretKeyAtOnceAndOnlyReportsAPublicOne) {
  const auto [secret_id, secret] = acme_key("secret", "billing");
  const auto [public_id, published] = acme_key("public", "storefront");
  ASSERT_TRUE(valid(secret));

  const auto r = send_signed(leak_report({secret, published, kUnknownToken, "kw_sk_not-a-token"}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(valid(secret)) << "the leaked secret key still works after the 200";
  EXPECT_TRUE(valid(published)) << "a public key was revoked";

  const auto json = r.json();
  const auto& answers = json.as_array();
  ASSERT_EQ(answers.size(), 4u);
  const std::vector<std::pair<std::string, std::string>> expected{
      {secret, "true_positive"},
      {published, "true_positive"},
      {kUnknownToken, "false_positive"},
      {"kw_sk_not-a-token", "false_positive"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(text(answers[i].at("token_raw")), expected[i].first) << i;
    EXPECT_EQ(text(answers[i].at("token_type")), "keyward_key") << i;
    EXPECT_EQ(text(answers[i].at("label")), expected[i].second) << i;
  }

  // The organization learns which keys, where, and what was done; never the tokens.
  const auto mail = sink.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].to, std::vector<std::string>{"ada@acme.example"});
  const std::string& m = mail[0].data;
  EXPECT_NE(m.find("Subject: Keyward: 2 keys of Acme were found exposed"), std::string::npos) << m;
  EXPECT_NE(m.find("secret key \"billing\""), std::string::npos) << m;
  EXPECT_NE(m.find(secret_id), std::string::npos) << m;
  EXPECT_NE(m.find("public key \"storefront\""), std::string::npos) << m;
  EXPECT_NE(m.find(kUrl), std::string::npos) << m;
  EXPECT_NE(m.find("revoked it at once"), std::string::npos) << m;
  EXPECT_NE(m.find("so it was not revoked"), std::string::npos) << m;
  EXPECT_EQ(m.find(secret), std::string::npos) << "the secret token was mailed";
  EXPECT_EQ(m.find(published), std::string::npos) << "the public token was mailed";

  // Where each was found is recorded, and the revocation names the scanner; no token anywhere.
  const auto audit = acme_audit();
  EXPECT_TRUE(has_record(audit, "key.leaked", std::string("secret key \"billing\"")));
  EXPECT_TRUE(has_record(audit, "key.leaked", std::string(kUrl) + " (content); revoked"));
  EXPECT_TRUE(has_record(audit, "key.leaked", "public keys are not revoked"));
  const auto* deleted = find_record(audit, "key.delete");
  ASSERT_NE(deleted, nullptr);
  EXPECT_EQ(text(deleted->at("actor")), "secret scanning");
  EXPECT_EQ(text(deleted->at("target")), "key:" + secret_id);
  const std::string all = boost::json::serialize(audit);
  EXPECT_EQ(all.find(secret), std::string::npos);
  EXPECT_EQ(all.find(published), std::string::npos);
}

TEST_F(LeakedKeysTest, ASubscribedEndpointHearsOfTheLeakWithoutTheToken) {
  WebhookReceiver receiver;
  auto client = server->client();
  const auto hook =
      client.post_json(acme_path("/webhooks"),
                       boost::json::serialize(boost::json::object{
                           {"url", receiver.url()}, {"events", boost::json::array{"key.leaked"}}}),
                       ada());
  ASSERT_EQ(hook.status, 201) << hook.body;
  const std::string secret_of_hook = text(hook.json().at("secret"));
  const auto [id, secret] = acme_key("secret", "deploy");

  ASSERT_EQ(send_signed(leak_report({secret})).status, 200);
  const auto got = receiver.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].signed_with(secret_of_hook));
  const auto event = boost::json::parse(got[0].body);
  EXPECT_EQ(text(event.at("type")), "key.leaked");
  const auto& data = event.at("data");
  EXPECT_EQ(text(data.at("key_id")), id);
  EXPECT_EQ(text(data.at("org_id")), acme.org_id);
  EXPECT_EQ(text(data.at("url")), kUrl);
  EXPECT_EQ(text(data.at("source")), "content");
  EXPECT_TRUE(data.at("revoked").as_bool());
  EXPECT_EQ(got[0].body.find(secret), std::string::npos) << "the token was sent to the endpoint";
}

TEST_F(LeakedKeysTest, ATokenReportedAgainAfterItsRevocationIsAFalsePositiveAndChangesNothing) {
  const auto [id, secret] = acme_key("secret", "ci");
  ASSERT_EQ(send_signed(leak_report({secret, secret})).status, 200);
  ASSERT_EQ(sink.wait_for(1).size(), 1u);
  EXPECT_EQ(leak_records(), 1u) << "a token twice in one report is handled once";

  const auto again = send_signed(leak_report({secret}));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(text(again.json().at(0).at("label")), "false_positive");
  EXPECT_EQ(leak_records(), 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(sink.messages().size(), 1u);
}

TEST_F(LeakedKeysTest, AReportTheSignatureDoesNotVouchForIsRefusedAndChangesNothing) {
  const auto [id, secret] = acme_key("secret", "payments");
  const std::string body = leak_report({secret});
  const EcdsaTestSigner stranger;
  const std::vector<std::pair<std::string, Headers>> refused{
      {"signed over another body",
       {{"Github-Public-Key-Identifier", kKeyId},
        {"Github-Public-Key-Signature", scanner.sign(leak_report({kUnknownToken}))}}},
      {"signed by another key",
       {{"Github-Public-Key-Identifier", kKeyId},
        {"Github-Public-Key-Signature", stranger.sign(body)}}},
      {"an unknown key identifier",
       {{"Github-Public-Key-Identifier", std::string(kKeyId).replace(0, 1, "0")},
        {"Github-Public-Key-Signature", scanner.sign(body)}}},
      {"no signature", {{"Github-Public-Key-Identifier", kKeyId}}},
      {"no key identifier", {{"Github-Public-Key-Signature", scanner.sign(body)}}},
      {"a signature that is not base64",
       {{"Github-Public-Key-Identifier", kKeyId}, {"Github-Public-Key-Signature", "%%%"}}},
      {"no headers at all", {}}};
  std::string first_body;
  for (const auto& [what, headers] : refused) {
    const auto r = send(body, headers);
    EXPECT_EQ(r.status, 401) << what << ": " << r.body;
    if (first_body.empty()) first_body = r.body;
    EXPECT_EQ(r.body, first_body) << what << ": the refusal should say the same whatever was wrong";
    EXPECT_EQ(r.body.find(secret), std::string::npos) << what;
    EXPECT_EQ(r.body.find("false_positive"), std::string::npos) << what;
  }
  // Unsigned garbage is refused for its signature before anything reads it.
  EXPECT_EQ(send("[{not json", {}).status, 401);

  EXPECT_TRUE(valid(secret));
  EXPECT_EQ(leak_records(), 0u);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(sink.messages().empty());
}

TEST_F(LeakedKeysTest, ASignedReportOfTheWrongShapeIsRefusedWholeAndChangesNothing) {
  const auto [id, secret] = acme_key("secret", "reports");
  std::vector<std::string> too_many(1001, kUnknownToken);
  too_many.back() = secret;
  for (const std::string& body :
       {std::string("[{not json"), std::string(R"({"token": "x"})"), std::string("[]"),
        R"([{"token": ")" + secret + R"("}, {"type": "keyward_key"}])",
        R"([{"token": ")" + secret + R"(", "url": 7}])", leak_report(too_many)}) {
    const auto r = send_signed(body);
    EXPECT_EQ(r.status, 400) << body.substr(0, 80) << ": " << r.body;
    EXPECT_EQ(r.body.find(secret), std::string::npos);
  }
  EXPECT_TRUE(valid(secret));
  EXPECT_EQ(leak_records(), 0u);
}

TEST_F(LeakedKeysTest, AnUnreadableKeyListStopsTheServerFromStarting) {
  const auto bad = keys_file.path() / "bad.json";
  std::ofstream(bad) << key_list(EcdsaTestSigner("P-384").public_key_pem());
  const auto config = keys_file.path() / "serve.toml";
  std::ofstream(config) << "[leak_reports]\npublic_keys_file = \"" << bad.string() << "\"\n";
  const auto r = server->cli({"serve", "--config", config.string(), "--listen", "127.0.0.1:0"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("bad.json: public_keys[0]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not P-256"), std::string::npos) << r.err;
}

// Without keys configured the route exists but takes nothing, and says how to turn it on.
using LeakedKeysOffTest = ServerTest;

TEST_F(LeakedKeysOffTest, AnswersServiceUnavailableNamingTheSetting) {
  const auto key = create_key("secret");
  const std::string token = text(key.at("token"));
  const EcdsaTestSigner scanner;
  const std::string body = leak_report({token});
  auto client = server->client();
  const auto r = client.post_json("/api/v1/keys/leaked", body,
                                  {{"Github-Public-Key-Identifier", kKeyId},
                                   {"Github-Public-Key-Signature", scanner.sign(body)}});
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_NE(r.body.find("[leak_reports] public_keys_file"), std::string::npos) << r.body;
  EXPECT_TRUE(verifies(client, token));
}

}  // namespace
}  // namespace keyward::testing

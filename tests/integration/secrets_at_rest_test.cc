// The final check: after a session that exercises every kind of credential, none of the secrets
// it created appears in clear in the server's log, in any file of the data directory (database,
// write-ahead log, outbox) or in the mail the relay received. The one exception is a key a user
// asked to have put in a message.
#include <filesystem>
#include <set>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "crypto/base64.h"
#include "integration/mail_fixture.h"
#include "support/read_file.h"

namespace keyward::testing {
namespace {

class SecretsAtRestTest : public MailTest {
 protected:
  // Remembers a secret the suite was shown (or chose), to look for later.
  void keep(const std::string& what, const std::string& secret) {
    ASSERT_GE(secret.size(), 8u) << what;
    secrets.emplace_back(what, secret);
  }

  // Every place a secret must not be: "where: what" for each one found.
  std::vector<std::string> leaks(const std::string& where, const std::string& haystack,
                                 const std::set<std::string>& allowed = {}) const {
    std::vector<std::string> found;
    for (const auto& [what, secret] : secrets) {
      if (!allowed.contains(secret) && haystack.find(secret) != std::string::npos) {
        found.push_back(where + ": " + what);
      }
    }
    return found;
  }

  std::vector<std::pair<std::string, std::string>> secrets;
};

TEST_F(SecretsAtRestTest, NoSecretTheSuiteCreatedIsStoredLoggedOrMailedInClear) {
  auto client = server->client();
  const auto& init = server->init();
  keep("system administrator's password", init.admin_password);
  keep("system administrator's service key", init.admin_service_key);
  keep("first organization's API key", init.org_api_key);
  keep("Acme's API key", acme.api_key);
  keep("Acme's agent service key", acme.agent_service_key);
  keep("ada's service key", acme.user_service_key);
  keep("Globex's API key", globex.api_key);
  keep("eve's service key", globex.user_service_key);
  keep("max's password", max_user.password);
  keep("max's service key", max_user.service_key);
  keep("ada's Authorization header", basic_credentials("ada@acme.example", acme.user_service_key));

  // A console session, and a wrong password (perhaps a typo of a real one).
  const auto session = client.post_json(
      "/api/v1/session", boost::json::serialize(boost::json::object{
                             {"username", max_user.username}, {"password", max_user.password}}));
  ASSERT_EQ(session.status, 201) << session.body;
  const std::string set_cookie = session.header("set-cookie");
  const auto cookie_start = set_cookie.find('=') + 1;
  keep("max's session cookie",
       set_cookie.substr(cookie_start, set_cookie.find(';') - cookie_start));
  keep("max's CSRF token", text(session.json().at("csrf_token")));
  const std::string typo = max_user.password + "x";
  keep("a mistyped password", typo);
  ASSERT_EQ(
      client
          .post_json("/api/v1/session", boost::json::serialize(boost::json::object{
                                            {"username", max_user.username}, {"password", typo}}))
          .status,
      401);

  // Named keys, created and rolled.
  const auto made =
      client.post_json(acme_path("/keys"), R"({"name":"ci","kind":"secret"})", ada()).json();
  keep("a secret key", text(made.at("token")));
  // Public keys are meant to be published, and are stored as they are: not looked for.
  ASSERT_EQ(client.post_json(acme_path("/keys"), R"({"name":"web","kind":"public"})", ada()).status,
            201);
  const auto rolled =
      client.post_json(acme_path("/keys/" + text(made.at("id")) + "/roll"), "{}", ada());
  ASSERT_EQ(rolled.status, 201) << rolled.body;
  keep("a rolled secret key", text(rolled.json().at("token")));

  // Rotations, a chosen key, and a rotated key presented again.
  const Headers ada_before = ada();
  acme.api_key =
      text(client.post_json(acme_path("/api-key/rotate"), "", ada()).json().at("api_key"));
  keep("Acme's rotated API key", acme.api_key);
  EXPECT_EQ(client.get("/api/v1/auth", ada_before).status, 401);
  const std::string chosen = "Chosen7Api8Key9Value0WithEnoughLength12";
  keep("Acme's chosen API key", chosen);
  ASSERT_EQ(client
                .put_json(acme_path("/api-key"),
                          boost::json::serialize(boost::json::object{{"value", chosen}}), ada())
                .status,
            200);
  acme.api_key = chosen;
  acme.agent_service_key = text(
      client.post_json(acme_path("/agent-key/rotate"), "", ada()).json().at("agent_service_key"));
  keep("Acme's rotated agent service key", acme.agent_service_key);
  acme.user_service_key = text(
      client.post_json("/api/v1/users/me/service-key/rotate", "", ada()).json().at("service_key"));
  keep("ada's rotated service key", acme.user_service_key);

  // An application key, revealed, rotated and chosen.
  const std::string app = register_app("shop", "Java");
  const std::string app_key_path = acme_path("/applications/" + app + "/key");
  keep("an application key",
       text(client.get(app_key_path + "?reveal=true", ada()).json().at("application_key")));
  keep("a rotated application key",
       text(client.post_json(app_key_path + "/rotate", "", ada()).json().at("application_key")));
  const std::string chosen_app_key = "AppKey1Chosen2ByAnAdministrator3";
  keep("a chosen application key", chosen_app_key);
  ASSERT_EQ(
      client
          .put_json(app_key_path,
                    boost::json::serialize(boost::json::object{{"value", chosen_app_key}}), ada())
          .status,
      200);

  // Emailed links (their tokens may be in the mail, nowhere else), then a key in a message.
  ASSERT_EQ(client.post_json(acme_path("/api-key/email"), "", ada()).status, 200);
  ASSERT_EQ(client.post_json("/api/v1/users/me/service-key/email", "", max()).status, 200);
  auto mail = sink.wait_for(2);
  ASSERT_EQ(mail.size(), 2u);
  std::set<std::string> in_messages;
  for (const auto& m : mail) {
    const std::string token = link_token(m.data);
    keep("an emailed link's token", token);
    in_messages.insert(token);
  }
  ASSERT_EQ(redeem(link_token(mail[0].data), ada()).status, 200);
  ASSERT_EQ(client.put_json("/api/v1/system/key-policy", R"({"email_key_in_message":true})", root())
                .status,
            200);
  ASSERT_EQ(
      client.post_json("/api/v1/users/me/service-key/email", R"({"rotate":true})", max()).status,
      200);
  mail = sink.wait_for(3);
  ASSERT_EQ(mail.size(), 3u);
  const std::string mailed_key = key_in(mail[2].data);
  keep("max's service key, mailed at his request", mailed_key);
  in_messages.insert(mailed_key);
  keep("the SMTP relay's password", kSinkPassword);

  // Let the buffered records (authentication failures, last-used times) reach the store.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));

  std::vector<std::string> found;
  const auto scan_data_dir = [&](const std::string& when) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(server->data_dir())) {
      if (!e.is_regular_file()) continue;
      const auto more = leaks(when + " " + e.path().filename().string(), read_file(e.path()));
      found.insert(found.end(), more.begin(), more.end());
    }
  };
  scan_data_dir("while serving:");  // the write-ahead log still holds the latest writes
  for (size_t i = 0; i < mail.size(); ++i) {
    const auto more = leaks("message " + std::to_string(i + 1), mail[i].data, in_messages);
    found.insert(found.end(), more.begin(), more.end());
  }
  ASSERT_EQ(server->stop(), 0);
  scan_data_dir("after stopping:");
  const std::string log = server->log();
  EXPECT_NE(log.find("/api/v1/session"), std::string::npos) << "the access log is not on";
  const auto in_log = leaks("server log", log);
  found.insert(found.end(), in_log.begin(), in_log.end());

  EXPECT_TRUE(found.empty()) << ::testing::PrintToString(found);
  // The scan looks where it should: the mailed key is in its message.
  EXPECT_FALSE(leaks("message 3", mail[2].data).empty());
}

}  // namespace
}  // namespace keyward::testing

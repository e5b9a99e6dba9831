// `keyward webhook ...` as an operator uses it: endpoints registered, listed and deleted from the
// command, a running server delivering to them (a real receiver on loopback), and the tries the
// command lists afterwards; refusals that say why and change nothing.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "integration/integration_fixture.h"
#include "support/webhook_receiver.h"

namespace keyward::testing {
namespace {

class CliWebhookTest : public ServerTest {
 protected:
  // Retries after 300 ms, looked for every 100 ms (production waits 5 s, then longer).
  KeywardServer::Options server_options() const override {
    KeywardServer::Options o;
    o.config = "[webhooks]\nretry_delays_ms = [300, 600]\npoll_ms = 100\n";
    return o;
  }

  boost::json::array listed() {
    const auto r = server->cli({"webhook", "list", "--org", server->init().org_id, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? r.json().at("webhooks").as_array() : boost::json::array{};
  }
};

TEST_F(CliWebhookTest, EndpointsMadeByTheCommandAreDeliveredToAndEveryTryIsListed) {
  WebhookReceiver receiver(/*fail_first=*/1);
  const std::string org = server->init().org_id;

  const std::vector<std::pair<std::vector<std::string>, std::string>> refused = {
      {{"--url", "http://hooks.example.com/keyward", "--event", "key.created"}, "https://"},
      {{"--url", receiver.url(), "--event", "key.made"}, "key.made"},
      {{"--url", receiver.url()}, "--event"},
  };
  for (const auto& [extra, message] : refused) {
    std::vector<std::string> args{"webhook", "create", "--org", org};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = server->cli(args);
    EXPECT_EQ(r.exit_code, 2) << message << ": " << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  }
  EXPECT_TRUE(listed().empty()) << "a refused endpoint was stored";

  const auto created = server->cli({"webhook", "create", "--org", org, "--url", receiver.url(),
                                    "--event", "key.created", "--event", "key.deleted", "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const auto hook = created.json().as_object();
  const std::string id = text(hook.at("id"));
  const std::string secret = text(hook.at("secret"));
  EXPECT_TRUE(secret.starts_with("whsec_")) << secret;
  EXPECT_EQ(text(hook.at("url")), receiver.url());
  EXPECT_EQ(hook.at("events"), (boost::json::array{"key.created", "key.deleted"}));

  const auto all = listed();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(text(all[0].at("id")), id);
  EXPECT_FALSE(all[0].as_object().contains("secret"));
  const auto human = server->cli({"webhook", "list", "--org", org});
  EXPECT_NE(human.out.find(receiver.url()), std::string::npos) << human.out;
  EXPECT_NE(human.out.find("key.created, key.deleted"), std::string::npos) << human.out;
  EXPECT_EQ(human.out.find(secret), std::string::npos) << "the secret was listed";

  // A key made by another command: the server sends key.created, refused once, then taken.
  ASSERT_EQ(
      server->cli({"key", "create", "--org", org, "--name", "ci", "--kind", "secret"}).exit_code,
      0);
  const auto got = receiver.wait_for(2);
  ASSERT_EQ(got.size(), 2u);
  for (const auto& w : got) EXPECT_TRUE(w.signed_with(secret)) << w.header("webhook-signature");

  boost::json::array tries;
  ASSERT_TRUE(eventually([&] {
    const auto r = server->cli({"webhook", "deliveries", "--org", org, "--webhook", id, "--json"});
    tries = r.exit_code == 0 ? r.json().at("deliveries").as_array() : boost::json::array{};
    return tries.size() == 2;
  })) << boost::json::serialize(tries);
  EXPECT_EQ(text(tries[0].at("status")), "delivered");
  EXPECT_EQ(tries[0].at("response_code").as_int64(), 204);
  EXPECT_EQ(text(tries[1].at("status")), "retrying");
  EXPECT_EQ(tries[1].at("response_code").as_int64(), 500);
  EXPECT_EQ(text(tries[1].at("type")), "key.created");
  EXPECT_FALSE(tries[1].at("next_attempt_at").is_null());
  const auto shown = server->cli({"webhook", "deliveries", "--org", org, "--webhook", id});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("key.created  try 2  delivered  HTTP 204"), std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find("key.created  try 1  retrying  HTTP 500"), std::string::npos)
      << shown.out;

  const auto deleted = server->cli({"webhook", "delete", "--org", org, "--webhook", id});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_NE(deleted.out.find("nothing more is sent"), std::string::npos) << deleted.out;
  EXPECT_TRUE(listed().empty());
  const auto gone = server->cli({"webhook", "deliveries", "--org", org, "--webhook", id});
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_NE(gone.err.find("keyward webhook list"), std::string::npos) << gone.err;
  const auto malformed = server->cli({"webhook", "delete", "--org", org, "--webhook", "nope"});
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_NE(malformed.err.find("UUID"), std::string::npos) << malformed.err;
}

}  // namespace
}  // namespace keyward::testing

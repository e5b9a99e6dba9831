// Lifecycle webhooks end to end: `keyward serve` over real HTTPS delivering to a real receiver on
// loopback, which checks the signatures, fails on purpose and sees the retries.
#include <set>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/time.h"
#include "integration/security_fixture.h"
#include "support/read_file.h"
#include "support/webhook_receiver.h"

namespace keyward::testing {
namespace {

// Retries after 300 ms, then every 600 ms, looked for every 100 ms: the schedule of production
// (5 s, 30 s, ...) compressed so the suite runs in seconds.
constexpr char kFastRetries[] = "[webhooks]\nretry_delays_ms = [300, 600]\npoll_ms = 100\n";

class WebhooksTest : public SecurityTest {
 protected:
  KeywardServer::Options server_options() const override {
    KeywardServer::Options o;
    o.config = kFastRetries;
    return o;
  }

  // Registers `url` for `events` as `as`; returns the 201 body.
  boost::json::object subscribe(const std::string& url, const boost::json::array& events,
                                const Headers& as) {
    auto client = server->client();
    const auto r = client.post_json(
        acme_path("/webhooks"),
        boost::json::serialize(boost::json::object{{"url", url}, {"events", events}}), as);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().as_object() : boost::json::object{};
  }

  boost::json::object create_acme_key(const std::string& name) {
    auto client = server->client();
    const auto r = client.post_json(acme_path("/keys"),
                                    R"({"name": ")" + name + R"(", "kind": "secret"})", ada());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().as_object();
  }

  boost::json::array deliveries(const std::string& webhook_id) {
    auto client = server->client();
    const auto r = client.get(acme_path("/webhooks/" + webhook_id + "/deliveries"), ada());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().at("deliveries").as_array() : boost::json::array{};
  }

  static boost::json::object payload(const ReceivedWebhook& w) {
    return boost::json::parse(w.body).as_object();
  }
};

TEST_F(WebhooksTest, DeliveriesAreSignedRetriedAfterFailuresAndEveryTryIsListed) {
  WebhookReceiver receiver(/*fail_first=*/2);
  const auto hook = subscribe(receiver.url(), {"key.created"}, ada());
  const std::string secret = text(hook.at("secret"));
  ASSERT_TRUE(secret.starts_with("whsec_")) << secret;
  EXPECT_EQ(text(hook.at("url")), receiver.url());
  EXPECT_EQ(hook.at("events"), (boost::json::array{"key.created"}));

  const auto key = create_acme_key("ci");
  const auto got = receiver.wait_for(3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].answered, 500);
  EXPECT_EQ(got[1].answered, 500);
  EXPECT_EQ(got[2].answered, 204);
  for (const auto& w : got) {
    EXPECT_EQ(w.method, "POST");
    EXPECT_EQ(w.path, "/hooks");
    EXPECT_EQ(w.header("content-type"), "application/json");
    EXPECT_EQ(w.header("webhook-id"), got[0].header("webhook-id")) << "one event, one id";
    EXPECT_TRUE(w.signed_with(secret)) << w.header("webhook-signature");
    EXPECT_FALSE(w.signed_with("whsec_" + std::string(43, 'A') + "=")) << "any key would do";
    const auto body = payload(w);
    EXPECT_EQ(text(body.at("type")), "key.created");
    const auto& data = body.at("data").as_object();
    EXPECT_EQ(text(data.at("key_id")), text(key.at("id")));
    EXPECT_EQ(text(data.at("org_id")), acme.org_id);
    EXPECT_EQ(text(data.at("name")), "ci");
    EXPECT_EQ(text(data.at("kind")), "secret");
    EXPECT_EQ(text(data.at("hint")), text(key.at("hint")));
    EXPECT_EQ(w.body.find(text(key.at("token"))), std::string::npos) << "the token was sent";
  }
  const auto stamp = std::stoll(got[0].header("webhook-timestamp"));
  EXPECT_NEAR(static_cast<double>(stamp),
              static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count()),
              30.0);

  // The listing shows every try, newest first, with its status and the receiver's answer.
  boost::json::array tries;
  ASSERT_TRUE(eventually([&] {
    tries = deliveries(text(hook.at("id")));
    return tries.size() == 3;
  })) << boost::json::serialize(tries);
  const std::string expected_status[] = {"delivered", "retrying", "retrying"};
  const std::int64_t expected_code[] = {204, 500, 500};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& t = tries[i].as_object();
    EXPECT_EQ(text(t.at("status")), expected_status[i]);
    EXPECT_EQ(t.at("response_code").as_int64(), expected_code[i]);
    EXPECT_EQ(t.at("attempt").as_int64(), static_cast<std::int64_t>(3 - i));
    EXPECT_EQ(text(t.at("event_id")), got[0].header("webhook-id"));
    EXPECT_EQ(text(t.at("type")), "key.created");
    EXPECT_TRUE(parse_rfc3339(text(t.at("at"))).has_value());
    EXPECT_EQ(t.at("next_attempt_at").is_null(), i == 0);
  }
  const auto first = parse_rfc3339(text(tries[2].at("at")));
  const auto second = parse_rfc3339(text(tries[1].at("at")));
  ASSERT_TRUE(first && second);
  EXPECT_GE(*second - *first, std::chrono::milliseconds(300)) << "retried before its backoff";
}

TEST_F(WebhooksTest, EveryLifecycleChangeRaisesItsEventAndNoPayloadCarriesASecret) {
  WebhookReceiver receiver;
  const auto hook =
      subscribe(receiver.url(),
                {"key.created", "key.rolled", "key.deleted", "key.disabled", "key.expiring",
                 "key.expired", "key.leaked", "api_key.rotated", "agent_key.rotated"},
                ada());
  auto client = server->client();
  const auto key = create_acme_key("deploy");
  const std::string key_id = text(key.at("id"));
  const auto rolled = client.post_json(acme_path("/keys/" + key_id + "/roll"), "{}", ada());
  ASSERT_EQ(rolled.status, 201) << rolled.body;
  const std::string successor = text(rolled.json().at("id"));
  ASSERT_EQ(client.post_json(acme_path("/keys/" + successor + "/disable"), "{}", ada()).status,
            200);
  ASSERT_EQ(client.post_json(acme_path("/keys/" + successor + "/enable"), "{}", ada()).status,
            200);  // no event: there is no key.enabled
  ASSERT_EQ(client.del(acme_path("/keys/" + successor), ada()).status, 204);
  const auto api_key = client.post_json(acme_path("/api-key/rotate"), "{}", root());
  ASSERT_EQ(api_key.status, 200) << api_key.body;
  const auto agent_key = client.post_json(acme_path("/agent-key/rotate"), "{}", root());
  ASSERT_EQ(agent_key.status, 200) << agent_key.body;

  const auto got = receiver.wait_for(6);
  ASSERT_EQ(got.size(), 6u);
  std::multiset<std::string> types;
  std::set<std::string> ids;
  for (const auto& w : got) {
    EXPECT_TRUE(w.signed_with(text(hook.at("secret"))));
    const auto body = payload(w);
    const std::string type = text(body.at("type"));
    types.insert(type);
    ids.insert(w.header("webhook-id"));
    const auto& data = body.at("data").as_object();
    EXPECT_EQ(text(data.at("org_id")), acme.org_id);
    if (type == "key.rolled") {
      EXPECT_EQ(text(data.at("key_id")), key_id);
      EXPECT_EQ(text(data.at("successor_id")), successor);
      EXPECT_TRUE(data.contains("grace_ends_at"));
    }
    if (type == "key.disabled" || type == "key.deleted") {
      EXPECT_EQ(text(data.at("key_id")), successor);
    }
    for (const std::string& secret :
         {text(key.at("token")), text(rolled.json().at("token")),
          text(api_key.json().at("api_key")), text(agent_key.json().at("agent_service_key")),
          text(hook.at("secret")), std::string("whsec_")}) {
      EXPECT_EQ(w.body.find(secret), std::string::npos) << type << " carried a secret";
    }
    EXPECT_EQ(w.body.find("hash"), std::string::npos) << w.body;
  }
  EXPECT_EQ(types,
            (std::multiset<std::string>{"key.created", "key.rolled", "key.disabled", "key.deleted",
                                        "api_key.rotated", "agent_key.rotated"}));
  EXPECT_EQ(ids.size(), 6u) << "every event has its own id";
}

TEST_F(WebhooksTest, AnEndpointGetsOnlyTheEventsItChoseAndOnlyItsOrganizations) {
  WebhookReceiver receiver;
  subscribe(receiver.url(), {"key.deleted"}, ada());
  auto client = server->client();
  const auto key = create_acme_key("short-lived");  // key.created: not chosen
  const auto globex_key = client.post_json("/api/v1/orgs/" + globex.org_id + "/keys",
                                           R"({"name": "g", "kind": "secret"})", eve());
  ASSERT_EQ(globex_key.status, 201);
  ASSERT_EQ(
      client
          .del("/api/v1/orgs/" + globex.org_id + "/keys/" + text(globex_key.json().at("id")), eve())
          .status,
      204);  // Globex's: not Acme's endpoint's business
  ASSERT_EQ(client.del(acme_path("/keys/" + text(key.at("id"))), ada()).status, 204);
  const auto got = receiver.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(text(payload(got[0]).at("type")), "key.deleted");
  EXPECT_EQ(text(payload(got[0]).at("data").at("key_id")), text(key.at("id")));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(receiver.received().size(), 1u);
}

TEST_F(WebhooksTest, ADeletedEndpointReceivesNothingMoreNotEvenItsRetries) {
  WebhookReceiver receiver(/*fail_first=*/1000);
  const auto hook = subscribe(receiver.url(), {"key.created"}, ada());
  const std::string id = text(hook.at("id"));
  create_acme_key("first");
  ASSERT_EQ(receiver.wait_for(1).size(), 1u);  // answered 500: a retry is due in 300 ms

  auto client = server->client();
  ASSERT_EQ(client.del(acme_path("/webhooks/" + id), ada()).status, 204);
  create_acme_key("second");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(receiver.received().size(), 1u) << "a deleted endpoint was called again";
  EXPECT_EQ(client.get(acme_path("/webhooks/" + id), ada()).status, 404);
  EXPECT_EQ(client.get(acme_path("/webhooks/" + id + "/deliveries"), ada()).status, 404);
  EXPECT_EQ(client.del(acme_path("/webhooks/" + id), ada()).status, 404);
  const auto list = client.get(acme_path("/webhooks"), ada());
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(list.json().at("webhooks").as_array().empty());
}

TEST_F(WebhooksTest, BadUrlsAndEventsAreRefusedWithAReasonAndNothingIsStored) {
  auto client = server->client();
  const auto refuse = [&](const std::string& body, const std::string& reason) {
    const auto r = client.post_json(acme_path("/webhooks"), body, ada());
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    if (r.status == 400) {
      const std::string message = text(r.json().at("error").at("message"));
      EXPECT_NE(message.find(reason), std::string::npos) << body << " -> " << message;
    }
  };
  refuse(R"({"url": "http://hooks.example.com/in", "events": ["key.created"]})", "https://");
  refuse(R"({"url": "http://127.0.0.1.example.com/in", "events": ["key.created"]})", "https://");
  refuse(R"({"url": "ftp://127.0.0.1/in", "events": ["key.created"]})", "https://");
  refuse(R"({"url": "hooks.example.com/in", "events": ["key.created"]})", "https://");
  refuse(R"({"url": "https://ops:pw@hooks.example.com/in", "events": ["key.created"]})",
         "user name or password");
  refuse(R"({"url": "https://hooks.example.com/in#x", "events": ["key.created"]})", "fragment");
  refuse(R"({"url": "https://hooks.example.com/in", "events": ["key.exploded"]})",
         "\"key.exploded\" is not an event type");
  refuse(R"({"url": "https://hooks.example.com/in", "events": []})", "at least one");
  refuse(R"({"url": "https://hooks.example.com/in"})", "events");
  refuse(R"({"events": ["key.created"]})", "url");
  refuse(R"({"url": "https://hooks.example.com/in", "events": ["key.created"], "secret": "x"})",
         "secret");

  const auto list = client.get(acme_path("/webhooks"), ada());
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(list.json().at("webhooks").as_array().empty()) << list.body;

  // What is allowed: https anywhere, plain http to loopback only.
  for (const std::string url : {"https://hooks.example.com/in?team=ops", "http://localhost:9/in",
                                "http://[::1]:9/in", "http://127.0.0.2/in"}) {
    const auto r = client.post_json(
        acme_path("/webhooks"),
        boost::json::serialize(boost::json::object{{"url", url}, {"events", {"key.leaked"}}}),
        ada());
    EXPECT_EQ(r.status, 201) << url << " -> " << r.body;
  }
}

TEST_F(WebhooksTest, OnlyAdministratorsManageWebhooksAndTheSecretIsShownOnce) {
  auto client = server->client();
  const std::string body = R"({"url": "https://hooks.example.com/in", "events": ["key.created"]})";
  EXPECT_EQ(client.post_json(acme_path("/webhooks"), body, max()).status, 403);
  EXPECT_EQ(client.get(acme_path("/webhooks"), max()).status, 403);
  EXPECT_EQ(client.post_json(acme_path("/webhooks"), body, eve()).status, 404);

  const auto by_root = client.post_json(acme_path("/webhooks"), body, root());
  ASSERT_EQ(by_root.status, 201) << by_root.body;
  const std::string id = text(by_root.json().at("id"));
  const std::string secret = text(by_root.json().at("secret"));
  EXPECT_EQ(client.get(acme_path("/webhooks/" + id), max()).status, 403);
  EXPECT_EQ(client.get("/api/v1/orgs/" + globex.org_id + "/webhooks/" + id, eve()).status, 404);

  const auto shown = client.get(acme_path("/webhooks/" + id), ada());
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(text(shown.json().at("url")), "https://hooks.example.com/in");
  EXPECT_FALSE(shown.json().as_object().contains("secret"));
  const auto listed = client.get(acme_path("/webhooks"), ada());
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(secret), std::string::npos);
  EXPECT_EQ(listed.json().at("webhooks").as_array().size(), 1u);

  // Sealed at rest: the database (and its write-ahead log) holds no trace of it in clear.
  for (const char* file : {"keyward.db", "keyward.db-wal"}) {
    const auto path = server->data_dir() / file;
    if (!std::filesystem::exists(path)) continue;
    EXPECT_EQ(read_file(path).find(secret.substr(6)), std::string::npos) << file;
  }

  EXPECT_TRUE(has_record(acme_audit(), "webhook.create", "https://hooks.example.com/in"));
  ASSERT_EQ(client.del(acme_path("/webhooks/" + id), max()).status, 403);
  ASSERT_EQ(client.del(acme_path("/webhooks/" + id), ada()).status, 204);
  EXPECT_TRUE(has_record(acme_audit(), "webhook.delete"));
}

// Retries end 1 s after the event here, instead of 24 hours.
class WebhookRetryPeriodTest : public WebhooksTest {
 protected:
  KeywardServer::Options server_options() const override {
    KeywardServer::Options o;
    o.config = std::string(kFastRetries) + "retry_for_seconds = 1\n";
    return o;
  }
};

TEST_F(WebhookRetryPeriodTest, ADeliveryThatKeepsFailingIsFailedForGoodAfterItsRetryPeriod) {
  WebhookReceiver receiver(/*fail_first=*/1000);
  const auto hook = subscribe(receiver.url(), {"key.created"}, ada());
  create_acme_key("doomed");
  boost::json::array tries;
  ASSERT_TRUE(eventually(
      [&] {
        tries = deliveries(text(hook.at("id")));
        return !tries.empty() && text(tries[0].at("status")) == "failed";
      },
      std::chrono::seconds(10)))
      << boost::json::serialize(tries);
  EXPECT_GE(tries.size(), 2u);
  EXPECT_TRUE(tries[0].at("next_attempt_at").is_null());
  EXPECT_EQ(tries[0].at("response_code").as_int64(), 500);
  for (std::size_t i = 1; i < tries.size(); ++i) {
    EXPECT_EQ(text(tries[i].at("status")), "retrying");
  }
  const auto count = receiver.received().size();
  EXPECT_EQ(count, tries.size());
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  EXPECT_EQ(receiver.received().size(), count) << "tried again after giving up";
}

}  // namespace
}  // namespace keyward::testing

// Expiry reminders and unused-key expiry end to end: a Keyward node over a ManualClock, real
// HTTPS, a real SMTP server and a real webhook receiver. The test moves the clock; the node's
// lifecycle sweep (every 100 ms here) gives what falls due, once.
#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/time.h"
#include "service/account_service.h"
#include "service/actor.h"
#include "support/in_process_node.h"
#include "support/smtp_sink.h"
#include "support/webhook_receiver.h"

namespace keyward::testing {
namespace {

using namespace std::chrono_literals;

std::string str_of(const boost::json::value& v) { return std::string(v.as_string()); }

// Long enough for several sweeps and a webhook poll: what has not come by then is not coming.
void let_sweeps_run() { std::this_thread::sleep_for(800ms); }

class KeyRemindersTest : public ::testing::Test {
 protected:
  KeyRemindersTest() : node(options(sink)) {}

  static InProcessNode::Options options(const SmtpSink& smtp) {
    InProcessNode::Options o;
    o.smtp.url = smtp.url();
    o.smtp.ca_file = smtp.ca_file();
    o.smtp.starttls = "required";
    o.lifecycle_period = 100ms;
    o.webhook_poll = 100ms;
    return o;
  }

  std::string org_path(const std::string& rest) const {
    return "/api/v1/orgs/" + node.first().org.org.id.to_string() + rest;
  }

  // A second administrator of Acme, and a member who is not told of keys they did not make.
  void add_people() {
    service::AccountService accounts(node.context());
    const auto org_id = node.first().org.org.id;
    auto bo = accounts.create(service::Actor::command(),
                              {"bo@acme.example", Membership{org_id, Role::kAdmin}});
    ASSERT_TRUE(bo) << bo.error().message;
    auto mo = accounts.create(service::Actor::command(),
                              {"mo@acme.example", Membership{org_id, Role::kMember}});
    ASSERT_TRUE(mo) << mo.error().message;
  }

  void subscribe(const boost::json::array& events) {
    auto client = node.client();
    const auto r = client.post_json(
        org_path("/webhooks"),
        boost::json::serialize(boost::json::object{{"url", hooks.url()}, {"events", events}}),
        node.admin_headers());
    ASSERT_EQ(r.status, 201) << r.body;
  }

  boost::json::object create_key(const std::string& name, std::optional<Timestamp> expires_at) {
    boost::json::object body{{"name", name}, {"kind", "secret"}};
    if (expires_at) body["expires_at"] = format_rfc3339(*expires_at);
    auto client = node.client();
    const auto r =
        client.post_json(org_path("/keys"), boost::json::serialize(body), node.admin_headers());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().as_object() : boost::json::object{};
  }

  std::string verify(const std::string& token) {
    auto client = node.client();
    return client
        .post_json("/api/v1/keys/verify",
                   boost::json::serialize(boost::json::object{{"key", token}}))
        .body;
  }

  // The messages whose text names `needle`, each as its sorted recipients.
  std::vector<std::vector<std::string>> mail_about(const std::string& needle) {
    std::vector<std::vector<std::string>> out;
    for (const auto& m : sink.messages()) {
      if (m.data.find(needle) == std::string::npos) continue;
      auto to = m.to;
      std::sort(to.begin(), to.end());
      out.push_back(to);
    }
    return out;
  }

  // The deliveries of `type` about the key `key_id`, as their payloads' "data".
  std::vector<boost::json::object> events(const std::string& type, const std::string& key_id) {
    std::vector<boost::json::object> out;
    for (const auto& w : hooks.received()) {
      const auto payload = boost::json::parse(w.body).as_object();
      const auto& data = payload.at("data").as_object();
      if (str_of(payload.at("type")) == type && str_of(data.at("key_id")) == key_id) {
        out.push_back(data);
      }
    }
    return out;
  }

  // Waits until `count` deliveries of `type` about the key have come (or 10 s).
  std::vector<boost::json::object> wait_for_events(const std::string& type,
                                                   const std::string& key_id, std::size_t count) {
    for (auto until = std::chrono::steady_clock::now() + 10s;
         std::chrono::steady_clock::now() < until; std::this_thread::sleep_for(50ms)) {
      if (events(type, key_id).size() >= count) break;
    }
    return events(type, key_id);
  }

  SmtpSink sink;
  WebhookReceiver hooks;
  InProcessNode node;
};

const std::vector<std::string> kReminderRecipients{"admin@example.com", "bo@acme.example"};

TEST_F(KeyRemindersTest, RemindsCreatorAndAdministratorsOncePerThresholdAcrossARestart) {
  add_people();
  subscribe({"key.expiring", "key.expired"});
  // Made by bo, an administrator too: the creator and both administrators are two people.
  const Timestamp expires = node.clock().now() + std::chrono::days(10);
  service::AccountService accounts(node.context());
  const auto key = create_key("ci-deploy", expires);
  const std::string key_id = str_of(key.at("id"));
  let_sweeps_run();
  EXPECT_TRUE(mail_about("ci-deploy").empty()) << "nothing is due 10 days ahead";

  // Within 7 days of the expiry: one message to each, one key.expiring.
  node.clock().advance(std::chrono::days(3) + 1min);
  auto expiring = wait_for_events("key.expiring", key_id, 1);
  ASSERT_EQ(expiring.size(), 1u);
  EXPECT_EQ(str_of(expiring[0].at("reason")), "expires");
  EXPECT_EQ(str_of(expiring[0].at("deadline")), format_rfc3339(expires));
  EXPECT_EQ(str_of(expiring[0].at("name")), "ci-deploy");
  sink.wait_for(2);
  let_sweeps_run();
  auto mail = mail_about("ci-deploy");
  ASSERT_EQ(mail.size(), 2u) << "one message per person, and only once";
  std::vector<std::string> recipients;
  for (const auto& to : mail) recipients.insert(recipients.end(), to.begin(), to.end());
  std::sort(recipients.begin(), recipients.end());
  EXPECT_EQ(recipients, kReminderRecipients);
  EXPECT_NE(sink.messages()[0].data.find("expires in 7 days"), std::string::npos)
      << sink.messages()[0].data;
  EXPECT_EQ(sink.messages()[0].data.find(str_of(key.at("token"))), std::string::npos)
      << "a reminder never carries the token";

  // A restart finds the reminder given and gives nothing again.
  node.restart();
  let_sweeps_run();
  EXPECT_EQ(mail_about("ci-deploy").size(), 2u);
  EXPECT_EQ(events("key.expiring", key_id).size(), 1u);

  // The next threshold, a day before: the second reminder.
  node.clock().advance(std::chrono::days(6));
  expiring = wait_for_events("key.expiring", key_id, 2);
  EXPECT_EQ(expiring.size(), 2u);
  sink.wait_for(4);
  let_sweeps_run();
  EXPECT_EQ(mail_about("ci-deploy").size(), 4u);
  EXPECT_NE(sink.messages().back().data.find("expires in 1 day"), std::string::npos);

  // Past the expiry: key.expired, once, and no more mail.
  node.clock().advance(std::chrono::days(1));
  auto expired = wait_for_events("key.expired", key_id, 1);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(str_of(expired[0].at("reason")), "expired");
  let_sweeps_run();
  EXPECT_EQ(events("key.expired", key_id).size(), 1u);
  EXPECT_EQ(events("key.expiring", key_id).size(), 2u);
  EXPECT_EQ(mail_about("ci-deploy").size(), 4u);
}

TEST_F(KeyRemindersTest, ARolledKeysOldTokenIsRemindedAnHourBeforeItsGraceEnds) {
  subscribe({"key.expiring", "key.expired"});
  const auto key = create_key("billing", std::nullopt);
  const std::string key_id = str_of(key.at("id"));
  auto client = node.client();
  const auto rolled = client.post_json(org_path("/keys/" + key_id + "/roll"),
                                       R"({"grace_seconds": 10800})", node.admin_headers());
  ASSERT_EQ(rolled.status, 201) << rolled.body;
  let_sweeps_run();
  EXPECT_TRUE(events("key.expiring", key_id).empty()) << "three hours left: not yet";

  node.clock().advance(2h);
  auto expiring = wait_for_events("key.expiring", key_id, 1);
  ASSERT_EQ(expiring.size(), 1u);
  EXPECT_EQ(str_of(expiring[0].at("reason")), "grace_ends");
  sink.wait_for(1);
  const auto mail = mail_about("billing");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0], std::vector<std::string>{"admin@example.com"});
  EXPECT_NE(sink.messages()[0].data.find("stops working in 1 hour"), std::string::npos)
      << sink.messages()[0].data;

  node.clock().advance(1h);
  auto expired = wait_for_events("key.expired", key_id, 1);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(str_of(expired[0].at("reason")), "grace_ended");
  let_sweeps_run();
  EXPECT_EQ(events("key.expiring", key_id).size(), 1u);
}

TEST_F(KeyRemindersTest, AnUnusedKeyIsAnnouncedThenDisabledWhileAUsedOneIsNot) {
  subscribe({"key.expiring", "key.disabled"});
  auto client = node.client();
  const auto set = client.request("PATCH", org_path("/settings"),
                                  {{"Content-Type", "application/json"},
                                   {"Authorization", node.admin_headers()[0].second},
                                   {"API-Key", node.admin_headers()[1].second}},
                                  R"({"unused_key_days": 30})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("unused_key_notice_hours").as_int64(), 7 * 24);
  const auto idle = create_key("idle-key", std::nullopt);
  const auto busy = create_key("busy-key", std::nullopt);
  const std::string idle_id = str_of(idle.at("id")), busy_id = str_of(busy.at("id"));

  node.clock().advance(std::chrono::days(20));
  ASSERT_NE(verify(str_of(busy.at("token"))).find("\"valid\":true"), std::string::npos);
  // 23 days on: the idle key is 7 days from being disabled; the busy one was used 3 days ago.
  node.clock().advance(std::chrono::days(3) + 1min);
  auto warned = wait_for_events("key.expiring", idle_id, 1);
  ASSERT_EQ(warned.size(), 1u);
  EXPECT_EQ(str_of(warned[0].at("reason")), "unused");
  sink.wait_for(1);
  let_sweeps_run();
  EXPECT_EQ(mail_about("idle-key").size(), 1u);
  EXPECT_TRUE(events("key.expiring", busy_id).empty());
  // Announced, not yet disabled (verifying it here would count as a use).
  EXPECT_EQ(
      str_of(client.get(org_path("/keys/" + idle_id), node.admin_headers()).json().at("status")),
      "active");
  // Keep the busy key in use across the 30 days.
  node.clock().advance(std::chrono::days(6));
  ASSERT_NE(verify(str_of(busy.at("token"))).find("\"valid\":true"), std::string::npos);

  // 30 days unused: disabled through the same path as an administrator's disable.
  node.clock().advance(std::chrono::days(1));
  auto disabled = wait_for_events("key.disabled", idle_id, 1);
  ASSERT_EQ(disabled.size(), 1u);
  EXPECT_EQ(str_of(disabled[0].at("reason")), "unused");
  EXPECT_EQ(verify(str_of(idle.at("token"))), R"({"valid":false})");
  EXPECT_NE(verify(str_of(busy.at("token"))).find("\"valid\":true"), std::string::npos);
  let_sweeps_run();
  EXPECT_EQ(mail_about("idle-key").size(), 2u) << "the announcement, then the disable";
  EXPECT_TRUE(events("key.disabled", busy_id).empty());
  const auto shown = client.get(org_path("/keys/" + idle_id), node.admin_headers());
  EXPECT_EQ(str_of(shown.json().at("status")), "disabled") << shown.body;
  const auto audit = client.get(org_path("/audit?action=key.disable"), node.admin_headers());
  EXPECT_NE(audit.body.find("system (unused keys)"), std::string::npos) << audit.body;
}

TEST_F(KeyRemindersTest, SettingsAreValidatedAndABadChangeChangesNothing) {
  auto client = node.client();
  const Headers json{{"Content-Type", "application/json"},
                     {"Authorization", node.admin_headers()[0].second},
                     {"API-Key", node.admin_headers()[1].second}};
  const auto before = client.get(org_path("/settings"), node.admin_headers());
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(boost::json::serialize(before.json()),
            R"({"reminder_days":[7,1],"unused_key_days":null,"unused_key_notice_hours":null})");

  const std::vector<std::pair<std::string, std::string>> refused{
      {R"({"unused_key_days": 0})", "unused_key_days"},
      {R"({"unused_key_days": 3651})", "unused_key_days"},
      {R"({"unused_key_days": "30"})", "unused_key_days"},
      {R"({"reminder_days": [0]})", "reminder_days"},
      {R"({"reminder_days": [366]})", "reminder_days"},
      {R"({"reminder_days": [7, 7]})", "reminder_days"},
      {R"({"reminder_days": [1, 2, 3, 4, 5, 6]})", "reminder_days"},
      {R"({"reminder_days": "7,1"})", "reminder_days"},
      {R"({"reminder_days": [30], "unused_key_days": -1})", "unused_key_days"},
      {R"({"remind_days": [3]})", "remind_days"},
  };
  for (const auto& [body, field] : refused) {
    const auto r = client.request("PATCH", org_path("/settings"), json, body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    EXPECT_NE(r.body.find(field), std::string::npos) << body << " -> " << r.body;
  }
  const auto after = client.get(org_path("/settings"), node.admin_headers());
  EXPECT_EQ(after.body, before.body) << "no refused change changed anything";

  const auto changed = client.request("PATCH", org_path("/settings"), json,
                                      R"({"reminder_days": [1, 14, 3], "unused_key_days": 10})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(boost::json::serialize(changed.json()),
            R"({"reminder_days":[14,3,1],"unused_key_days":10,"unused_key_notice_hours":120})");
  const auto off = client.request("PATCH", org_path("/settings"), json,
                                  R"({"reminder_days": [], "unused_key_days": null})");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(boost::json::serialize(off.json()),
            R"({"reminder_days":[],"unused_key_days":null,"unused_key_notice_hours":null})");
}

}  // namespace
}  // namespace keyward::testing

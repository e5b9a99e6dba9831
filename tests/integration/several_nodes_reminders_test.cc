// Three `keyward serve` nodes on one PostgreSQL, each sweeping for due expiry reminders every
// 50 ms: a reminder that falls due is given by exactly one of them (one email, one webhook
// delivery), however often they all look.
#include <chrono>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/time.h"
#include "integration/cluster_fixture.h"
#include "support/smtp_sink.h"
#include "support/webhook_receiver.h"

namespace keyward::testing {
namespace {

using namespace std::chrono_literals;

std::string lifecycle_config(const SmtpSink& sink) {
  return "lifecycle_interval_ms = 50\n\n[smtp]\nurl = \"" + sink.url() +
         "\"\nstarttls = \"required\"\nca_file = \"" + sink.ca_file() +
         "\"\nfrom = \"keys@acme.example\"\n\n[webhooks]\npoll_ms = 100\n";
}

class SeveralNodesRemindersTest : public ::testing::Test {
 protected:
  SmtpSink sink;
  WebhookReceiver hooks;
  Cluster cluster{3, lifecycle_config(sink)};
};

TEST_F(SeveralNodesRemindersTest, AReminderDueOnEveryNodeIsGivenOnce) {
  auto a = cluster.client(0), b = cluster.client(1);
  const auto headers = cluster.admin_headers();
  const auto subscribed =
      a.post_json("/api/v1/orgs/" + cluster.init().org_id + "/webhooks",
                  boost::json::serialize(boost::json::object{
                      {"url", hooks.url()}, {"events", boost::json::array{"key.expiring"}}}),
                  headers);
  ASSERT_EQ(subscribed.status, 201) << subscribed.body;
  // Made to expire in 3 days: the 7-day reminder is due at once, on every node.
  const auto now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const auto created = b.post_json(
      cluster.keys_path(),
      boost::json::serialize(boost::json::object{{"name", "shared-deploy"},
                                                 {"kind", "secret"},
                                                 {"expires_at", format_rfc3339(now + 72h)}}),
      headers);
  ASSERT_EQ(created.status, 201) << created.body;

  ASSERT_EQ(hooks.wait_for(1).size(), 1u);
  sink.wait_for(1);
  std::this_thread::sleep_for(1500ms);  // some thirty more sweeps on each node
  const auto delivered = hooks.received();
  ASSERT_EQ(delivered.size(), 1u) << "one key.expiring, not one per node";
  const auto payload = boost::json::parse(delivered[0].body).as_object();
  EXPECT_EQ(payload.at("type").as_string(), "key.expiring");
  EXPECT_EQ(payload.at("data").at("key_id"), created.json().at("id"));
  const auto mail = sink.messages();
  ASSERT_EQ(mail.size(), 1u) << "the one administrator, once";
  EXPECT_EQ(mail[0].to, std::vector<std::string>{cluster.init().admin_username});
  EXPECT_NE(mail[0].data.find("shared-deploy"), std::string::npos);
}

}  // namespace
}  // namespace keyward::testing

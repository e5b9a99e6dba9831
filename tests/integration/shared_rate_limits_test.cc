// Per-key rate limits on three `keyward serve` nodes over one PostgreSQL: each node counts in
// memory and shares its counts through the store every limits_sync_ms, so a key verified round
// the nodes gets its limit and at most what the other nodes let through before they heard
// (service/rate_limit_counts.h states the bound), not its limit on every node; one sync later
// every node refuses it as rate-limited.
#include <chrono>
#include <cmath>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "integration/cluster_fixture.h"

namespace keyward::testing {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

constexpr int kNodes = 3;
constexpr int kLimit = 30;
constexpr std::int64_t kWindowSeconds = 3600;
constexpr auto kSync = 100ms;
// One verification every this often, round the nodes: about 67 a second in all.
constexpr auto kPace = 15ms;
// What the bound allows for the store's latency and a sync thread kept waiting for the CPU.
constexpr auto kLatency = 100ms;

class SharedRateLimitsTest : public ::testing::Test {
 protected:
  Cluster cluster{kNodes, "limits_sync_ms = " + std::to_string(kSync.count()) + "\n"};

  // What a node's verify said: the parsed answer.
  boost::json::value verify(HttpClient& client, const std::string& body) {
    const auto r = client.post_json("/api/v1/keys/verify", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json() : boost::json::value{};
  }
  static bool coded(const boost::json::value& answer, std::string_view code) {
    const auto* c = answer.is_object() ? answer.as_object().if_contains("code") : nullptr;
    return c != nullptr && c->is_string() && c->as_string() == code;
  }
};

// Windows are aligned to the epoch; a run that crossed a window's end would count afresh there.
void keep_clear_of_window_end(std::chrono::seconds needed) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto into = std::chrono::duration_cast<std::chrono::milliseconds>(now) %
                    std::chrono::seconds(kWindowSeconds);
  const auto left = std::chrono::seconds(kWindowSeconds) - into;
  if (left < needed) std::this_thread::sleep_for(left + 100ms);
}

TEST_F(SharedRateLimitsTest, AKeyVerifiedRoundTheNodesGetsItsLimitOnceWithinTheStatedBound) {
  auto first = cluster.client(0);
  const auto created =
      first.post_json(cluster.keys_path(),
                      R"({"name": "limited", "kind": "secret", "rate_limits": [{"limit": )" +
                          std::to_string(kLimit) + R"(, "window_seconds": )" +
                          std::to_string(kWindowSeconds) + "}]}",
                      cluster.admin_headers());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string token(created.json().at("token").as_string());
  const std::string plain = boost::json::serialize(boost::json::object{{"key", token}});

  std::vector<HttpClient> nodes;
  for (int i = 0; i < kNodes; ++i) nodes.push_back(cluster.client(static_cast<size_t>(i)));
  // Every node knows the key before the count begins: asked for a scope it does not hold, it
  // answers insufficient_scope, which counts towards nothing.
  const std::string unheld = boost::json::serialize(
      boost::json::object{{"key", token}, {"scopes", boost::json::array{"not:held"}}});
  for (auto& node : nodes) {
    ASSERT_TRUE(within(2000ms, [&] { return coded(verify(node, unheld), "insufficient_scope"); }));
  }

  keep_clear_of_window_end(std::chrono::seconds(10));
  // As many verifications as the key would pass if each node counted alone.
  int valid = 0;
  auto next = Steady::now();
  const auto began = Steady::now();
  for (int i = 0; i < kNodes * kLimit; ++i) {
    std::this_thread::sleep_until(next);
    next += kPace;
    const auto answer = verify(nodes[static_cast<size_t>(i % kNodes)], plain);
    if (!answer.is_object()) continue;
    if (answer.at("valid").as_bool()) {
      ++valid;
      continue;
    }
    ASSERT_TRUE(coded(answer, "rate_limited")) << answer;
    EXPECT_GT(answer.at("retry_after").as_int64(), 0);
    EXPECT_LE(answer.at("retry_after").as_int64(), kWindowSeconds);
  }
  const auto took = Steady::now() - began;

  // The bound: the limit, and what the others let through while one node's passes reached them
  // (two sync periods and the store's latency), at this pace at most this many.
  const int bound =
      kLimit + static_cast<int>(std::ceil(static_cast<double>((2 * kSync + kLatency).count()) /
                                          static_cast<double>(kPace.count())));
  RecordProperty("valid", valid);
  RecordProperty("bound", bound);
  EXPECT_GE(valid, kLimit);
  EXPECT_LE(valid, bound) << "of " << kNodes * kLimit << " in "
                          << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                          << " ms";
  EXPECT_LT(bound, kNodes * kLimit);  // so that the test tells sharing from counting alone

  // Once the last passes have been published and read, every node refuses, at verify and auth.
  std::this_thread::sleep_for(2 * kSync + kLatency);
  for (auto& node : nodes) {
    const auto answer = verify(node, plain);
    EXPECT_TRUE(coded(answer, "rate_limited")) << answer;
    const auto auth = node.get("/api/v1/auth", {{"Authorization", "Bearer " + token}});
    EXPECT_EQ(auth.status, 429);
    EXPECT_GT(std::stoll(auth.header("retry-after").empty() ? "0" : auth.header("retry-after")), 0);
  }
}

}  // namespace
}  // namespace keyward::testing

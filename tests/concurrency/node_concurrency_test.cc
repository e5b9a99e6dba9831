// A serving node under concurrent load over real HTTPS (in-process, so ThreadSanitizer sees the
// server's threads as well as the clients'): rolling and revoking while others verify, a delete
// made by another process reaching this node through the journal, many connections opening and
// closing, and shutting down with requests in flight. Run under ThreadSanitizer by `make test`.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "service/key_service.h"
#include "store/sqlite/sqlite_store.h"
#include "support/in_process_node.h"

namespace keyward::testing {
namespace {

constexpr int kVerifiers = 3;

std::string org_keys(const InProcessNode& node) {
  return "/api/v1/orgs/" + node.first().org.org.id.to_string() + "/keys";
}

struct Created {
  std::string id;
  std::string token;
};

Created create_key(InProcessNode& node) {
  auto client = node.client();
  const auto r = client.post_json(org_keys(node), R"({"name": "load", "kind": "secret"})",
                                  node.admin_headers());
  EXPECT_EQ(r.status, 201) << r.body;
  const auto j = r.json();
  return {std::string(j.at("id").as_string()), std::string(j.at("token").as_string())};
}

bool valid(HttpClient& client, const std::string& token) {
  const auto r = client.post_json("/api/v1/keys/verify",
                                  boost::json::serialize(boost::json::object{{"key", token}}));
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 && r.json().at("valid").as_bool();
}

// Verifies `token` from kVerifiers threads until `stop`; counts answers to requests sent after
// `revoked` was set that still said valid, and refusals that came back before `revoking` was set
// (the delete cannot have happened before it was sent).
struct Verifiers {
  Verifiers(InProcessNode& node, std::string token) : token_(std::move(token)) {
    for (int i = 0; i < kVerifiers; ++i) {
      threads_.emplace_back([this, &node] {
        auto client = node.client();
        while (!stop.load()) {
          const bool was_revoked = revoked.load();
          const bool ok = valid(client, token_);
          (ok ? accepted : refused).fetch_add(1);
          if (ok && was_revoked) stale.fetch_add(1);
          if (!ok && !revoking.load()) early.fetch_add(1);
        }
      });
    }
  }
  ~Verifiers() { join(); }
  void join() {
    stop.store(true);
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  void wait_for(std::atomic<long>& counter, long n) {
    while (counter.load() < n) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  std::string token_;
  std::atomic<bool> stop{false}, revoking{false}, revoked{false};
  std::atomic<long> accepted{0}, refused{0}, stale{0}, early{0};
  std::vector<std::thread> threads_;
};

TEST(NodeConcurrency, ADeletedKeyFailsOnEveryRequestAfterTheDeleteIsAcknowledged) {
  InProcessNode node;
  const Created key = create_key(node);
  Verifiers v(node, key.token);
  v.wait_for(v.accepted, 60);
  auto admin = node.client();
  // Rolling under load: the old token keeps working through its grace period.
  const auto rolled =
      admin.request("POST", org_keys(node) + "/" + key.id + "/roll", node.admin_headers());
  ASSERT_EQ(rolled.status, 201) << rolled.body;
  v.wait_for(v.accepted, 120);
  // Deleting it: from the acknowledgement on, not one verification may succeed.
  v.revoking.store(true);
  const auto deleted = admin.del(org_keys(node) + "/" + key.id, node.admin_headers());
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  v.revoked.store(true);
  v.wait_for(v.refused, 120);
  v.join();
  EXPECT_EQ(v.stale.load(), 0) << "verified after the delete was acknowledged";
  EXPECT_EQ(v.early.load(), 0) << "refused while the key was live";
}

TEST(NodeConcurrency, ADeleteByAnotherProcessReachesTheNodeThroughTheJournal) {
  InProcessNode node;
  const Created key = create_key(node);
  Verifiers v(node, key.token);
  v.wait_for(v.accepted, 60);
  // Another process (the `keyward` command, another node) deletes the key in the same database,
  // with its own index; this node learns of it only from the change journal.
  auto other_store = store::SqliteStore::open(node.data_dir() / "keyward.db");
  ASSERT_TRUE(other_store) << other_store.error().message;
  service::CredentialIndex other_index;
  const auto mine = node.context();
  const service::ServiceContext other{**other_store, other_index, mine.settings,
                                      mine.clock,    mine.random, mine.protector};
  service::KeyService keys(other);
  const auto org = node.first().org.org.id;
  auto id = Uuid::parse(key.id);
  ASSERT_TRUE(id);
  v.revoking.store(true);
  ASSERT_TRUE(keys.revoke(service::Actor::command(), org, *id));
  // Once a verification has failed, none may succeed again.
  v.wait_for(v.refused, 1);
  v.revoked.store(true);
  v.wait_for(v.refused, 120);
  v.join();
  EXPECT_EQ(v.stale.load(), 0) << "verified again after the journal had removed it";
}

TEST(NodeConcurrency, ConnectionsOpenAndCloseFromManyThreads) {
  InProcessNode node;
  std::vector<std::thread> clients;
  std::atomic<int> failures{0};
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&] {
      for (int round = 0; round < 5; ++round) {
        auto client = node.client();  // a new connection each round
        for (int i = 0; i < 5; ++i) {
          if (client.get("/healthz").status != 200) failures.fetch_add(1);
        }
      }
    });
  }
  std::thread watcher([&] {
    for (int i = 0; i < 20; ++i) {
      if (node.client().get("/metrics", node.admin_headers()).status != 200) failures.fetch_add(1);
    }
  });
  for (auto& t : clients) t.join();
  watcher.join();
  EXPECT_EQ(failures.load(), 0);
  // Every closed connection leaves the registry: only the one asking remains.
  auto client = node.client();
  bool settled = false;
  for (int i = 0; i < 200 && !settled; ++i) {
    const auto body = client.get("/metrics", node.admin_headers()).body;
    settled = body.find("keyward_open_connections 1\n") != std::string::npos;
    if (!settled) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(settled) << client.get("/metrics", node.admin_headers()).body;
}

TEST(NodeConcurrency, ShuttingDownWithRequestsInFlight) {
  auto node = std::make_unique<InProcessNode>();
  const Created key = create_key(*node);
  std::atomic<long> answered{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, client = node->client()]() mutable {
      while (!stop.load()) {
        try {
          const auto r =
              client.post_json("/api/v1/keys/verify",
                               boost::json::serialize(boost::json::object{{"key", key.token}}));
          if (r.status != 200) return;
          answered.fetch_add(1);
        } catch (const std::exception&) {
          return;  // the server has gone
        }
      }
    });
  }
  while (answered.load() < 40) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  node.reset();  // shuts down and joins the server's threads with connections open
  stop.store(true);
  for (auto& t : clients) t.join();
  EXPECT_GE(answered.load(), 40);
}

}  // namespace
}  // namespace keyward::testing

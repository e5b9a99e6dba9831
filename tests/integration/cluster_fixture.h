// Several `keyward serve` nodes on one PostgreSQL server of the test's own, sharing one data
// directory (so one pepper and master key), as docs/operations.md describes running them; and a
// workload that keeps creating, revoking and verifying keys across them while a test does
// something harmful to a node or the database.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "support/keyward_process.h"
#include "support/postgres_server.h"

namespace keyward::testing {

class Cluster {
 public:
  // `config`: the TOML every node serves with (`serve --config`), when not empty.
  explicit Cluster(int nodes, const std::string& config = "");

  PostgresServer postgres;
  std::vector<std::unique_ptr<KeywardServer>> nodes;

  KeywardServer& node(size_t i) { return *nodes.at(i); }
  const InitResult& init() const { return nodes.front()->init(); }
  Headers admin_headers() const { return nodes.front()->admin_headers(); }
  std::string keys_path() const { return "/api/v1/orgs/" + init().org_id + "/keys"; }
  // A client of node `i` whose requests give up after `timeout` (a stopped node never answers).
  HttpClient client(size_t i, std::chrono::milliseconds timeout = std::chrono::seconds(2)) const;
};

// Polls `condition` every few milliseconds for up to `timeout`; whether it came true.
inline bool within(std::chrono::milliseconds timeout, const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

// What a verify answered: valid, invalid, or no answer for keys (503 from a stale node, a timeout
// from a stopped one).
enum class Verdict { kValid, kInvalid, kUnavailable };
Verdict verify_key(HttpClient& client, const std::string& token);

// Creates keys on one node and revokes them on another, round the nodes, while one thread per
// node verifies recently revoked keys there. A revoked key that a node calls valid when the
// verify was sent more than `bound` after the revocation's 204 is a violation. At the end every
// key whose creation was acknowledged must verify everywhere unless its revocation was
// acknowledged too, and then nowhere: anything else is a lost write.
class RevokeVerifyWorkload {
 public:
  RevokeVerifyWorkload(Cluster& cluster, std::chrono::milliseconds bound);
  ~RevokeVerifyWorkload();

  void start();
  void stop();
  // Waits until every node answers for keys again (up to `timeout`); then counts lost writes.
  int lost_writes(std::chrono::milliseconds timeout = std::chrono::seconds(30));

  int violations() const { return violations_.load(); }
  int revocations() const { return revocations_.load(); }
  int verifications() const { return verifications_.load(); }

  // The node the writer leaves alone for now (-1: none): one that is down or stopped.
  void avoid(int node) { avoided_ = node; }

 private:
  struct Key {
    std::string id;
    std::string token;
    size_t created_on = 0;
    size_t revoked_on = 0;
    bool revoke_acknowledged = false;
    bool revoke_uncertain = false;  // sent, but no answer: either outcome is correct
    std::chrono::steady_clock::time_point revoked_at{};
  };
  void write_loop();
  void verify_loop(size_t node);

  Cluster& cluster_;
  const std::chrono::milliseconds bound_;
  std::atomic<bool> running_{false};
  std::atomic<int> avoided_{-1};
  std::atomic<int> violations_{0};
  std::atomic<int> revocations_{0};
  std::atomic<int> verifications_{0};
  std::mutex mu_;
  std::vector<Key> keys_;
  std::vector<std::thread> threads_;
};

}  // namespace keyward::testing

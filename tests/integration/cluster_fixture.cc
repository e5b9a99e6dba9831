#include "integration/cluster_fixture.h"

#include <random>

#include <boost/json.hpp>

namespace keyward::testing {
namespace {

using Steady = std::chrono::steady_clock;

KeywardServer::Options node_options(const std::string& store, const std::filesystem::path& dir,
                                    const std::string& config) {
  KeywardServer::Options options;
  options.store = store;
  options.data_dir = dir;
  options.config = config;
  return options;
}

}  // namespace

Cluster::Cluster(int count, const std::string& config) {
  nodes.push_back(std::make_unique<KeywardServer>(node_options(postgres.uri(), {}, config)));
  for (int i = 1; i < count; ++i) {
    nodes.push_back(std::make_unique<KeywardServer>(
        node_options(postgres.uri(), nodes.front()->data_dir(), config)));
  }
}

HttpClient Cluster::client(size_t i, std::chrono::milliseconds timeout) const {
  HttpClient c(nodes.at(i)->url(), nodes.at(i)->ca_file());
  c.set_timeout(timeout);
  return c;
}

Verdict verify_key(HttpClient& client, const std::string& token) {
  try {
    const auto r = client.post_json("/api/v1/keys/verify",
                                    boost::json::serialize(boost::json::object{{"key", token}}));
    if (r.status != 200) return Verdict::kUnavailable;
    return r.json().at("valid").as_bool() ? Verdict::kValid : Verdict::kInvalid;
  } catch (const std::exception&) {
    return Verdict::kUnavailable;  // no answer: timed out, refused
  }
}

RevokeVerifyWorkload::RevokeVerifyWorkload(Cluster& cluster, std::chrono::milliseconds bound)
    : cluster_(cluster), bound_(bound) {}

RevokeVerifyWorkload::~RevokeVerifyWorkload() { stop(); }

void RevokeVerifyWorkload::start() {
  running_ = true;
  threads_.emplace_back([this] { write_loop(); });
  for (size_t i = 0; i < cluster_.nodes.size(); ++i) {
    threads_.emplace_back([this, i] { verify_loop(i); });
  }
}

void RevokeVerifyWorkload::stop() {
  running_ = false;
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void RevokeVerifyWorkload::write_loop() {
  const size_t n = cluster_.nodes.size();
  std::vector<HttpClient> clients;
  for (size_t i = 0; i < n; ++i) clients.push_back(cluster_.client(i));
  const auto headers = cluster_.admin_headers();
  size_t turn = 0;
  auto next_node = [&] {
    for (;;) {
      const size_t i = turn++ % n;
      if (static_cast<int>(i) != avoided_.load()) return i;
    }
  };
  while (running_) {
    // About 100 keys and 50 revocations a second: continuous, and few enough to check them all.
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const size_t creator = next_node();
    Key key;
    try {
      const auto r = clients[creator].post_json(
          cluster_.keys_path(), R"({"name": "workload", "kind": "secret"})", headers);
      if (r.status != 201) continue;  // the store is away: nothing was acknowledged
      key.id = std::string(r.json().at("id").as_string());
      key.token = std::string(r.json().at("token").as_string());
      key.created_on = creator;
    } catch (const std::exception&) {
      continue;  // no answer: the key may or may not exist; it is not followed
    }
    size_t index;
    {
      std::lock_guard lock(mu_);
      keys_.push_back(key);
      index = keys_.size() - 1;
    }
    // Revoke every other key, on another node than the one that made it.
    if (index % 2 == 1) continue;
    const size_t revoker = next_node();
    bool answered = false;
    long status = 0;
    try {
      status = clients[revoker].del(cluster_.keys_path() + "/" + key.id, headers).status;
      answered = true;
    } catch (const std::exception&) {
    }
    std::lock_guard lock(mu_);
    Key& k = keys_[index];
    k.revoked_on = revoker;
    if (answered && status == 204) {
      k.revoke_acknowledged = true;
      k.revoked_at = Steady::now();
      ++revocations_;
    } else if (!answered || status >= 500) {
      k.revoke_uncertain = true;  // a 503 may come after the commit (the answer was lost)
    }
  }
}

void RevokeVerifyWorkload::verify_loop(size_t node) {
  auto client = cluster_.client(node);
  std::mt19937 random(static_cast<unsigned>(node));
  while (running_) {
    Key key;
    {
      std::lock_guard lock(mu_);
      if (keys_.empty()) {
        key = {};
      } else {
        // Mostly the newest keys: the ones whose revocation is still on its way.
        const size_t window = std::min<size_t>(keys_.size(), 16);
        key = keys_[keys_.size() - 1 - random() % window];
      }
    }
    if (key.token.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    // Steady, not flat out: the nodes share two cores with everything else.
    std::this_thread::sleep_for(std::chrono::microseconds(500));
    const auto sent = Steady::now();
    const Verdict verdict = verify_key(client, key.token);
    ++verifications_;
    if (verdict == Verdict::kValid && key.revoke_acknowledged && sent > key.revoked_at + bound_) {
      ++violations_;
      ADD_FAILURE()
          << "node " << node << " called key " << key.id << " valid "
          << std::chrono::duration_cast<std::chrono::milliseconds>(sent - key.revoked_at).count()
          << " ms after its revocation was acknowledged";
    }
  }
}

int RevokeVerifyWorkload::lost_writes(std::chrono::milliseconds timeout) {
  std::vector<Key> keys;
  {
    std::lock_guard lock(mu_);
    keys = keys_;
  }
  int lost = 0;
  for (size_t i = 0; i < cluster_.nodes.size(); ++i) {
    auto client = cluster_.client(i);
    const auto deadline = Steady::now() + timeout;
    // A revocation acknowledged just before the workload stopped may still be on its way here:
    // until the bound has passed, a key that does not answer as expected is asked again.
    const auto settled = Steady::now() + bound_;
    for (const Key& key : keys) {
      if (key.revoke_uncertain) continue;
      const Verdict expected = key.revoke_acknowledged ? Verdict::kInvalid : Verdict::kValid;
      Verdict got = verify_key(client, key.token);
      while (got != expected &&
             Steady::now() < (got == Verdict::kUnavailable ? deadline : settled)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        got = verify_key(client, key.token);
      }
      if (got != expected) {
        ++lost;
        ADD_FAILURE() << "node " << i << ": key " << key.id << " (created on node "
                      << key.created_on << ", revoked on node " << key.revoked_on << ") should be "
                      << (expected == Verdict::kValid ? "valid" : "invalid") << " but is "
                      << (got == Verdict::kValid     ? "valid"
                          : got == Verdict::kInvalid ? "invalid"
                                                     : "unanswered");
      }
    }
  }
  return lost;
}

}  // namespace keyward::testing

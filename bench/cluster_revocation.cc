// How soon what one node does is true on the others: several `keyward serve` nodes on one
// PostgreSQL (bench/cluster.sh starts them). Each round makes a key on the first node and waits
// until every node verifies it; then
//   revoke: deletes it on the second node and, from that node's 204, polls every other node
//           until it answers invalid;
//   roll:   rolls it on the second node with no grace, and polls the others until the old token
//           is refused;
// and, in rounds of its own,
//   rotate: rotates the organization's API key on the second node, and polls the others until the
//           old API key is refused.
// Prints, per operation, the distribution over rounds of the time until the slowest other node
// had it (p50, p99, max).
//
//   cluster_revocation --ca CERT --org ID --authorization B64 --api-key KEY
//                      --urls https://A,https://B,https://C [--rounds 1000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>
#include <curl/curl.h>

namespace {

using Steady = std::chrono::steady_clock;

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// One keep-alive connection to one node.
class Client {
 public:
  Client(std::string url, const std::string& ca) : url_(std::move(url)), curl_(curl_easy_init()) {
    curl_easy_setopt(curl_, CURLOPT_CAINFO, ca.c_str());
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body_);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 10L);
  }
  ~Client() { curl_easy_cleanup(curl_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // The status, with the body in body().
  long call(const char* method, const std::string& path, const std::vector<std::string>& headers,
            const std::string& payload = "") {
    body_.clear();
    const std::string target = url_ + path;
    curl_slist* list = nullptr;
    for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
    list = curl_slist_append(list, "Content-Type: application/json");
    curl_easy_setopt(curl_, CURLOPT_URL, target.c_str());
    curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, list);
    if (std::string(method) == "GET") {
      curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, payload.c_str());
    }
    long status = 0;
    if (curl_easy_perform(curl_) == CURLE_OK) {
      curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    }
    curl_slist_free_all(list);
    return status;
  }
  bool valid(const std::string& token) {
    return call("POST", "/api/v1/keys/verify", {}, "{\"key\":\"" + token + "\"}") == 200 &&
           body_.find("\"valid\":true") != std::string::npos;
  }
  const std::string& body() const { return body_; }

 private:
  std::string url_;
  CURL* curl_;
  std::string body_;
};

std::string field(const std::string& json, const char* name) {
  return std::string(boost::json::parse(json).at(name).as_string());
}

// Polls, on a thread per node, until `done` holds on each; the time from `from` until the last.
template <typename Done>
double until_everywhere(std::vector<Client*>& nodes, Steady::time_point from, Done done) {
  std::vector<Steady::time_point> when(nodes.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < nodes.size(); ++i) {
    threads.emplace_back([&, i] {
      while (!done(*nodes[i])) {
      }
      when[i] = Steady::now();
    });
  }
  for (auto& t : threads) t.join();
  return std::chrono::duration<double, std::milli>(*std::max_element(when.begin(), when.end()) -
                                                   from)
      .count();
}

void report(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  const auto pct = [&](double p) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(p * static_cast<double>(ms.size())))];
  };
  std::printf("%-7s rounds=%zu p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n", what, ms.size(), pct(0.5),
              pct(0.99), ms.back());
}

}  // namespace

int main(int argc, char** argv) {
  std::string ca, org, authorization, api_key, urls;
  int rounds = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--ca") ca = value;
    if (flag == "--org") org = value;
    if (flag == "--authorization") authorization = value;
    if (flag == "--api-key") api_key = value;
    if (flag == "--urls") urls = value;
    if (flag == "--rounds") rounds = std::stoi(value);
  }
  std::vector<std::unique_ptr<Client>> nodes;
  for (size_t start = 0; start < urls.size();) {
    size_t end = urls.find(',', start);
    if (end == std::string::npos) end = urls.size();
    nodes.push_back(std::make_unique<Client>(urls.substr(start, end - start), ca));
    start = end + 1;
  }
  if (ca.empty() || org.empty() || authorization.empty() || api_key.empty() || nodes.size() < 2) {
    std::fprintf(stderr,
                 "usage: cluster_revocation --ca CERT --org ID --authorization B64 --api-key KEY "
                 "--urls A,B[,C...] [--rounds N]\n");
    return 2;
  }
  const std::string keys = "/api/v1/orgs/" + org + "/keys";
  Client& maker = *nodes[0];
  Client& actor = *nodes[1];
  std::vector<Client*> all, others;
  for (auto& n : nodes) all.push_back(n.get());
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (i != 1) others.push_back(nodes[i].get());
  }
  auto headers = [&] {
    return std::vector<std::string>{"Authorization: " + authorization, "API-Key: " + api_key};
  };

  // A new key, once every node verifies it.
  auto new_key = [&](std::string& id, std::string& token) {
    if (maker.call("POST", keys, headers(), R"({"name":"latency","kind":"secret"})") != 201) {
      std::fprintf(stderr, "creating a key failed: %s\n", maker.body().c_str());
      return false;
    }
    id = field(maker.body(), "id");
    token = field(maker.body(), "token");
    until_everywhere(all, Steady::now(), [&](Client& c) { return c.valid(token); });
    return true;
  };

  std::vector<double> revoke, roll, rotate;
  for (int r = 0; r < rounds; ++r) {
    std::string id, token;
    if (!new_key(id, token)) return 1;
    if (actor.call("DELETE", keys + "/" + id, headers()) != 204) return 1;
    const auto acknowledged = Steady::now();
    revoke.push_back(
        until_everywhere(others, acknowledged, [&](Client& c) { return !c.valid(token); }));
  }
  report("revoke", revoke);

  for (int r = 0; r < rounds / 4; ++r) {
    std::string id, token;
    if (!new_key(id, token)) return 1;
    if (actor.call("POST", keys + "/" + id + "/roll", headers(), R"({"grace_seconds":0})") != 201) {
      std::fprintf(stderr, "rolling failed: %s\n", actor.body().c_str());
      return 1;
    }
    const auto acknowledged = Steady::now();
    roll.push_back(
        until_everywhere(others, acknowledged, [&](Client& c) { return !c.valid(token); }));
    const std::string successor = field(actor.body(), "id");
    if (actor.call("DELETE", keys + "/" + successor, headers()) != 204) return 1;
  }
  report("roll", roll);

  const std::string probe = "/Contrast/api/ng/applications";
  for (int r = 0; r < rounds / 4; ++r) {
    const std::string old_key = api_key;
    if (actor.call("POST", "/api/v1/orgs/" + org + "/api-key/rotate", headers(), "") != 200) {
      std::fprintf(stderr, "rotating failed: %s\n", actor.body().c_str());
      return 1;
    }
    const auto acknowledged = Steady::now();
    api_key = field(actor.body(), "api_key");
    const std::vector<std::string> old_headers{"Authorization: " + authorization,
                                               "API-Key: " + old_key};
    rotate.push_back(until_everywhere(
        others, acknowledged, [&](Client& c) { return c.call("GET", probe, old_headers) == 401; }));
    // The next round's requests carry the new key: wait until every node takes it.
    until_everywhere(all, Steady::now(),
                     [&](Client& c) { return c.call("GET", probe, headers()) == 200; });
  }
  report("rotate", rotate);
  return 0;
}

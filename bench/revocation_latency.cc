// How soon a key deleted by another process stops verifying on a running server: this program is
// that other process. For each round it creates a key in the server's store (as `keyward key
// create` would), waits until the server verifies it, deletes it (as `keyward key delete` would),
// and polls the server's verify endpoint until it answers invalid. Prints the distribution of
// the time from the delete's commit to the first invalid answer.
//
//   revocation_latency --data-dir DIR --org ID --url https://127.0.0.1:PORT [--rounds 1000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <curl/curl.h>

#include "cli/runtime.h"
#include "service/key_service.h"

namespace {

using Steady = std::chrono::steady_clock;

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// POST /api/v1/keys/verify over one keep-alive connection.
class Verifier {
 public:
  Verifier(const std::string& url, const std::string& ca_file) : curl_(curl_easy_init()) {
    endpoint_ = url + "/api/v1/keys/verify";
    headers_ = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl_, CURLOPT_URL, endpoint_.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(curl_, CURLOPT_CAINFO, ca_file.c_str());
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body_);
  }
  ~Verifier() {
    curl_slist_free_all(headers_);
    curl_easy_cleanup(curl_);
  }
  bool valid(const std::string& token) {
    body_.clear();
    const std::string request = "{\"key\":\"" + token + "\"}";
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, request.c_str());
    if (curl_easy_perform(curl_) != CURLE_OK) return true;  // unknown: keep polling
    return body_.find("\"valid\":true") != std::string::npos;
  }

 private:
  CURL* curl_;
  curl_slist* headers_;
  std::string endpoint_;
  std::string body_;
};

}  // namespace

int main(int argc, char** argv) {
  using namespace keyward;
  std::string data_dir, org, url;
  int rounds = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--data-dir")
      data_dir = value;
    else if (flag == "--org")
      org = value;
    else if (flag == "--url")
      url = value;
    else if (flag == "--rounds")
      rounds = std::stoi(value);
  }
  const auto org_id = Uuid::parse(org);
  if (data_dir.empty() || !org_id || url.empty()) {
    std::fprintf(stderr,
                 "usage: revocation_latency --data-dir DIR --org ID --url URL [--rounds N]\n");
    return 2;
  }
  auto rt = cli::Runtime::open(data_dir, "");
  if (!rt) {
    std::fprintf(stderr, "%s\n", rt.error().message.c_str());
    return 1;
  }
  service::KeyService keys((*rt)->context());
  const service::Actor actor = service::Actor::command();
  Verifier verifier(url, (std::filesystem::path(data_dir) / "tls" / "cert.pem").string());
  std::vector<double> ms;
  for (int r = 0; r < rounds; ++r) {
    auto issued = keys.create(actor, *org_id, {"revocation-latency", KeyKind::kSecret, {}, {}});
    if (!issued) return 1;
    while (!verifier.valid(issued->token))
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (!keys.revoke(actor, *org_id, issued->key.id)) return 1;
    const auto deleted = Steady::now();
    while (verifier.valid(issued->token)) {
    }
    ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - deleted).count());
  }
  std::sort(ms.begin(), ms.end());
  const auto pct = [&](double p) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(p * static_cast<double>(ms.size())))];
  };
  std::printf("revocations=%zu p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n", ms.size(), pct(0.5),
              pct(0.99), ms.back());
  return 0;
}

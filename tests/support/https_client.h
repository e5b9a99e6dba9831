// A small HTTP client over libcurl for integration tests: real TLS with certificate verification
// against the server's own certificate, keep-alive across requests of one client.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace keyward::testing {

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased

  // The body parsed as JSON (throws if it is not JSON, which fails the test).
  boost::json::value json() const;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  // `ca_file` empty: plain HTTP (or TLS without a trusted CA, which fails).
  HttpClient(std::string base_url, std::string ca_file);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;
  HttpClient(HttpClient&& other) noexcept;

  HttpResponse request(const std::string& method, const std::string& path, const Headers& headers,
                       const std::string& body = "");
  HttpResponse get(const std::string& path, const Headers& headers = {}) {
    return request("GET", path, headers);
  }
  HttpResponse post_json(const std::string& path, const std::string& json, Headers headers = {}) {
    headers.emplace_back("Content-Type", "application/json");
    return request("POST", path, headers, json);
  }
  HttpResponse put_json(const std::string& path, const std::string& json, Headers headers = {}) {
    headers.emplace_back("Content-Type", "application/json");
    return request("PUT", path, headers, json);
  }
  HttpResponse del(const std::string& path, const Headers& headers = {}) {
    return request("DELETE", path, headers);
  }

  const std::string& base_url() const { return base_url_; }
  // How long a request may take in all before it fails (30 s unless set).
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }
  // Connects from this local address (a loopback alias such as 127.0.0.2), to play another client.
  void set_source_address(std::string address) { source_address_ = std::move(address); }

 private:
  std::string base_url_;
  std::string ca_file_;
  std::string source_address_;
  std::chrono::milliseconds timeout_{30'000};
  void* curl_;  // CURL*, reused so requests share a keep-alive connection
};

}  // namespace keyward::testing

// A real webhook receiver for the tests: a small HTTP/1.1 server on 127.0.0.1 (plain HTTP, which
// Keyward allows to loopback) that records every POST it gets and answers 500 to the first
// `fail_first` of them, then 204, so tests see Keyward's retries.
//
// It checks signatures itself with OpenSSL, as a receiver would by the Standard Webhooks
// specification, not with Keyward's code.
//
// Threading: one thread accepts and answers; every public method may be called from the test's
// thread meanwhile.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace keyward::testing {

struct ReceivedWebhook {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  int answered = 0;  // the status the receiver answered

  std::string header(const std::string& name) const;
  // Whether webhook-signature holds "v1,<base64 HMAC-SHA256 of id.timestamp.body>" keyed by the
  // base64-decoded part of `secret` after "whsec_".
  bool signed_with(const std::string& secret) const;
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(int fail_first = 0);
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  // "http://127.0.0.1:<port>/hooks".
  std::string url() const;
  // Every request so far, in arrival order.
  std::vector<ReceivedWebhook> received() const;
  // Waits until at least `n` requests have come (or the timeout), then returns them all.
  std::vector<ReceivedWebhook> wait_for(
      std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(15));

 private:
  void serve();
  void answer(int fd);

  int listener_ = -1;
  int port_ = 0;
  int fail_first_;
  mutable std::mutex mu_;
  std::condition_variable arrived_;
  std::vector<ReceivedWebhook> received_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace keyward::testing

#include "support/webhook_receiver.h"

#include <array>
#include <cctype>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace keyward::testing {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string base64(const unsigned char* data, std::size_t size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  return out;
}

std::vector<unsigned char> unbase64(const std::string& text) {
  std::vector<unsigned char> out(text.size());
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return {};
  std::size_t size = static_cast<std::size_t>(n);
  // EVP_DecodeBlock counts padding as zero bytes.
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) --size;
  out.resize(size);
  return out;
}

// Reads one request: headers up to the blank line, then Content-Length bytes of body.
bool read_request(int fd, ReceivedWebhook& r) {
  std::string data;
  std::array<char, 4096> buffer{};
  std::size_t header_end = std::string::npos;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    const auto n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n <= 0) return false;
    data.append(buffer.data(), static_cast<std::size_t>(n));
  }
  const std::string head = data.substr(0, header_end);
  std::size_t line_end = head.find("\r\n");
  const std::string request_line = head.substr(0, line_end);
  const auto sp1 = request_line.find(' ');
  const auto sp2 = request_line.find(' ', sp1 + 1);
  r.method = request_line.substr(0, sp1);
  r.path = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  while (line_end != std::string::npos && line_end < head.size()) {
    const auto next = head.find("\r\n", line_end + 2);
    const std::string line = head.substr(line_end + 2, next - line_end - 2);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      r.headers[lower(line.substr(0, colon))] = trim(line.substr(colon + 1));
    }
    line_end = next;
  }
  const std::size_t length =
      r.headers.contains("content-length") ? std::stoul(r.headers["content-length"]) : 0;
  r.body = data.substr(header_end + 4);
  while (r.body.size() < length) {
    const auto n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n <= 0) return false;
    r.body.append(buffer.data(), static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

std::string ReceivedWebhook::header(const std::string& name) const {
  const auto it = headers.find(lower(name));
  return it == headers.end() ? "" : it->second;
}

bool ReceivedWebhook::signed_with(const std::string& secret) const {
  const std::string prefix = "whsec_";
  if (!secret.starts_with(prefix)) return false;
  const auto key = unbase64(secret.substr(prefix.size()));
  if (key.empty()) return false;
  const std::string signed_text =
      header("webhook-id") + "." + header("webhook-timestamp") + "." + body;
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), mac.data(),
       &length);
  return header("webhook-signature") == "v1," + base64(mac.data(), length);
}

WebhookReceiver::WebhookReceiver(int fail_first) : fail_first_(fail_first) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  const int on = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::listen(listener_, 16);
  socklen_t size = sizeof address;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { serve(); });
}

WebhookReceiver::~WebhookReceiver() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  thread_.join();
  ::close(listener_);
}

std::string WebhookReceiver::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/hooks";
}

std::vector<ReceivedWebhook> WebhookReceiver::received() const {
  std::lock_guard lock(mu_);
  return received_;
}

std::vector<ReceivedWebhook> WebhookReceiver::wait_for(std::size_t n,
                                                       std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  arrived_.wait_for(lock, timeout, [&] { return received_.size() >= n; });
  return received_;
}

void WebhookReceiver::serve() {
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept(listener_, nullptr, nullptr);
    if (fd < 0) continue;
    answer(fd);
    ::close(fd);
  }
}

void WebhookReceiver::answer(int fd) {
  ReceivedWebhook r;
  if (!read_request(fd, r)) return;
  {
    std::lock_guard lock(mu_);
    r.answered = static_cast<int>(received_.size()) < fail_first_ ? 500 : 204;
    received_.push_back(r);
  }
  arrived_.notify_all();
  const std::string reply = r.answered == 500
                                ? "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n"
                                  "Connection: close\r\n\r\n"
                                : "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
  (void)::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
}

}  // namespace keyward::testing

// A small HTTP/1.1 load generator for bench/compare.sh, over plain TCP or TLS, keep-alive, one
// request in flight per connection, every request presenting a key drawn at random from a file
// (or always the first one).
//
// With --rate R it is open-loop: request i is due at start + i/R whatever the server does, and
// its latency is counted from when it was due, not from when a connection was free to send it,
// so a server that stalls is charged for every request that waited (no coordinated omission).
// With --rate 0 every connection sends its next request as soon as the last is answered: the
// closed loop that finds the peak.
//
//   loadgen --host 127.0.0.1 --port 8443 [--tls] --request auth|verify|gateway|batch|nginx
//           --tokens FILE [--one-key] [--connections 64] [--rate 0] [--duration 10]
//           [--warmup 2] [--batch 100]
//
// Prints one line: requests, rate achieved, latency percentiles (µs), errors.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  bool tls = false;
  std::string request = "auth";
  std::string tokens;
  bool one_key = false;
  int connections = 64;
  double rate = 0;
  double duration = 10;
  double warmup = 2;
  int batch = 100;
};

// The bytes of one request presenting `pick()`ed keys.
class RequestMaker {
 public:
  RequestMaker(const Options& o, std::vector<std::string> tokens)
      : o_(o), tokens_(std::move(tokens)), rng_(42) {}

  std::string next() {
    if (o_.request == "auth" || o_.request == "nginx") {
      const char* path = o_.request == "auth" ? "/api/v1/auth" : "/auth";
      return std::string("GET ") + path + " HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " +
             pick() + "\r\n\r\n";
    }
    std::string body;
    if (o_.request == "verify") {
      body = "{\"key\":\"" + pick() + "\"}";
    } else if (o_.request == "gateway") {
      // What a gateway asks of every key: a scope it needs, and the client's address.
      body = "{\"key\":\"" + pick() + "\",\"scopes\":[\"read\"],\"client_ip\":\"10.1.2.3\"}";
    } else {
      body = "{\"keys\":[";
      for (int i = 0; i < o_.batch; ++i) body += (i ? ",\"" : "\"") + pick() + "\"";
      body += "]}";
    }
    return "POST /api/v1/keys/verify HTTP/1.1\r\nHost: bench\r\nContent-Type: "
           "application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  }

 private:
  const std::string& pick() {
    if (o_.one_key) return tokens_.front();
    return tokens_[std::uniform_int_distribution<size_t>(0, tokens_.size() - 1)(rng_)];
  }
  const Options& o_;
  std::vector<std::string> tokens_;
  std::mt19937_64 rng_;
};

struct Connection {
  int fd = -1;
  SSL* ssl = nullptr;
  bool connected = false;  // TCP and, with TLS, the handshake done
  bool busy = false;       // a request in flight
  std::string out;         // what remains to send
  std::string in;          // what has been read of the response
  Clock::time_point due;   // when the request in flight was due
};

class LoadGenerator {
 public:
  LoadGenerator(const Options& o, RequestMaker& maker) : o_(o), maker_(maker) {
    epoll_ = epoll_create1(0);
    if (o_.tls) {
      ctx_ = SSL_CTX_new(TLS_client_method());
      SSL_CTX_set_verify(ctx_, SSL_VERIFY_NONE, nullptr);  // a benchmark, on loopback
    }
    conns_.resize(static_cast<size_t>(o_.connections));
    for (size_t i = 0; i < conns_.size(); ++i) open(i);
  }

  int run() {
    const auto start = Clock::now();
    measure_from_ = start + to_duration(o_.warmup);
    const auto end = measure_from_ + to_duration(o_.duration);
    std::uint64_t scheduled = 0;
    std::vector<epoll_event> events(conns_.size());
    while (Clock::now() < end) {
      const auto now = Clock::now();
      if (o_.rate > 0) {
        // Every request that has come due joins the queue.
        for (;;) {
          const auto due = start + to_duration(static_cast<double>(scheduled) / o_.rate);
          if (due > now) break;
          backlog_.push_back(due);
          ++scheduled;
        }
      }
      for (size_t i = 0; i < conns_.size(); ++i) try_send(i);
      // Open loop: poll without sleeping, since epoll's millisecond timeout would release due
      // requests in bursts and add up to a millisecond to their latency. The generator has a
      // core of its own.
      const int timeout_ms = o_.rate > 0 ? 0 : 1;
      const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), timeout_ms);
      for (int k = 0; k < n; ++k) on_event(events[static_cast<size_t>(k)].data.u64);
    }
    return report(end - measure_from_);
  }

 private:
  static Clock::duration to_duration(double seconds) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  }

  void open(size_t i) {
    Connection& c = conns_[i];
    c = Connection{};
    c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    const int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(o_.port));
    inet_pton(AF_INET, o_.host.c_str(), &to.sin_addr);
    connect(c.fd, reinterpret_cast<sockaddr*>(&to), sizeof to);
    if (ctx_) {
      c.ssl = SSL_new(ctx_);
      SSL_set_fd(c.ssl, c.fd);
      SSL_set_connect_state(c.ssl);
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
    ev.data.u64 = i;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev);
  }

  void reopen(size_t i) {
    Connection& c = conns_[i];
    const bool was_busy = c.busy;
    const auto due = c.due;
    if (c.ssl) SSL_free(c.ssl);
    close(c.fd);
    ++reconnects_;
    open(i);
    if (was_busy) backlog_.push_front(due);  // sent again on the new connection
  }

  void try_send(size_t i) {
    Connection& c = conns_[i];
    if (!c.connected || c.busy) return;
    if (o_.rate > 0) {
      if (backlog_.empty()) return;
      c.due = backlog_.front();
      backlog_.pop_front();
    } else {
      c.due = Clock::now();
    }
    c.busy = true;
    c.out = maker_.next();
    c.in.clear();
    flush(i);
  }

  void on_event(std::uint64_t i) {
    Connection& c = conns_[i];
    if (!c.connected) {
      if (c.ssl) {
        const int rc = SSL_do_handshake(c.ssl);
        if (rc != 1) {
          const int err = SSL_get_error(c.ssl, rc);
          if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) reopen(i);
          return;
        }
      }
      c.connected = true;
      try_send(i);
      return;
    }
    if (!c.out.empty()) flush(i);
    if (c.busy) receive(i);
  }

  void flush(size_t i) {
    Connection& c = conns_[i];
    while (!c.out.empty()) {
      const long n = c.ssl ? SSL_write(c.ssl, c.out.data(), static_cast<int>(c.out.size()))
                           : send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (n <= 0) {
        if (c.ssl ? SSL_get_error(c.ssl, static_cast<int>(n)) == SSL_ERROR_WANT_WRITE
                  : (errno == EAGAIN)) {
          return;
        }
        return reopen(i);
      }
      c.out.erase(0, static_cast<size_t>(n));
    }
  }

  void receive(size_t i) {
    Connection& c = conns_[i];
    char buf[16384];
    for (;;) {
      const long n = c.ssl ? SSL_read(c.ssl, buf, sizeof buf) : recv(c.fd, buf, sizeof buf, 0);
      if (n <= 0) {
        const bool again = c.ssl ? SSL_get_error(c.ssl, static_cast<int>(n)) == SSL_ERROR_WANT_READ
                                 : (n < 0 && errno == EAGAIN);
        if (!again) reopen(i);
        return;
      }
      c.in.append(buf, static_cast<size_t>(n));
      if (complete(i)) return;
    }
  }

  // Whether the response in `in` is whole; if so, records it and frees the connection.
  bool complete(size_t i) {
    Connection& c = conns_[i];
    const size_t head_end = c.in.find("\r\n\r\n");
    if (head_end == std::string::npos) return false;
    size_t length = 0;
    const char* cl = strcasestr(c.in.c_str(), "\r\ncontent-length:");
    if (cl && static_cast<size_t>(cl - c.in.c_str()) < head_end)
      length = std::strtoul(cl + 17, nullptr, 10);
    if (c.in.size() < head_end + 4 + length) return false;
    const int status = std::atoi(c.in.c_str() + 9);
    const auto now = Clock::now();
    if (c.due >= measure_from_) {
      latencies_us_.push_back(static_cast<std::uint32_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(now - c.due).count()));
      if (status < 200 || status >= 300) ++non_2xx_;
    }
    c.busy = false;
    c.in.clear();
    try_send(i);
    return true;
  }

  int report(Clock::duration measured) {
    std::vector<std::uint32_t> v = latencies_us_;
    std::sort(v.begin(), v.end());
    const auto pct = [&](double p) -> double {
      if (v.empty()) return 0;
      return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
    };
    const double seconds = std::chrono::duration<double>(measured).count();
    std::printf(
        "requests=%zu rps=%.0f p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f non2xx=%llu "
        "reconnects=%llu backlog=%zu\n",
        v.size(), static_cast<double>(v.size()) / seconds, pct(0.5), pct(0.99), pct(0.999),
        v.empty() ? 0.0 : static_cast<double>(v.back()), static_cast<unsigned long long>(non_2xx_),
        static_cast<unsigned long long>(reconnects_), backlog_.size());
    return non_2xx_ == 0 ? 0 : 1;
  }

  const Options& o_;
  RequestMaker& maker_;
  int epoll_ = -1;
  SSL_CTX* ctx_ = nullptr;
  std::vector<Connection> conns_;
  std::deque<Clock::time_point> backlog_;
  Clock::time_point measure_from_;
  std::vector<std::uint32_t> latencies_us_;
  std::uint64_t non_2xx_ = 0;
  std::uint64_t reconnects_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (flag == "--host")
      o.host = value();
    else if (flag == "--port")
      o.port = std::stoi(value());
    else if (flag == "--tls")
      o.tls = true;
    else if (flag == "--request")
      o.request = value();
    else if (flag == "--tokens")
      o.tokens = value();
    else if (flag == "--one-key")
      o.one_key = true;
    else if (flag == "--connections")
      o.connections = std::stoi(value());
    else if (flag == "--rate")
      o.rate = std::stod(value());
    else if (flag == "--duration")
      o.duration = std::stod(value());
    else if (flag == "--warmup")
      o.warmup = std::stod(value());
    else if (flag == "--batch")
      o.batch = std::stoi(value());
    else {
      std::fprintf(stderr, "unknown flag %s (see bench/loadgen.cc)\n", flag.c_str());
      return 2;
    }
  }
  std::vector<std::string> tokens;
  std::ifstream in(o.tokens);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) tokens.push_back(line);
  }
  if (o.port == 0 || tokens.empty()) {
    std::fprintf(stderr, "need --port and a --tokens file with at least one token\n");
    return 2;
  }
  RequestMaker maker(o, std::move(tokens));
  return LoadGenerator(o, maker).run();
}

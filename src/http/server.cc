#include "http/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "http/session.h"
#include <sys/resource.h>

namespace keyward::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Connections are counted per client: an IPv4 address, or an IPv6 /64 (what one host, or one
// customer of a provider, holds). IPv4-mapped IPv6 addresses count as their IPv4 address.
using ClientGroup = std::array<std::uint8_t, 16>;

ClientGroup group_of(const net::ip::address& address) {
  if (address.is_v4())
    return net::ip::make_address_v6(net::ip::v4_mapped, address.to_v4()).to_bytes();
  ClientGroup bytes = address.to_v6().to_bytes();
  if (!address.to_v6().is_v4_mapped()) std::fill(bytes.begin() + 8, bytes.end(), std::uint8_t{0});
  return bytes;
}

struct ClientGroupHash {
  size_t operator()(const ClientGroup& g) const noexcept {
    size_t h = 14695981039346656037ull;
    for (const auto b : g) h = (h ^ b) * 1099511628211ull;
    return h;
  }
};

// Accepting again at once after running out of file descriptors would spin; this long is enough
// for idle connections to time out or close.
constexpr std::chrono::milliseconds kAcceptBackoff{100};

}  // namespace

struct Server::State {
  State(ServerOptions opts, RequestHandler& h) : options(std::move(opts)), handler(h) {
    const unsigned n = std::max(1u, options.threads);
    for (unsigned i = 0; i < n; ++i) contexts.push_back(std::make_unique<net::io_context>(1));
    acceptor.emplace(*contexts.front());
    deadline.emplace(*contexts.front());
    accept_pause.emplace(*contexts.front());
  }

  net::io_context& main() { return *contexts.front(); }
  net::io_context& next_context() {
    return *contexts[next_context_index++ % contexts.size()];  // only the acceptor calls this
  }

  ServerOptions options;
  RequestHandler& handler;
  std::vector<std::unique_ptr<net::io_context>> contexts;  // [0] is the main context
  // Work guards keep the worker contexts running while they have no connection.
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
  std::optional<tcp::acceptor> acceptor;          // main context only
  std::optional<net::steady_timer> deadline;      // main context only
  std::optional<net::steady_timer> accept_pause;  // main context only
  size_t next_context_index = 0;
  std::atomic<bool> stopping{false};
  std::atomic<std::uint64_t> refused{0};
  std::atomic<std::uint64_t> accept_pauses{0};
  std::uint64_t closed = 0;  // guarded by mu
  bool torn_down = false;    // set by ~Server before the contexts go; guarded by mu

  struct Registered {
    std::weak_ptr<Connection> connection;
    ClientGroup group;
  };
  mutable std::mutex mu;  // guards connections, per_client and next_id
  std::unordered_map<std::uint64_t, Registered> connections;
  std::unordered_map<ClientGroup, std::size_t, ClientGroupHash> per_client;
  std::uint64_t next_id = 1;

  // On the main context: the last step of shutting down.
  void stop_all() {
    guards.clear();
    for (auto& c : contexts) c->stop();
  }
};

std::uint64_t register_connection(Server::State& state, std::weak_ptr<Connection> c,
                                  const ClientInfo& client) {
  std::lock_guard lock(state.mu);
  const auto id = state.next_id++;
  state.connections.emplace(id, Server::State::Registered{std::move(c), group_of(client.address)});
  return id;
}

void unregister_connection(Server::State& state, std::uint64_t id) {
  std::lock_guard lock(state.mu);
  const auto it = state.connections.find(id);
  if (it == state.connections.end()) return;
  const auto count = state.per_client.find(it->second.group);
  if (count != state.per_client.end() && --count->second == 0) state.per_client.erase(count);
  state.connections.erase(it);
  ++state.closed;
  if (state.stopping && state.connections.empty() && !state.torn_down) {
    // The last connection is gone: no need to wait for the grace deadline.
    net::post(state.main(), [&state] { state.deadline->cancel(); });
  }
}

RequestHandler& handler_of(Server::State& state) { return state.handler; }
const Limits& limits_of(Server::State& state) { return state.options.limits; }
bool stopping(const Server::State& state) { return state.stopping; }

namespace {

void do_accept(const std::shared_ptr<Server::State>& state);

bool out_of_resources(const boost::system::error_code& ec) {
  return ec == net::error::no_descriptors || ec == net::error::no_buffer_space ||
         ec == net::error::no_memory || ec == boost::system::errc::too_many_files_open_in_system;
}

// Counts the connection against its client unless the server or the client is at its limit.
bool admit(Server::State& state, const net::ip::address& peer) {
  const auto group = group_of(peer);
  std::lock_guard lock(state.mu);
  if (state.connections.size() >= state.options.limits.max_connections) return false;
  auto& count = state.per_client[group];
  if (count >= state.options.limits.max_connections_per_client) {
    if (count == 0) state.per_client.erase(group);
    return false;
  }
  ++count;
  return true;
}

void on_accept(const std::shared_ptr<Server::State>& state, boost::system::error_code ec,
               TcpSocket socket) {
  if (ec == net::error::operation_aborted || state->stopping) return;
  if (out_of_resources(ec)) {
    state->accept_pauses++;
    state->accept_pause->expires_after(kAcceptBackoff);
    state->accept_pause->async_wait([state](boost::system::error_code wait_ec) {
      if (!wait_ec && !state->stopping) do_accept(state);
    });
    return;
  }
  if (!ec) {
    boost::system::error_code ignored;
    const auto peer = socket.remote_endpoint(ignored);
    if (ignored || !admit(*state, peer.address())) {
      state->refused++;
      socket.close(ignored);
    } else {
      socket.set_option(tcp::no_delay(true), ignored);
      ClientInfo client{peer.address(), state->options.tls != nullptr};
      if (state->options.tls) {
        start_tls_session(std::move(socket), *state->options.tls, state, std::move(client));
      } else {
        start_plain_session(std::move(socket), state, std::move(client));
      }
    }
  }
  do_accept(state);
}

void do_accept(const std::shared_ptr<Server::State>& state) {
  // The new connection is created on the next context in turn and lives there for good.
  state->acceptor->async_accept(state->next_context(),
                                [state](boost::system::error_code ec, TcpSocket socket) {
                                  on_accept(state, ec, std::move(socket));
                                });
}

}  // namespace

Server::Server(ServerOptions options, RequestHandler& handler)
    : state_(std::make_shared<State>(std::move(options), handler)) {}

Server::~Server() {
  // Sessions waiting in the contexts hold the State, and the State holds the contexts: break the
  // cycle by destroying the contexts (and with them every pending handler and session) here.
  std::vector<std::unique_ptr<net::io_context>> contexts;
  {
    std::lock_guard lock(state_->mu);
    state_->torn_down = true;
    contexts.swap(state_->contexts);
  }
  state_->acceptor.reset();
  state_->deadline.reset();
  state_->accept_pause.reset();
  state_->guards.clear();
  contexts.clear();
}

net::io_context& Server::main_context() { return state_->main(); }

// Every connection is a descriptor: allow as many as the system lets this process have, so the
// connection limits, not the default soft limit of 1024, decide.
void Server::raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    (void)::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

Result<tcp::endpoint> Server::start() {
  raise_descriptor_limit();
  boost::system::error_code ec;
  auto& acceptor = *state_->acceptor;
  const auto& endpoint = state_->options.endpoint;
  const std::string where = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail(Errc::kUnavailable, "cannot listen on " + where + ": " + ec.message());
  const auto bound = acceptor.local_endpoint(ec);
  for (auto& c : state_->contexts) state_->guards.push_back(net::make_work_guard(*c));
  do_accept(state_);
  return bound;
}

void Server::run() {
  std::vector<std::thread> workers;
  for (size_t i = 1; i < state_->contexts.size(); ++i) {
    workers.emplace_back([context = state_->contexts[i].get()] { context->run(); });
  }
  state_->main().run();
  for (auto& t : workers) t.join();
}

void Server::shutdown() {
  if (state_->stopping.exchange(true)) return;
  net::post(state_->main(), [state = state_] {
    boost::system::error_code ignored;
    state->acceptor->close(ignored);
    state->accept_pause->cancel();
    std::vector<std::shared_ptr<Connection>> live;
    {
      std::lock_guard lock(state->mu);
      for (auto& [id, registered] : state->connections) {
        if (auto c = registered.connection.lock()) live.push_back(std::move(c));
      }
    }
    for (auto& c : live) c->stop();
    if (live.empty()) return state->stop_all();
    state->deadline->expires_after(state->options.limits.shutdown_grace);
    state->deadline->async_wait([state](boost::system::error_code) { state->stop_all(); });
  });
}

ConnectionStats Server::connection_stats() const {
  std::lock_guard lock(state_->mu);
  return ConnectionStats{state_->connections.size(), state_->refused.load(),
                         state_->accept_pauses.load(), state_->closed};
}

}  // namespace keyward::http

#include "http/server.h"

#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "http/session.h"

namespace keyward::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Server::State {
  State(ServerOptions opts, RequestHandler& h) : options(std::move(opts)), handler(h) {
    const unsigned n = std::max(1u, options.threads);
    for (unsigned i = 0; i < n; ++i) contexts.push_back(std::make_unique<net::io_context>(1));
    acceptor.emplace(*contexts.front());
    deadline.emplace(*contexts.front());
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
  std::optional<tcp::acceptor> acceptor;      // main context only
  std::optional<net::steady_timer> deadline;  // main context only
  size_t next_context_index = 0;
  std::atomic<bool> stopping{false};
  bool torn_down = false;  // set by ~Server before the contexts go; guarded by mu

  mutable std::mutex mu;  // guards connections and next_id
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections;
  std::uint64_t next_id = 1;

  // On the main context: the last step of shutting down.
  void stop_all() {
    guards.clear();
    for (auto& c : contexts) c->stop();
  }
};

std::uint64_t register_connection(Server::State& state, std::weak_ptr<Connection> c) {
  std::lock_guard lock(state.mu);
  const auto id = state.next_id++;
  state.connections.emplace(id, std::move(c));
  return id;
}

void unregister_connection(Server::State& state, std::uint64_t id) {
  std::lock_guard lock(state.mu);
  state.connections.erase(id);
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

void on_accept(const std::shared_ptr<Server::State>& state, boost::system::error_code ec,
               TcpSocket socket) {
  if (ec == net::error::operation_aborted || state->stopping) return;
  if (!ec) {
    bool full;
    {
      std::lock_guard lock(state->mu);
      full = state->connections.size() >= state->options.limits.max_connections;
    }
    boost::system::error_code ignored;
    const auto peer = socket.remote_endpoint(ignored);
    if (full || ignored) {
      socket.close(ignored);
    } else {
      socket.set_option(tcp::no_delay(true), ignored);
      ClientInfo client{peer.address(), state->options.tls != nullptr};
      if (state->options.tls) {
        std::make_shared<TlsSession>(std::move(socket), *state->options.tls, state, client)->run();
      } else {
        std::make_shared<PlainSession>(std::move(socket), state, client)->run();
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
  state_->guards.clear();
  contexts.clear();
}

net::io_context& Server::main_context() { return state_->main(); }

Result<tcp::endpoint> Server::start() {
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
    std::vector<std::shared_ptr<Connection>> live;
    {
      std::lock_guard lock(state->mu);
      for (auto& [id, weak] : state->connections) {
        if (auto c = weak.lock()) live.push_back(std::move(c));
      }
    }
    for (auto& c : live) c->stop();
    if (live.empty()) return state->stop_all();
    state->deadline->expires_after(state->options.limits.shutdown_grace);
    state->deadline->async_wait([state](boost::system::error_code) { state->stop_all(); });
  });
}

std::size_t Server::connection_count() const {
  std::lock_guard lock(state_->mu);
  return state_->connections.size();
}

}  // namespace keyward::http

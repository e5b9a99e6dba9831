#include "http/server.h"

#include <mutex>
#include <unordered_map>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "http/session.h"

namespace keyward::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Server::State {
  State(net::io_context& io_context, ServerOptions opts, RequestHandler& h)
      : io(io_context),
        options(std::move(opts)),
        handler(h),
        strand(net::make_strand(io_context)),
        acceptor(strand),
        deadline(strand) {}

  net::io_context& io;
  ServerOptions options;
  RequestHandler& handler;
  net::strand<net::io_context::executor_type> strand;  // guards acceptor and deadline
  tcp::acceptor acceptor;
  net::steady_timer deadline;
  std::atomic<bool> stopping{false};

  mutable std::mutex mu;  // guards connections and next_id
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections;
  std::uint64_t next_id = 1;
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
  if (state.stopping && state.connections.empty()) {
    // The last connection is gone: no need to wait for the grace deadline.
    net::post(state.strand, [&state] { state.deadline.cancel(); });
  }
}

RequestHandler& handler_of(Server::State& state) { return state.handler; }
const Limits& limits_of(Server::State& state) { return state.options.limits; }
bool stopping(const Server::State& state) { return state.stopping; }

namespace {

void do_accept(const std::shared_ptr<Server::State>& state);

void on_accept(const std::shared_ptr<Server::State>& state, boost::system::error_code ec,
               tcp::socket socket) {
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
  state->acceptor.async_accept(net::make_strand(state->io),
                               [state](boost::system::error_code ec, tcp::socket socket) {
                                 on_accept(state, ec, std::move(socket));
                               });
}

}  // namespace

Server::Server(net::io_context& io, ServerOptions options, RequestHandler& handler)
    : state_(std::make_shared<State>(io, std::move(options), handler)) {}

Server::~Server() = default;

Result<tcp::endpoint> Server::start() {
  boost::system::error_code ec;
  auto& acceptor = state_->acceptor;
  const auto& endpoint = state_->options.endpoint;
  const std::string where = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail(Errc::kUnavailable, "cannot listen on " + where + ": " + ec.message());
  const auto bound = acceptor.local_endpoint(ec);
  do_accept(state_);
  return bound;
}

void Server::shutdown() {
  if (state_->stopping.exchange(true)) return;
  net::post(state_->strand, [state = state_] {
    boost::system::error_code ignored;
    state->acceptor.close(ignored);
    std::vector<std::shared_ptr<Connection>> live;
    {
      std::lock_guard lock(state->mu);
      for (auto& [id, weak] : state->connections) {
        if (auto c = weak.lock()) live.push_back(std::move(c));
      }
    }
    for (auto& c : live) c->stop();
    if (live.empty()) {
      state->io.stop();
      return;
    }
    state->deadline.expires_after(state->options.limits.shutdown_grace);
    state->deadline.async_wait([state](boost::system::error_code) { state->io.stop(); });
  });
}

std::size_t Server::connection_count() const {
  std::lock_guard lock(state_->mu);
  return state_->connections.size();
}

}  // namespace keyward::http

// The HTTP(S) server: accepts connections, reads requests within explicit limits, hands each to a
// RequestHandler and writes its response, with keep-alive, and stops gracefully.
//
// Threading: the server owns one io_context per thread. The first ("main") context runs the
// acceptor and whatever the caller schedules on it (timers, signals); accepted connections are
// dealt round-robin to the contexts and stay on theirs for life, so a connection's handlers never
// need a strand and the threads share no reactor lock. The handler is called concurrently from
// all threads and must be thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "core/error.h"
#include "http/limits.h"
#include "http/message.h"

namespace keyward::http {

// Where an answer that is not ready at once goes: the connection that asked. respond() may be
// called from any thread, exactly once; the connection writes the response on its own thread.
class Responder {
 public:
  virtual void respond(Response response) = 0;

 protected:
  ~Responder() = default;
};

// What a handler is given to answer later: defer() claims the connection's answer (and keeps the
// connection alive until it is given). Only called by handlers that do not answer at once, so the
// common case costs nothing.
class ResponseChannel {
 public:
  virtual std::shared_ptr<Responder> defer() = 0;

 protected:
  ~ResponseChannel() = default;
};

// What the server serves. Handlers are plain functions of a request: they never see sockets.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // The largest body to accept for a request with this header, decided before the body is read;
  // a larger body is answered 413 without being read.
  virtual std::uint64_t body_limit(const RequestHeader& header) const = 0;
  // Answers a request, on the connection's I/O thread. Work that never waits (lookups in memory)
  // answers at once by returning the response. Work that may wait (a database, a password hash,
  // a mail server) must not run here: the handler takes `channel.defer()`, hands the work to
  // other threads, returns nothing, and the responder answers later; the handler may move from
  // `request` then. The connection reads nothing more until it has its answer. Must not throw.
  // A response must be complete (prepare_payload done).
  virtual std::optional<Response> handle(Request& request, const ClientInfo& client,
                                         ResponseChannel& channel) = 0;
  // Answers a request that could not be read (malformed 400, oversized 413/431). The connection
  // is closed afterwards.
  virtual Response reject(StatusCode status, std::string_view message,
                          const ClientInfo& client) = 0;
};

struct ConnectionStats {
  std::size_t open = 0;
  std::uint64_t refused = 0;        // closed at once: the server or their client at its limit
  std::uint64_t accept_pauses = 0;  // times accepting paused for lack of descriptors or memory
  std::uint64_t closed = 0;         // connections that have ended, since the start
};

struct ServerOptions {
  boost::asio::ip::tcp::endpoint endpoint;
  std::shared_ptr<boost::asio::ssl::context> tls;  // null serves plain HTTP
  Limits limits;
  unsigned threads = 1;  // io_contexts, one thread each
};

class Server {
 public:
  Server(ServerOptions options, RequestHandler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting. Returns the bound endpoint (useful with port 0).
  Result<boost::asio::ip::tcp::endpoint> start();

  // Runs every context, the main one on the calling thread, until the server has shut down.
  void run();

  // Stops accepting, lets requests in progress finish (up to limits.shutdown_grace), closes idle
  // connections, then stops every context so run() returns. Thread-safe and idempotent.
  void shutdown();

  // The context the acceptor runs on; schedule timers and signal handling here.
  boost::asio::io_context& main_context();

  ConnectionStats connection_stats() const;

  struct State;  // shared with the connections (server.cc)

 private:
  static void raise_descriptor_limit();
  std::shared_ptr<State> state_;
};

}  // namespace keyward::http

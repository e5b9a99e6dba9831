// One connection's request/response loop, shared by plain and TLS connections (CRTP, as in Beast's
// server-flex example). Internal to http/.
#pragma once

#include <memory>
#include <optional>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "http/framing.h"
#include "http/server.h"

namespace keyward::http {

// The connection registry entry the server uses to stop a connection.
class Connection {
 public:
  virtual ~Connection() = default;
  // Ends the connection once the response in progress, if any, has been written. Thread-safe.
  virtual void stop() = 0;
};

// Registers and unregisters connections; implemented in server.cc. Accepting counted the
// connection against its client already; unregistering releases that count too.
std::uint64_t register_connection(Server::State& state, std::weak_ptr<Connection> c,
                                  const ClientInfo& client);
void unregister_connection(Server::State& state, std::uint64_t id);
RequestHandler& handler_of(Server::State& state);
const Limits& limits_of(Server::State& state);
bool stopping(const Server::State& state);

namespace beast = boost::beast;
namespace net = boost::asio;

// Streams bound to a plain io_context executor rather than the type-erased any_io_executor: every
// connection lives on one single-threaded context, and the erasure cost more than the key check.
using TcpStream = beast::basic_stream<net::ip::tcp, net::io_context::executor_type>;
using TcpSocket = TcpStream::socket_type;

// Decides what a failed I/O operation means. Timeouts, resets and truncated TLS streams are a
// client going away, not an error worth reporting.
inline bool is_protocol_error(const beast::error_code& ec) {
  return ec.category() == beast_http::make_error_code(beast_http::error::bad_method).category() &&
         ec != beast_http::error::end_of_stream && ec != beast_http::error::partial_message;
}

template <class Derived>
class HttpSession : public ResponseChannel, public Responder {
 public:
  HttpSession(std::shared_ptr<Server::State> state, ClientInfo client)
      : state_(std::move(state)), client_(std::move(client)) {}

 protected:
  Derived& derived() { return static_cast<Derived&>(*this); }

  // The header is read as raw bytes first and parsed from the buffer, so the framing checks
  // (http/framing.h) can see it exactly as sent: Beast would silently unfold folded lines.
  void do_read(bool first) {
    if (stopping_ || stopping(*state_)) return derived().do_eof();
    busy_ = false;
    parser_.emplace();
    parser_->header_limit(limits_of(*state_).header_bytes);
    // No body limit while the header is read: Beast would otherwise apply its own default to the
    // Content-Length and fail the read before the route's limit is known.
    parser_->body_limit(boost::none);
    beast::get_lowest_layer(derived().stream())
        .expires_after(first ? limits_of(*state_).read_timeout : limits_of(*state_).idle_timeout);
    read_header_bytes();
  }

  // Reads until the buffer holds a whole header (pipelined requests may already be there).
  void read_header_bytes() {
    const std::string_view buffered = buffered_text();
    if (const size_t end = buffered.find("\r\n\r\n"); end != std::string_view::npos) {
      return on_header_bytes(buffered.substr(0, end + 4));
    }
    if (buffered.size() >= limits_of(*state_).header_bytes) return reject_large_header();
    if (!buffered.empty()) {
      busy_ = true;  // a request has begun: a stop lets it finish
      beast::get_lowest_layer(derived().stream()).expires_after(limits_of(*state_).read_timeout);
    }
    derived().stream().async_read_some(
        buffer_.prepare(kReadChunk),
        beast::bind_front_handler(&HttpSession::on_read_some, derived().shared_from_this()));
  }

  void on_read_some(beast::error_code ec, std::size_t n) {
    buffer_.commit(n);
    if (ec) return derived().do_eof();  // closed, reset, timed out or stopped: nothing to answer
    read_header_bytes();
  }

  void on_header_bytes(std::string_view raw) {
    busy_ = true;
    beast::error_code ec;
    const size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == beast_http::error::header_limit) return reject_large_header();
    if (ec || !parser_->is_header_done()) {
      return reject(StatusCode::bad_request, "malformed HTTP request");
    }
    if (const auto why = framing_error(parser_->get(), raw)) {
      return reject(StatusCode::bad_request, std::string(*why));
    }
    const auto limit = handler_of(*state_).body_limit(parser_->get());
    parser_->body_limit(limit);
    body_limit_ = limit;
    if (const auto length = parser_->content_length(); length && *length > limit) {
      return reject(StatusCode::payload_too_large, body_too_large(limit));
    }
    beast::get_lowest_layer(derived().stream()).expires_after(limits_of(*state_).read_timeout);
    if (beast::iequals(parser_->get()[beast_http::field::expect], "100-continue")) {
      continue_.emplace(StatusCode::continue_, parser_->get().version());
      return beast_http::async_write(
          derived().stream(), *continue_,
          beast::bind_front_handler(&HttpSession::on_continue, derived().shared_from_this()));
    }
    read_body();
  }

  std::string_view buffered_text() const {
    const auto data = buffer_.data();
    return std::string_view(static_cast<const char*>(data.data()), data.size());
  }

  void reject_large_header() {
    reject(StatusCode::request_header_fields_too_large,
           "the request headers are too large (limit " +
               std::to_string(limits_of(*state_).header_bytes) + " bytes)");
  }

  void on_continue(beast::error_code ec, std::size_t) {
    if (ec) return;
    read_body();
  }

  void read_body() {
    beast_http::async_read(
        derived().stream(), buffer_, *parser_,
        beast::bind_front_handler(&HttpSession::on_read_body, derived().shared_from_this()));
  }

  void on_read_body(beast::error_code ec, std::size_t) {
    if (ec == beast_http::error::body_limit) {
      return reject(StatusCode::payload_too_large, body_too_large(body_limit_));
    }
    if (is_protocol_error(ec))
      return reject(StatusCode::bad_request, "malformed HTTP request body");
    if (ec) return;
    Request request = parser_->release();
    keep_alive_ = request.keep_alive();
    auto response = handler_of(*state_).handle(request, client_, *this);
    if (response) answer(std::move(*response));
    // Otherwise a worker answers through respond().
  }

  // ResponseChannel: the connection stays alive as long as the responder does.
  std::shared_ptr<Responder> defer() override {
    return std::shared_ptr<Responder>(derived().shared_from_this(), static_cast<Responder*>(this));
  }

  // Responder: from any thread; the write happens on the connection's own.
  void respond(Response response) override {
    net::post(derived().stream().get_executor(),
              [self = derived().shared_from_this(), response = std::move(response)]() mutable {
                self->answer(std::move(response));
              });
  }

  void answer(Response response) {
    write(std::move(response), !keep_alive_ || stopping_ || stopping(*state_));
  }

  void reject(StatusCode status, std::string message) {
    busy_ = true;
    write(handler_of(*state_).reject(status, message, client_), true);
  }

  void write(Response response, bool close) {
    response.keep_alive(!close);
    response_.emplace(std::move(response));
    beast::get_lowest_layer(derived().stream()).expires_after(limits_of(*state_).write_timeout);
    beast_http::async_write(
        derived().stream(), *response_,
        beast::bind_front_handler(&HttpSession::on_write, derived().shared_from_this(), close));
  }

  void on_write(bool close, beast::error_code ec, std::size_t) {
    response_.reset();
    if (ec) return;
    if (close) return derived().do_eof();
    do_read(false);
  }

  // On the connection's strand: stop now when idle, else after the response being written.
  void on_stop() {
    stopping_ = true;
    if (!busy_) beast::get_lowest_layer(derived().stream()).cancel();
  }

  static std::string body_too_large(std::uint64_t limit) {
    return "the request body is too large (limit " + std::to_string(limit) + " bytes)";
  }

  std::shared_ptr<Server::State> state_;
  ClientInfo client_;
  beast::flat_buffer buffer_;
  std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
  std::optional<beast_http::response<beast_http::empty_body>> continue_;
  std::optional<Response> response_;
  std::uint64_t body_limit_ = 0;
  static constexpr std::size_t kReadChunk = 4096;
  bool busy_ = false;  // from the request's first byte until its response is written
  bool keep_alive_ = true;
  bool stopping_ = false;
  std::uint64_t id_ = 0;
};

// Starts serving an accepted connection; the session keeps itself alive until it ends. Each kind
// is compiled in a file of its own (plain_session.cc, tls_session.cc): instantiating Beast's
// reads and writes for a stream is most of the HTTP module's build time, and two files build in
// parallel.
void start_plain_session(TcpSocket&& socket, std::shared_ptr<Server::State> state,
                         ClientInfo client);
void start_tls_session(TcpSocket&& socket, net::ssl::context& tls,
                       std::shared_ptr<Server::State> state, ClientInfo client);

}  // namespace keyward::http

// A connection served over plain TCP (behind a TLS-terminating proxy, or in tests).
#include "http/session.h"

namespace keyward::http {

namespace {

class PlainSession final : public HttpSession<PlainSession>,
                           public Connection,
                           public std::enable_shared_from_this<PlainSession> {
 public:
  PlainSession(TcpSocket&& socket, std::shared_ptr<Server::State> state, ClientInfo client)
      : HttpSession(std::move(state), std::move(client)), stream_(std::move(socket)) {}
  ~PlainSession() override { unregister_connection(*state_, id_); }

  void run() {
    id_ = register_connection(*state_, weak_from_this(), client_);
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(true); });
  }
  void stop() override {
    net::post(stream_.get_executor(), [self = shared_from_this()] { self->on_stop(); });
  }
  TcpStream& stream() { return stream_; }
  void do_eof() {
    beast::error_code ec;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
  }

 private:
  TcpStream stream_;
};

}  // namespace

void start_plain_session(TcpSocket&& socket, std::shared_ptr<Server::State> state,
                         ClientInfo client) {
  std::make_shared<PlainSession>(std::move(socket), std::move(state), std::move(client))->run();
}

}  // namespace keyward::http

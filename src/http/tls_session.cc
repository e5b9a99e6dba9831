// A connection served over TLS: the handshake, then the shared request loop.
#include "http/session.h"

namespace keyward::http {

namespace {

class TlsSession final : public HttpSession<TlsSession>,
                         public Connection,
                         public std::enable_shared_from_this<TlsSession> {
 public:
  TlsSession(TcpSocket&& socket, net::ssl::context& tls, std::shared_ptr<Server::State> state,
             ClientInfo client)
      : HttpSession(std::move(state), std::move(client)), stream_(std::move(socket), tls) {}
  ~TlsSession() override { unregister_connection(*state_, id_); }

  void run() {
    id_ = register_connection(*state_, weak_from_this(), client_);
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      beast::get_lowest_layer(self->stream_)
          .expires_after(limits_of(*self->state_).handshake_timeout);
      self->stream_.async_handshake(net::ssl::stream_base::server,
                                    beast::bind_front_handler(&TlsSession::on_handshake, self));
    });
  }
  void stop() override {
    net::post(stream_.get_executor(), [self = shared_from_this()] { self->on_stop(); });
  }
  beast::ssl_stream<TcpStream>& stream() { return stream_; }
  void do_eof() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
  }

 private:
  void on_handshake(beast::error_code ec) {
    if (ec) return;  // a client that cannot speak TLS, or a scanner: nothing to say
    do_read(true);
  }

  beast::ssl_stream<TcpStream> stream_;
};

}  // namespace

void start_tls_session(TcpSocket&& socket, net::ssl::context& tls,
                       std::shared_ptr<Server::State> state, ClientInfo client) {
  std::make_shared<TlsSession>(std::move(socket), tls, std::move(state), std::move(client))->run();
}

}  // namespace keyward::http

#include "support/in_process_node.h"

#include <array>
#include <stdexcept>

#include "crypto/base64.h"
#include "http/tls.h"
#include "mail/outbox_mailer.h"
#include "store/sqlite/sqlite_store.h"

namespace keyward::testing {
namespace {

// Fixed server keys: these tests are about behaviour over time, not about key handling.
constexpr std::array<std::uint8_t, crypto::kPepperSize> kPepper{3, 1, 4, 1, 5, 9, 2, 6};
constexpr std::array<std::uint8_t, crypto::kMasterKeySize> kMasterKey{2, 7, 1, 8, 2, 8, 1, 8};

[[noreturn]] void give_up(const std::string& what, const Error& e) {
  throw std::runtime_error(what + ": " + e.message);
}

std::unique_ptr<store::Store> open_sqlite(const std::filesystem::path& dir) {
  auto store = store::SqliteStore::open(dir / "keyward.db");
  if (!store) give_up("opening the store", store.error());
  return std::move(*store);
}

}  // namespace

InProcessNode::InProcessNode(Options options)
    : clock_(from_epoch_ms(1'800'000'000'000)),
      protector_(kPepper, kMasterKey),
      store_(open_sqlite(dir_.path())),
      options_(std::move(options)) {
  auto first = service::bootstrap(context(), "admin@example.com", "Acme");
  if (!first) give_up("bootstrapping", first.error());
  first_ = *first;

  if (options_.smtp.url.empty()) {
    mailer_ = std::make_unique<mail::OutboxMailer>(outbox(), clock_, random_);
  } else {
    mailer_ = std::make_unique<mail::SmtpMailer>(options_.smtp, clock_, random_);
  }
  start();
}

void InProcessNode::start() {
  const Options& options = options_;
  const auto cert = dir_ / "cert.pem", key = dir_ / "key.pem";
  if (!std::filesystem::exists(cert)) {  // a restart keeps the first start's
    if (auto s = http::generate_self_signed_certificate(cert, key, {"localhost", "127.0.0.1"});
        !s) {
      give_up("making a certificate", s.error());
    }
  }
  auto tls = http::make_server_tls_context(cert, key);
  if (!tls) give_up("loading the certificate", tls.error());
  auto proxies = http::TrustedProxies::parse(options.trusted_proxies);
  if (!proxies) give_up("trusted proxies", proxies.error());

  node::NodeOptions o;
  o.endpoint = {boost::asio::ip::make_address("127.0.0.1"), 0};
  o.tls = *tls;
  o.threads = 2;
  o.version = "test";
  o.trusted_proxies = *proxies;
  o.sign_in = options.sign_in;
  o.auth_failures_per_minute = options.auth_failures_per_minute;
  o.flush_period = std::chrono::milliseconds(50);
  o.staleness_bound = options.staleness_bound;
  o.lifecycle_period = options.lifecycle_period;
  o.webhooks.poll = options.webhook_poll;
  node_ = std::make_unique<node::Node>(context(), *mailer_, std::move(o));
  auto bound = node_->start();
  if (!bound) give_up("starting", bound.error());
  url_ = "https://127.0.0.1:" + std::to_string(bound->port());
  thread_ = std::thread([this] { node_->run(); });
}

InProcessNode::~InProcessNode() {
  if (!node_) return;  // a restart that failed
  node_->shutdown();
  thread_.join();
}

void InProcessNode::restart() {
  node_->shutdown();
  thread_.join();
  node_.reset();
  start();
}

Headers InProcessNode::admin_headers() const {
  return {{"Authorization",
           crypto::base64_encode(first_.admin.user.username + ":" + first_.admin.service_key)},
          {"API-Key", first_.org.api_key}};
}

}  // namespace keyward::testing

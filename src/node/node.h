// One Keyward node: every service, the request pipeline and the HTTP(S) server over a store, with
// the background work a serving node does (following the change journal, writing key usage, usage
// counts and buffered audit records, pruning the index). `keyward serve` builds one from its
// config; the in-process tests build one over a ManualClock, which is how lockouts and link expiry
// are tested without sleeping.
//
// Threads: the server's I/O threads (`threads`) only parse, look up in memory and write; the
// worker pool (`workers`) runs every handler that may wait; one background thread runs the
// periodic work, one more the store pruning and the key lifecycle sweep (which may take long and
// must not hold up the journal), one delivers webhooks, and, on a store with a change feed, one
// waits on the feed. Nothing that waits ever runs on an I/O thread.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "core/error.h"
#include "crypto/signature_keys.h"
#include "http/limits.h"
#include "http/trusted_proxies.h"
#include "service/key_mail.h"
#include "service/mailer.h"
#include "service/service_context.h"
#include "service/session_service.h"
#include "service/store_pruner.h"
#include "service/webhook_deliverer.h"
#include "service/webhook_poster.h"
#include "store/change_feed.h"

namespace spdlog {
class logger;
}

namespace keyward::node {

struct NodeOptions {
  boost::asio::ip::tcp::endpoint endpoint;
  std::shared_ptr<boost::asio::ssl::context> tls;  // null serves plain HTTP
  http::Limits limits;
  unsigned threads = 1;
  std::string public_url;  // base of emailed links; empty: the request's own origin
  std::string version;
  http::TrustedProxies trusted_proxies;
  service::SignInPolicy sign_in;
  int auth_failures_per_minute = 20;
  service::MailPolicy mail;
  // The public keys secret scanners sign leaked-key reports with (api/v1/leaked_keys.h); none:
  // such reports are not taken.
  crypto::SignatureKeys scanner_keys;
  std::shared_ptr<spdlog::logger> access_log;  // null: no access log
  // Where /metrics is also served, without credentials (node/metrics_listener.h); none: only
  // on the API's listener, to system administrators.
  std::optional<boost::asio::ip::tcp::endpoint> metrics_endpoint;
  // Threads for handlers that may wait (store, password hashing, mail). Mostly waiting on I/O,
  // so more than the cores; a slow mail server holds one of them for at most its timeout.
  unsigned workers = 8;
  // How often the change journal is read: the bound on how late a key deleted by another process
  // stops verifying here.
  std::chrono::milliseconds journal_poll{20};
  // What wakes the node when another commits (store::open_change_feed()); null: polling alone.
  // With one, the journal is read the moment a change is committed anywhere, and a feed lost for
  // longer than staleness_bound makes the node refuse to answer for credentials like a journal
  // it cannot read.
  std::shared_ptr<store::ChangeFeed> change_feed;
  // A node whose journal has not been read successfully for this long refuses to answer for
  // credentials (503) and says so in /healthz, rather than serve what may have been revoked.
  std::chrono::milliseconds staleness_bound{5000};
  // How often key usage, spent credits and buffered audit records are written.
  std::chrono::milliseconds flush_period{1000};
  // How often limits are counted with the other nodes over the store (service/shared_limits.h):
  // the bound on how late one node's counts reach the others.
  std::chrono::milliseconds limits_sync{250};
  // How often keys' usage counts are added to the store (service/usage_count_flusher.h): a
  // verification shows in GET .../usage within this and the write.
  std::chrono::milliseconds usage_counts_flush{500};
  // A key's last use reaches the store once it is this far past what the store holds.
  std::chrono::seconds usage_granularity{60};
  // How often the store is rid of what no one needs any more (service/store_pruner.h), and how
  // long what it deletes is kept.
  std::chrono::milliseconds store_prune_period{std::chrono::hours(1)};
  service::RetentionPolicy retention;
  // How often expiry reminders, key.expiring/key.expired events and unused-key expiry are looked
  // for (service/lifecycle_sweeper.h), on the pruning's thread; once at start as well.
  std::chrono::milliseconds lifecycle_period{std::chrono::minutes(1)};
  // Webhook deliveries, made on a thread of their own (webhook/delivery_worker.h), and what
  // posts them (null: libcurl).
  service::WebhookDeliveryPolicy webhooks;
  std::shared_ptr<service::WebhookPoster> webhook_poster;
};

class Node {
 public:
  // `ctx` and `mailer` must outlive the node.
  Node(service::ServiceContext ctx, service::Mailer& mailer, NodeOptions options);
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // Loads the credential index from the store, binds and starts accepting. Returns the bound
  // endpoint (useful with port 0).
  Result<boost::asio::ip::tcp::endpoint> start();
  // Where the metrics listener listens, once started with one.
  std::optional<boost::asio::ip::tcp::endpoint> metrics_endpoint() const;
  // Serves on the calling thread (and the node's others) until shutdown(), then writes what is
  // still buffered.
  void run();
  // Thread-safe and idempotent.
  void shutdown();
  // The context timers and signal handling can be scheduled on.
  boost::asio::io_context& main_context();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace keyward::node

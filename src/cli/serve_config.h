// The settings of `keyward serve`: built-in defaults, then the TOML config file, then the command
// line, each overriding the one before. docs/operations.md describes every setting.
#pragma once

#include <chrono>
#include <string>

#include <boost/asio/ip/tcp.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "http/limits.h"
#include "mail/smtp_mailer.h"
#include "service/session_service.h"
#include "service/webhook_deliverer.h"

namespace keyward::cli {

struct ServeConfig {
  std::string data_dir = "./var";
  std::string store;
  std::string listen = "127.0.0.1:8443";
  boost::asio::ip::tcp::endpoint endpoint;  // `listen`, parsed
  bool plaintext = false;
  std::string tls_certificate;  // empty: the data directory's (generated when missing)
  std::string tls_private_key;
  std::string public_url;
  std::string ready_file;
  // HOST:PORT where /metrics is served without credentials (plain HTTP); empty: nowhere.
  std::string metrics_listen;
  unsigned threads = 0;  // I/O threads; 0: one per core
  unsigned workers = 8;  // threads for handlers that may wait (node/node.h)
  bool access_log = true;
  http::Limits limits;
  // How often this node reads the store's change journal (revocations made elsewhere).
  std::chrono::milliseconds journal_poll{20};
  // How often this node counts its limits with the other nodes (service/shared_limits.h).
  std::chrono::milliseconds limits_sync{250};
  // Past this without a successful read of the journal, the node fails closed (node/node.h).
  std::chrono::milliseconds staleness_bound{5000};
  // How often gathered last-used times and buffered audit records are written to the store.
  std::chrono::milliseconds usage_flush{1000};
  // How far a key's last use must move before it is written again (service/usage_flusher.h).
  std::chrono::seconds usage_granularity{60};
  // Audit records older than this many days are deleted (service/store_pruner.h).
  std::chrono::days audit_retention{400};
  // How often expired sessions, used or expired reveal links, old audit records and old journal
  // entries are deleted from the store.
  std::chrono::milliseconds prune_interval{std::chrono::hours(1)};
  // How often expiry reminders and unused keys are looked for (service/lifecycle_sweeper.h).
  std::chrono::milliseconds lifecycle_interval{std::chrono::minutes(1)};
  // Addresses or networks whose X-Forwarded-For is believed (http/trusted_proxies.h).
  std::vector<std::string> trusted_proxies;

  // Email: SMTP when smtp.url is set, else files in <data dir>/outbox.
  mail::SmtpSettings smtp;
  std::string mail_from = "keyward@localhost";
  int emails_per_recipient_per_hour = 5;
  int emails_per_client_per_hour = 20;

  // Leaked-key reports from secret scanners: the file listing the public keys they sign with
  // (cli/scanner_keys.h); empty: such reports are not taken.
  std::string scanner_keys_file;

  // Sign-in, lockout and throttling.
  service::SignInPolicy sign_in;
  int auth_failures_per_minute = 20;  // per client address; then 429 until the minute has passed

  // Webhook deliveries: backoff schedule, retry period, poll interval, timeout
  // (service/webhook_deliverer.h); and a CA file for receivers' certificates (empty: the
  // system's).
  service::WebhookDeliveryPolicy webhooks;
  std::string webhook_ca_file;
};

// kInvalidArgument, naming the file, line and setting, for a malformed file, an unknown setting
// (a typo must not pass silently) or an unusable value.
Result<ServeConfig> resolve_serve_config(const ServeOptions& options);

// "127.0.0.1:8443", "[::1]:8443", "localhost:8443", "0.0.0.0:0".
Result<boost::asio::ip::tcp::endpoint> parse_listen(const std::string& listen);

}  // namespace keyward::cli

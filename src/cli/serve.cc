// `keyward serve`: turns the config into a node (node/node.h), prints where it serves, and stops
// it gracefully on SIGINT/SIGTERM.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/mail_setup.h"
#include "cli/output.h"
#include "cli/runtime.h"
#include "cli/scanner_keys.h"
#include "cli/serve_config.h"
#include "http/tls.h"
#include "http/trusted_proxies.h"
#include "node/node.h"
#include "store/open_store.h"
#include "webhook/curl_poster.h"

namespace keyward::cli {
namespace {

namespace net = boost::asio;

Status write_ready_file(const std::string& path, const std::string& url) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << url << "\n";
    if (!out) return fail(Errc::kUnavailable, "cannot write " + temp);
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);  // atomic: readers never see half a line
  if (ec) return fail(Errc::kUnavailable, "cannot write " + path + ": " + ec.message());
  return {};
}

std::string url_of(const net::ip::tcp::endpoint& endpoint, bool tls) {
  const auto address = endpoint.address();
  std::string host = address.to_string();
  if (address.is_unspecified()) host = address.is_v6() ? "::1" : "127.0.0.1";
  if (address.is_v6()) host = "[" + host + "]";
  return std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(endpoint.port());
}

void configure_logging(bool access_log) {
  auto main = spdlog::stderr_logger_mt("keyward");
  spdlog::set_default_logger(main);
  if (access_log) spdlog::stderr_logger_mt("access");
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
}

// The TLS context: the configured certificate, or the data directory's, made when missing.
Result<std::shared_ptr<net::ssl::context>> tls_context(const ServeConfig& c,
                                                       const store::DataDir& dir,
                                                       std::string& certificate_path) {
  std::filesystem::path cert = c.tls_certificate, key = c.tls_private_key;
  if (cert.empty()) {
    cert = dir.tls_certificate();
    key = dir.tls_private_key();
    std::error_code ec;
    if (!std::filesystem::exists(cert, ec)) {
      auto s = http::generate_self_signed_certificate(cert, key, {"localhost", "127.0.0.1", "::1"});
      if (!s) return fail(s.error());
      spdlog::info("generated a self-signed TLS certificate at {}", cert.string());
    }
  }
  certificate_path = cert.string();
  return http::make_server_tls_context(cert, key);
}

service::RetentionPolicy retention(const ServeConfig& c) {
  service::RetentionPolicy policy;
  policy.audit = c.audit_retention;
  return policy;
}

}  // namespace

int run_serve(const ServeOptions& options) {
  auto config = resolve_serve_config(options);
  if (!config) return report(config.error());
  const ServeConfig& c = *config;
  configure_logging(c.access_log);

  auto rt = Runtime::open(c.data_dir, c.store);
  if (!rt) return report(rt.error());
  Runtime& runtime = **rt;
  auto proxies = http::TrustedProxies::parse(c.trusted_proxies);
  if (!proxies) return report(proxies.error());

  const auto mailer = make_mailer(c, runtime);

  crypto::SignatureKeys scanner_keys;
  if (!c.scanner_keys_file.empty()) {
    auto loaded = load_scanner_keys(c.scanner_keys_file);
    if (!loaded) return report(loaded.error());
    scanner_keys = std::move(*loaded);
    spdlog::info("leaked-key reports are taken from scanners signing with {} key(s) of {}",
                 scanner_keys.size(), c.scanner_keys_file);
  }

  std::shared_ptr<net::ssl::context> tls;
  std::string certificate_path;
  if (!c.plaintext) {
    auto made = tls_context(c, runtime.data_dir(), certificate_path);
    if (!made) return report(made.error());
    tls = *made;
  }

  std::optional<net::ip::tcp::endpoint> metrics_endpoint;
  if (!c.metrics_listen.empty()) {
    auto parsed = parse_listen(c.metrics_listen);
    if (!parsed) return report(parsed.error());
    metrics_endpoint = *parsed;
  }

  auto feed = store::open_change_feed(c.store);
  if (!feed) return report(feed.error());

  node::Node node(
      runtime.context(), *mailer,
      node::NodeOptions{
          .endpoint = c.endpoint,
          .tls = tls,
          .limits = c.limits,
          .threads = c.threads != 0 ? c.threads : std::max(1u, std::thread::hardware_concurrency()),
          .public_url = c.public_url,
          .version = KEYWARD_VERSION,
          .trusted_proxies = *proxies,
          .sign_in = c.sign_in,
          .auth_failures_per_minute = c.auth_failures_per_minute,
          .mail = mail_policy(c),
          .scanner_keys = std::move(scanner_keys),
          .access_log = c.access_log ? spdlog::get("access") : nullptr,
          .metrics_endpoint = metrics_endpoint,
          .workers = c.workers,
          .journal_poll = c.journal_poll,
          .change_feed = std::shared_ptr<store::ChangeFeed>(std::move(*feed)),
          .staleness_bound = c.staleness_bound,
          .flush_period = c.usage_flush,
          .limits_sync = c.limits_sync,
          .usage_granularity = c.usage_granularity,
          .store_prune_period = c.prune_interval,
          .retention = retention(c),
          .lifecycle_period = c.lifecycle_interval,
          .webhooks = c.webhooks,
          .webhook_poster = std::make_shared<webhook::CurlPoster>(c.webhook_ca_file)});
  auto bound = node.start();
  if (!bound) return report(bound.error());

  net::signal_set signals(node.main_context(), SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("received signal {}; finishing requests in progress", signal);
    node.shutdown();
  });

  const std::string url = url_of(*bound, tls != nullptr);
  std::cout << "Keyward " << KEYWARD_VERSION << " serving " << url << " (data directory "
            << c.data_dir << "); the console is at " << url << "/console/" << std::endl;
  if (tls) {
    auto fingerprint = http::certificate_fingerprint(certificate_path);
    std::cout << "TLS certificate " << certificate_path << "  "
              << (fingerprint ? *fingerprint : std::string("(fingerprint unavailable)"))
              << std::endl;
  }
  if (const auto metrics = node.metrics_endpoint()) {
    std::cout << "Metrics for scrapers at " << url_of(*metrics, false) << "/metrics" << std::endl;
  }
  if (!c.ready_file.empty()) {
    if (auto s = write_ready_file(c.ready_file, url); !s) return report(s.error());
  }

  node.run();
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace keyward::cli

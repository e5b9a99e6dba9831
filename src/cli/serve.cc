// `keyward serve`: loads the verify index, starts the HTTP(S) server, keeps the index in step
// with the store and flushes key usage on timers, and stops gracefully on SIGINT/SIGTERM.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "api/api_context.h"
#include "api/dispatcher.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/runtime.h"
#include "cli/serve_config.h"
#include "http/server.h"
#include "http/tls.h"
#include "http/trusted_proxies.h"
#include "mail/outbox_mailer.h"
#include "mail/smtp_mailer.h"
#include "service/audit_log.h"
#include "service/index_sync.h"
#include "service/key_mail.h"
#include "service/policy_service.h"
#include "service/session_service.h"
#include "service/usage_recorder.h"
#include "service/window_limiter.h"

namespace keyward::cli {
namespace {

namespace net = boost::asio;

// Runs `task` every `period` on the io_context until the context stops.
class Ticker {
 public:
  Ticker(net::io_context& io, std::chrono::milliseconds period, std::function<void()> task)
      : timer_(io), period_(period), task_(std::move(task)) {
    schedule();
  }

 private:
  void schedule() {
    timer_.expires_after(period_);
    timer_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      task_();
      schedule();
    });
  }
  net::steady_timer timer_;
  std::chrono::milliseconds period_;
  std::function<void()> task_;
};

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

}  // namespace

int run_serve(const ServeOptions& options) {
  auto config = resolve_serve_config(options);
  if (!config) return report(config.error());
  const ServeConfig& c = *config;
  configure_logging(c.access_log);

  auto rt = Runtime::open(c.data_dir, c.store);
  if (!rt) return report(rt.error());
  Runtime& runtime = **rt;
  const service::ServiceContext ctx = runtime.context();

  service::IndexSync sync(runtime.store(), runtime.index(), runtime.settings(), runtime.clock());
  if (auto s = sync.load(); !s) return report(s.error());
  auto proxies = http::TrustedProxies::parse(c.trusted_proxies);
  if (!proxies) return report(proxies.error());

  service::UsageRecorder usage;
  service::Authenticator authenticator(runtime.index(), runtime.protector(), runtime.clock(),
                                       usage);
  service::OrganizationService organizations(ctx);
  service::KeyService keys(ctx);
  service::AccountService accounts(ctx);
  service::ApplicationService applications(ctx);
  service::TraceService traces(ctx);
  service::PolicyService policies(ctx);
  service::SessionService sessions(ctx, c.sign_in);
  service::AuditLog audit(runtime.store());
  service::WindowLimiter auth_failures(c.auth_failures_per_minute, std::chrono::minutes(1));
  std::unique_ptr<service::Mailer> mailer;
  if (c.smtp.url.empty()) {
    mailer = std::make_unique<mail::OutboxMailer>(runtime.data_dir().root() / "outbox",
                                                  runtime.clock(), runtime.random());
  } else {
    mailer = std::make_unique<mail::SmtpMailer>(c.smtp, runtime.clock(), runtime.random());
  }
  service::KeyMail key_mail(
      ctx, *mailer, {c.mail_from, c.emails_per_recipient_per_hour, c.emails_per_client_per_hour});
  api::Metrics metrics;

  std::shared_ptr<net::ssl::context> tls;
  std::string certificate_path;
  if (!c.plaintext) {
    auto made = tls_context(c, runtime.data_dir(), certificate_path);
    if (!made) return report(made.error());
    tls = *made;
  }

  const unsigned threads =
      c.threads != 0 ? c.threads : std::max(1u, std::thread::hardware_concurrency());
  http::Server* server_ptr = nullptr;
  api::ApiContext api_context{
      .organizations = organizations,
      .keys = keys,
      .accounts = accounts,
      .applications = applications,
      .traces = traces,
      .policies = policies,
      .sessions = sessions,
      .key_mail = key_mail,
      .audit = audit,
      .auth_failures = auth_failures,
      .authenticator = authenticator,
      .index = runtime.index(),
      .metrics = metrics,
      .clock = runtime.clock(),
      .connection_count = [&server_ptr] { return server_ptr ? server_ptr->connection_count() : 0; },
      .public_url = c.public_url,
      .version = KEYWARD_VERSION,
      .max_failed_attempts = c.sign_in.max_failed_logins};
  const api::Routes routes = api::build_routes(api_context);
  api::Dispatcher dispatcher(
      routes,
      api::Gatekeeper{authenticator, runtime.index(), runtime.settings(), runtime.protector(),
                      audit, auth_failures, *proxies, runtime.clock(), metrics},
      c.access_log ? spdlog::get("access") : nullptr);
  http::Server server(http::ServerOptions{c.endpoint, tls, c.limits, threads}, dispatcher);
  net::io_context& io = server.main_context();
  server_ptr = &server;
  auto bound = server.start();
  if (!bound) return report(bound.error());

  Ticker journal(io, c.journal_poll, [&] {
    if (auto s = sync.catch_up(); !s)
      spdlog::warn("reading the change journal: {}", s.error().message);
  });
  Ticker flusher(io, c.usage_flush, [&] {
    if (auto s = usage.flush(runtime.store()); !s) {
      spdlog::warn("writing key usage: {}", s.error().message);
    }
    if (auto s = audit.flush(); !s) {
      spdlog::warn("writing audit records: {}", s.error().message);
    }
  });
  net::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("received signal {}; finishing requests in progress", signal);
    server.shutdown();
  });

  const std::string url = url_of(*bound, tls != nullptr);
  std::cout << "Keyward " << KEYWARD_VERSION << " serving " << url << " (data directory "
            << c.data_dir << ")" << std::endl;
  if (tls) {
    auto fingerprint = http::certificate_fingerprint(certificate_path);
    std::cout << "TLS certificate " << certificate_path << "  "
              << (fingerprint ? *fingerprint : std::string("(fingerprint unavailable)"))
              << std::endl;
  }
  if (!c.ready_file.empty()) {
    if (auto s = write_ready_file(c.ready_file, url); !s) return report(s.error());
  }

  server.run();

  if (auto s = usage.flush(runtime.store()); !s) {
    spdlog::warn("writing key usage at shutdown: {}", s.error().message);
  }
  if (auto s = audit.flush(); !s) {
    spdlog::warn("writing audit records at shutdown: {}", s.error().message);
  }
  if (audit.dropped() > 0) {
    spdlog::warn("{} audit records of authentication failures were dropped under load",
                 audit.dropped());
  }
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace keyward::cli

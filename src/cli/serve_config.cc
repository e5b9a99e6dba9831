#include "cli/serve_config.h"

#include <charconv>
#include <set>

#include <toml++/toml.h>

#include <sys/stat.h>

namespace keyward::cli {
namespace {

namespace net = boost::asio;

// Settings the file may hold, as "table.key". Anything else is refused.
const std::set<std::string>& known_settings() {
  static const std::set<std::string> known{
      "data_dir",
      "store",
      "listen",
      "public_url",
      "metrics_listen",
      "threads",
      "workers",
      "access_log",
      "journal_poll_ms",
      "limits_sync_ms",
      "staleness_bound_ms",
      "usage_flush_ms",
      "usage_granularity_seconds",
      "audit_retention_days",
      "prune_interval_ms",
      "lifecycle_interval_ms",
      "tls.plaintext",
      "tls.certificate",
      "tls.private_key",
      "trusted_proxies",
      "smtp.url",
      "smtp.username",
      "smtp.password",
      "smtp.starttls",
      "smtp.ca_file",
      "smtp.from",
      "leak_reports.public_keys_file",
      "security.max_failed_logins",
      "security.lockout_seconds",
      "security.session_hours",
      "security.auth_failures_per_minute",
      "security.emails_per_recipient_per_hour",
      "security.emails_per_client_per_hour",
      "limits.header_bytes",
      "limits.handshake_timeout_seconds",
      "limits.idle_timeout_seconds",
      "limits.read_timeout_seconds",
      "limits.write_timeout_seconds",
      "limits.max_connections",
      "limits.max_connections_per_client",
      "limits.shutdown_grace_seconds",
      "webhooks.retry_delays_ms",
      "webhooks.retry_for_seconds",
      "webhooks.poll_ms",
      "webhooks.timeout_seconds",
      "webhooks.ca_file",
  };
  return known;
}

Status check_unknown(const toml::table& table, const std::string& prefix, const std::string& file) {
  for (const auto& [key, node] : table) {
    const std::string name = prefix + std::string(key.str());
    if (const auto* sub = node.as_table(); sub && prefix.empty()) {  // one level of tables
      if (auto s = check_unknown(*sub, name + ".", file); !s) return s;
      continue;
    }
    if (!known_settings().contains(name)) {
      return fail(Errc::kInvalidArgument, file + ": unknown setting \"" + name + "\" (line " +
                                              std::to_string(node.source().begin.line) + ")");
    }
  }
  return {};
}

template <class T>
Status read(const toml::table& t, std::string_view path, T& out, const std::string& file) {
  const auto node = t.at_path(path);
  if (!node) return {};
  if (auto v = node.value<T>()) {
    out = *v;
    return {};
  }
  return fail(Errc::kInvalidArgument, file + ": \"" + std::string(path) +
                                          "\" has the wrong type (line " +
                                          std::to_string(node.node()->source().begin.line) + ")");
}

template <class Duration>
Status read_duration(const toml::table& t, std::string_view path, Duration& out,
                     const std::string& file) {
  std::int64_t n = out.count();
  if (auto s = read(t, path, n, file); !s) return s;
  if (n <= 0) {
    return fail(Errc::kInvalidArgument, file + ": \"" + std::string(path) + "\" must be positive");
  }
  out = Duration(n);
  return {};
}

// [webhooks]: the backoff schedule, how long to keep trying, how often to look for due
// deliveries, how long a receiver has to answer, and extra CAs to trust for receivers.
Status apply_webhook_settings(const toml::table& t, const std::string& file, ServeConfig& c) {
  service::WebhookDeliveryPolicy& w = c.webhooks;
  if (const auto node = t.at_path("webhooks.retry_delays_ms")) {
    const auto* delays = node.as_array();
    if (!delays || delays->empty()) {
      return fail(Errc::kInvalidArgument,
                  file + ": \"webhooks.retry_delays_ms\" must be a list of milliseconds");
    }
    w.schedule.delays.clear();
    for (const auto& item : *delays) {
      const auto ms = item.value<std::int64_t>();
      if (!ms || *ms <= 0) {
        return fail(Errc::kInvalidArgument,
                    file + ": \"webhooks.retry_delays_ms\" must hold positive whole numbers");
      }
      w.schedule.delays.emplace_back(*ms);
    }
  }
  std::chrono::seconds retry_for =
      std::chrono::duration_cast<std::chrono::seconds>(w.schedule.give_up_after);
  std::chrono::seconds timeout = std::chrono::duration_cast<std::chrono::seconds>(w.timeout);
  for (auto s : {read_duration(t, "webhooks.retry_for_seconds", retry_for, file),
                 read_duration(t, "webhooks.poll_ms", w.poll, file),
                 read_duration(t, "webhooks.timeout_seconds", timeout, file),
                 read(t, "webhooks.ca_file", c.webhook_ca_file, file)}) {
    if (!s) return s;
  }
  if (timeout > std::chrono::seconds(60)) {
    return fail(Errc::kInvalidArgument,
                file + ": \"webhooks.timeout_seconds\" must be between 1 and 60");
  }
  w.schedule.give_up_after = retry_for;
  w.timeout = timeout;
  return {};
}

Status apply_file(const std::string& file, ServeConfig& c) {
  toml::table t;
  try {
    t = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    return fail(Errc::kInvalidArgument, file + ": " + std::string(e.description()) + " (line " +
                                            std::to_string(e.source().begin.line) + ")");
  }
  if (auto s = check_unknown(t, "", file); !s) return s;
  std::int64_t threads = c.threads, workers = c.workers, header_bytes = c.limits.header_bytes,
               max_connections = static_cast<std::int64_t>(c.limits.max_connections),
               connections_per_client =
                   static_cast<std::int64_t>(c.limits.max_connections_per_client);
  for (auto s :
       {read(t, "data_dir", c.data_dir, file),
        read(t, "store", c.store, file),
        read(t, "listen", c.listen, file),
        read(t, "public_url", c.public_url, file),
        read(t, "metrics_listen", c.metrics_listen, file),
        read(t, "threads", threads, file),
        read(t, "workers", workers, file),
        read(t, "access_log", c.access_log, file),
        read(t, "tls.plaintext", c.plaintext, file),
        read(t, "tls.certificate", c.tls_certificate, file),
        read(t, "tls.private_key", c.tls_private_key, file),
        read(t, "limits.header_bytes", header_bytes, file),
        read(t, "limits.max_connections", max_connections, file),
        read(t, "limits.max_connections_per_client", connections_per_client, file),
        read_duration(t, "journal_poll_ms", c.journal_poll, file),
        read_duration(t, "limits_sync_ms", c.limits_sync, file),
        read_duration(t, "staleness_bound_ms", c.staleness_bound, file),
        read_duration(t, "usage_flush_ms", c.usage_flush, file),
        read_duration(t, "usage_granularity_seconds", c.usage_granularity, file),
        read_duration(t, "audit_retention_days", c.audit_retention, file),
        read_duration(t, "prune_interval_ms", c.prune_interval, file),
        read_duration(t, "lifecycle_interval_ms", c.lifecycle_interval, file),
        read_duration(t, "limits.handshake_timeout_seconds", c.limits.handshake_timeout, file),
        read_duration(t, "limits.idle_timeout_seconds", c.limits.idle_timeout, file),
        read_duration(t, "limits.read_timeout_seconds", c.limits.read_timeout, file),
        read_duration(t, "limits.write_timeout_seconds", c.limits.write_timeout, file),
        read_duration(t, "limits.shutdown_grace_seconds", c.limits.shutdown_grace, file)}) {
    if (!s) return s;
  }
  for (auto s :
       {read(t, "smtp.url", c.smtp.url, file), read(t, "smtp.username", c.smtp.username, file),
        read(t, "smtp.password", c.smtp.password, file),
        read(t, "smtp.starttls", c.smtp.starttls, file),
        read(t, "smtp.ca_file", c.smtp.ca_file, file), read(t, "smtp.from", c.mail_from, file),
        read(t, "leak_reports.public_keys_file", c.scanner_keys_file, file)}) {
    if (!s) return s;
  }
  std::int64_t max_failed = c.sign_in.max_failed_logins, per_minute = c.auth_failures_per_minute,
               per_recipient = c.emails_per_recipient_per_hour,
               per_client = c.emails_per_client_per_hour,
               session_hours = c.sign_in.session_lifetime.count() / 3600;
  for (auto s : {read(t, "security.max_failed_logins", max_failed, file),
                 read(t, "security.auth_failures_per_minute", per_minute, file),
                 read(t, "security.emails_per_recipient_per_hour", per_recipient, file),
                 read(t, "security.emails_per_client_per_hour", per_client, file),
                 read(t, "security.session_hours", session_hours, file),
                 read_duration(t, "security.lockout_seconds", c.sign_in.lockout, file)}) {
    if (!s) return s;
  }
  for (auto [name, value] : {std::pair{"security.max_failed_logins", max_failed},
                             std::pair{"security.auth_failures_per_minute", per_minute},
                             std::pair{"security.emails_per_recipient_per_hour", per_recipient},
                             std::pair{"security.emails_per_client_per_hour", per_client},
                             std::pair{"security.session_hours", session_hours}}) {
    if (value < 1 || value > 100'000) {
      return fail(Errc::kInvalidArgument,
                  file + ": \"" + std::string(name) + "\" must be between 1 and 100000");
    }
  }
  c.sign_in.max_failed_logins = static_cast<int>(max_failed);
  c.auth_failures_per_minute = static_cast<int>(per_minute);
  c.emails_per_recipient_per_hour = static_cast<int>(per_recipient);
  c.emails_per_client_per_hour = static_cast<int>(per_client);
  c.sign_in.session_lifetime = std::chrono::hours(session_hours);
  if (const auto* proxies = t["trusted_proxies"].as_array()) {
    for (const auto& item : *proxies) {
      const auto value = item.value<std::string>();
      if (!value) {
        return fail(Errc::kInvalidArgument,
                    file + ": \"trusted_proxies\" must be a list of addresses or networks");
      }
      c.trusted_proxies.push_back(*value);
    }
  }
  if (!c.smtp.url.empty()) {
    if (auto s = mail::SmtpMailer::check(c.smtp); !s) {
      return fail(Errc::kInvalidArgument, file + ": " + s.error().message);
    }
  }
  if (!c.smtp.password.empty()) {
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
      return fail(Errc::kInvalidArgument,
                  file +
                      " holds smtp.password, so it must be readable by its owner only "
                      "(chmod 600 it)");
    }
  }
  if (threads < 0 || threads > 256) {
    return fail(Errc::kInvalidArgument, file + ": \"threads\" must be between 0 and 256");
  }
  if (header_bytes < 1024 || header_bytes > 1024 * 1024) {
    return fail(Errc::kInvalidArgument,
                file + ": \"limits.header_bytes\" must be between 1024 and 1048576");
  }
  if (max_connections < 1) {
    return fail(Errc::kInvalidArgument, file + ": \"limits.max_connections\" must be positive");
  }
  if (connections_per_client < 1) {
    return fail(Errc::kInvalidArgument,
                file + ": \"limits.max_connections_per_client\" must be positive");
  }
  if (workers < 1 || workers > 256) {
    return fail(Errc::kInvalidArgument, file + ": \"workers\" must be between 1 and 256");
  }
  if (c.audit_retention > std::chrono::days(36'500)) {
    return fail(Errc::kInvalidArgument,
                file + ": \"audit_retention_days\" must be between 1 and 36500");
  }
  if (c.journal_poll >= c.staleness_bound) {
    return fail(Errc::kInvalidArgument,
                file + ": \"staleness_bound_ms\" must be longer than \"journal_poll_ms\"");
  }
  c.threads = static_cast<unsigned>(threads);
  c.workers = static_cast<unsigned>(workers);
  c.limits.max_connections_per_client = static_cast<std::size_t>(connections_per_client);
  c.limits.header_bytes = static_cast<std::uint32_t>(header_bytes);
  c.limits.max_connections = static_cast<std::size_t>(max_connections);
  return apply_webhook_settings(t, file, c);
}

}  // namespace

Result<net::ip::tcp::endpoint> parse_listen(const std::string& listen) {
  const auto bad = [&] {
    return fail(Errc::kInvalidArgument, "cannot listen on \"" + listen +
                                            "\": use HOST:PORT with HOST an IP address or "
                                            "localhost, e.g. 127.0.0.1:8443 or [::1]:8443");
  };
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return bad();
  std::string host = listen.substr(0, colon);
  const std::string port_text = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") host = "127.0.0.1";
  if (host.empty()) host = "0.0.0.0";
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535) {
    return bad();
  }
  boost::system::error_code address_error;
  const auto address = net::ip::make_address(host, address_error);
  if (address_error) return bad();
  return net::ip::tcp::endpoint(address, static_cast<unsigned short>(port));
}

Result<ServeConfig> resolve_serve_config(const ServeOptions& o) {
  ServeConfig c;
  if (!o.config_file.empty()) {
    if (auto s = apply_file(o.config_file, c); !s) return fail(s.error());
  }
  if (!o.data_dir.empty()) c.data_dir = o.data_dir;
  if (!o.store.empty()) c.store = o.store;
  if (!o.listen.empty()) c.listen = o.listen;
  if (o.plaintext) c.plaintext = true;
  if (!o.tls_certificate.empty()) c.tls_certificate = o.tls_certificate;
  if (!o.tls_private_key.empty()) c.tls_private_key = o.tls_private_key;
  if (!o.public_url.empty()) c.public_url = o.public_url;
  if (!o.ready_file.empty()) c.ready_file = o.ready_file;
  if (o.threads != 0) c.threads = o.threads;
  if (o.no_access_log) c.access_log = false;
  if (c.tls_certificate.empty() != c.tls_private_key.empty()) {
    return fail(Errc::kInvalidArgument,
                "set both the TLS certificate and its private key, or neither");
  }
  auto endpoint = parse_listen(c.listen);
  if (!endpoint) return fail(endpoint.error());
  c.endpoint = *endpoint;
  return c;
}

}  // namespace keyward::cli

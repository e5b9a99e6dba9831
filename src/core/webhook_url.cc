#include "core/webhook_url.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <string>

#include <arpa/inet.h>

namespace keyward {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Error invalid(std::string message) { return Error{Errc::kInvalidArgument, std::move(message), {}}; }

bool valid_port(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  int value = 0;
  for (const char c : port) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value >= 1 && value <= 65535;
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  const std::string h = lower(host);
  if (h == "localhost") return true;
  std::array<std::uint8_t, 16> bytes{};
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') {
    const std::string inner = h.substr(1, h.size() - 2);
    if (inet_pton(AF_INET6, inner.c_str(), bytes.data()) != 1) return false;
    const std::array<std::uint8_t, 16> loopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return bytes == loopback;
  }
  if (inet_pton(AF_INET, h.c_str(), bytes.data()) != 1) return false;
  return bytes[0] == 127;
}

Status check_webhook_url(std::string_view url) {
  if (url.empty()) return fail(invalid("\"url\" must not be empty"));
  if (url.size() > kMaxWebhookUrlLength) {
    return fail(
        invalid("\"url\" must be at most " + std::to_string(kMaxWebhookUrlLength) + " characters"));
  }
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) {
      return fail(invalid("\"url\" must not contain spaces, control or non-ASCII characters"));
    }
  }
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return fail(invalid("\"url\" must be an absolute https:// URL"));
  }
  const std::string scheme = lower(url.substr(0, scheme_end));
  if (scheme != "https" && scheme != "http") {
    return fail(invalid("\"url\" must start with https://"));
  }
  const std::string_view rest = url.substr(scheme_end + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.find('#') != std::string_view::npos) {
    return fail(invalid("\"url\" must not have a fragment (#...)"));
  }
  if (authority.find('@') != std::string_view::npos) {
    return fail(invalid("\"url\" must not contain a user name or password"));
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return fail(invalid("\"url\" has a malformed host"));
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail(invalid("\"url\" has a malformed host"));
      port = after.substr(1);
      if (!valid_port(port)) return fail(invalid("\"url\" has an invalid port"));
    }
    std::array<std::uint8_t, 16> bytes{};
    const std::string inner(host.substr(1, host.size() - 2));
    if (inet_pton(AF_INET6, inner.c_str(), bytes.data()) != 1) {
      return fail(invalid("\"url\" has a malformed IPv6 address"));
    }
  } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (!valid_port(port)) return fail(invalid("\"url\" has an invalid port"));
  }
  if (host.empty()) return fail(invalid("\"url\" must name a host"));
  for (const char c : host) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
                    c == '[' || c == ']' || c == ':';
    if (!ok) return fail(invalid("\"url\" has a malformed host"));
  }
  if (scheme == "http" && !is_loopback_host(host)) {
    return fail(invalid(
        "\"url\" must start with https:// (plain http:// is allowed only to 127.0.0.1, ::1 or "
        "localhost)"));
  }
  return {};
}

}  // namespace keyward

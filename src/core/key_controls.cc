#include "core/key_controls.h"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace keyward {
namespace {

bool scope_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' ||
         c == '-';
}

Status bad(std::string message) { return fail(Errc::kInvalidArgument, std::move(message)); }

std::optional<std::int64_t> number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Status check_scope_name(std::string_view name) {
  const bool shaped = !name.empty() && name.size() <= kMaxScopeNameLength &&
                      std::all_of(name.begin(), name.end(), scope_char) && name[0] != '.' &&
                      name[0] != '_' && name[0] != ':' && name[0] != '-';
  if (shaped) return {};
  std::string shown(name.substr(0, kMaxScopeNameLength));
  return bad("scope \"" + shown + "\" must be 1 to 100 of a-z, 0-9, '.', '_', ':' and '-', " +
             "starting with a letter or digit (for example \"invoices:read\")");
}

Status check_controls(const KeyControls& c) {
  if (c.scopes.size() > kMaxKeyScopes) {
    return bad("a key may hold at most " + std::to_string(kMaxKeyScopes) + " scopes");
  }
  for (const auto& s : c.scopes) {
    if (auto st = check_scope_name(s); !st) return st;
  }
  if (c.rate_limits.size() > kMaxRateLimits) {
    return bad("a key may have at most " + std::to_string(kMaxRateLimits) + " rate limits");
  }
  for (size_t i = 0; i < c.rate_limits.size(); ++i) {
    const auto& r = c.rate_limits[i];
    const std::string at = "rate_limits[" + std::to_string(i) + "]";
    if (r.limit < 1 || r.limit > kMaxCount) {
      return bad(at + ".limit must be 1 to " + std::to_string(kMaxCount));
    }
    if (r.window_seconds < 1 || r.window_seconds > kMaxRateLimitWindow) {
      return bad(at + ".window_seconds must be 1 to " + std::to_string(kMaxRateLimitWindow) +
                 " (30 days)");
    }
  }
  if (c.credits) {
    if (c.credits->remaining < 0 || c.credits->remaining > kMaxCount) {
      return bad("credits.remaining must be 0 to " + std::to_string(kMaxCount));
    }
    if (const auto& r = c.credits->refill) {
      if (r->amount < 1 || r->amount > kMaxCount) {
        return bad("credits.refill.amount must be 1 to " + std::to_string(kMaxCount));
      }
      if (r->interval_seconds < 60 || r->interval_seconds > 366 * 24 * 60 * 60) {
        return bad("credits.refill.interval_seconds must be 60 to 31622400 (a year)");
      }
    }
  }
  if (c.allowed_ips.size() > kMaxAllowedNetworks) {
    return bad("a key may allow at most " + std::to_string(kMaxAllowedNetworks) + " networks");
  }
  return {};
}

std::string encode_controls(const KeyControls& c) {
  std::string out;
  for (const auto& s : c.scopes) out += "scope " + s + "\n";
  for (const auto& r : c.rate_limits) {
    out += "rate " + std::to_string(r.limit) + " " + std::to_string(r.window_seconds) + "\n";
  }
  if (c.credits) {
    out += "credits\n";
    if (const auto& r = c.credits->refill) {
      out +=
          "refill " + std::to_string(r->amount) + " " + std::to_string(r->interval_seconds) + "\n";
    }
  }
  for (const auto& n : c.allowed_ips) out += "ip " + n.to_string() + "\n";
  return out;
}

Result<KeyControls> decode_controls(std::string_view text) {
  KeyControls c;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string kind, a, b;
    words >> kind >> a >> b;
    if (kind == "scope" && !a.empty()) {
      c.scopes.push_back(a);
    } else if (kind == "rate" && number(a) && number(b)) {
      c.rate_limits.push_back({*number(a), *number(b)});
    } else if (kind == "credits") {
      c.credits.emplace();
    } else if (kind == "refill" && c.credits && number(a) && number(b)) {
      c.credits->refill = CreditRefill{*number(a), *number(b)};
    } else if (kind == "ip" && IpNetwork::parse(a)) {
      c.allowed_ips.push_back(*IpNetwork::parse(a));
    } else {
      return fail(Errc::kInvalidArgument, "unreadable key controls: \"" + line + "\"");
    }
  }
  return c;
}

}  // namespace keyward

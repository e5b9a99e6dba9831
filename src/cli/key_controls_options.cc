#include "cli/key_controls_options.h"

#include <charconv>

#include "core/scope_names.h"

namespace keyward::cli {
namespace {

std::optional<std::int64_t> positive(std::string_view text) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || n <= 0) {
    return std::nullopt;
  }
  return n;
}

// "COUNT/WINDOW" -> {count, seconds}.
std::optional<std::pair<std::int64_t, std::int64_t>> per_window(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto count = positive(text.substr(0, slash));
  const auto window = parse_window(text.substr(slash + 1));
  if (!count || !window) return std::nullopt;
  return std::pair{*count, *window};
}

Error bad(std::string message) { return Error{Errc::kInvalidArgument, std::move(message), {}}; }

}  // namespace

std::optional<std::int64_t> parse_window(std::string_view text) {
  std::int64_t unit = 1;
  if (!text.empty()) {
    switch (text.back()) {
      case 's':
        unit = 1;
        break;
      case 'm':
        unit = 60;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'd':
        unit = 86'400;
        break;
      default:
        unit = 0;
    }
    if (unit != 0) text.remove_suffix(1);
  }
  const auto n = positive(text);
  if (!n) return std::nullopt;
  return *n * (unit == 0 ? 1 : unit);
}

Result<ParsedControls> parse_control_options(const KeyControlOptions& o) {
  ParsedControls out;
  if (!o.scopes.empty()) {
    auto split = split_scope_names(o.scopes);
    if (!split) return fail(bad("--scope: " + split.error().message));
    out.scopes = split->builtin;
    out.own_scopes = std::move(split->own);
  }
  if (!o.rate_limits.empty()) {
    std::vector<RateLimit> limits;
    for (const auto& text : o.rate_limits) {
      const auto parsed = per_window(text);
      if (!parsed) {
        return fail(
            bad("--rate-limit \"" + text + "\" must be COUNT/WINDOW, such as 100/1s or 10000/1d"));
      }
      limits.push_back({parsed->first, parsed->second});
    }
    out.rate_limits = std::move(limits);
  }
  if (o.credits) {
    Credits credits;
    credits.remaining = *o.credits;
    if (!o.refill.empty()) {
      const auto parsed = per_window(o.refill);
      if (!parsed) {
        return fail(bad("--refill \"" + o.refill + "\" must be AMOUNT/INTERVAL, such as 1000/1d"));
      }
      credits.refill = CreditRefill{parsed->first, parsed->second};
    }
    out.credits = credits;
  } else if (!o.refill.empty()) {
    return fail(bad("--refill needs --credits (the count to start from)"));
  }
  if (!o.allowed_ips.empty()) {
    std::vector<IpNetwork> networks;
    for (const auto& text : o.allowed_ips) {
      const auto network = IpNetwork::parse(text);
      if (!network) {
        return fail(bad("--allow-ip \"" + text +
                        "\" must be an address or a network such as 203.0.113.0/24"));
      }
      networks.push_back(*network);
    }
    out.allowed_ips = std::move(networks);
  }
  return out;
}

}  // namespace keyward::cli

// What an organization may attach to a named key beyond its kind: its own scope names, rate
// limits, a credit count that verifications spend, and the networks it may be used from. Checked
// where the key is verified (service/key_controls_state.h holds the live counters); validated and
// encoded here, with no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/ip_network.h"
#include "core/time.h"

namespace keyward {

inline constexpr size_t kMaxKeyScopes = 50;
inline constexpr size_t kMaxScopeNameLength = 100;
inline constexpr size_t kMaxRateLimits = 5;
inline constexpr size_t kMaxAllowedNetworks = 100;
inline constexpr std::int64_t kMaxRateLimitWindow = 30 * 24 * 60 * 60;  // seconds
inline constexpr std::int64_t kMaxCount = 1'000'000'000'000;            // limits and credits

// At most `limit` successful verifications per `window_seconds`, counted in fixed windows aligned
// to the epoch (a day's window starts at 00:00 UTC).
struct RateLimit {
  std::int64_t limit = 0;
  std::int64_t window_seconds = 0;
  bool operator==(const RateLimit&) const = default;
};

struct CreditRefill {
  std::int64_t amount = 0;            // the count is set back to this...
  std::int64_t interval_seconds = 0;  // ...every this often, counted from when it was set
  bool operator==(const CreditRefill&) const = default;
};

struct Credits {
  std::int64_t remaining = 0;  // as last written to the store; a node's live count may be lower
  std::optional<CreditRefill> refill;
  // When the count was last set (by an administrator, or by a refill): refills are due every
  // interval after it.
  Timestamp set_at{};
  bool operator==(const Credits&) const = default;
};

struct KeyControls {
  std::vector<std::string> scopes;  // the organization's own names, sorted, without duplicates
  std::vector<RateLimit> rate_limits;
  std::optional<Credits> credits;
  std::vector<IpNetwork> allowed_ips;  // empty: any address

  bool empty() const {
    return scopes.empty() && rate_limits.empty() && !credits && allowed_ips.empty();
  }
  bool operator==(const KeyControls&) const = default;
};

// "invoices:read", "reports.export", "admin": 1 to 100 of a-z 0-9 and . _ : - , starting with a
// letter or digit. kInvalidArgument saying what is wrong, naming the offending value.
Status check_scope_name(std::string_view name);
// Every bound above; the message names the field ("rate_limits[1].window_seconds ...").
Status check_controls(const KeyControls& controls);

// The store's text form of everything but the credit count and when it was set (which change
// without a new version and live in columns of their own): one item per line ("scope NAME",
// "rate LIMIT WINDOW", "credits", "refill AMOUNT INTERVAL", "ip NETWORK"). Empty for no controls.
std::string encode_controls(const KeyControls& controls);
// kInvalidArgument for text encode_controls() did not write.
Result<KeyControls> decode_controls(std::string_view text);

}  // namespace keyward

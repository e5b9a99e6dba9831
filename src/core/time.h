// Points in time as Keyward stores and shows them: UTC, millisecond precision.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keyward {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

constexpr std::int64_t to_epoch_ms(Timestamp t) { return t.time_since_epoch().count(); }
constexpr Timestamp from_epoch_ms(std::int64_t ms) {
  return Timestamp{std::chrono::milliseconds{ms}};
}

// "2026-11-23T12:00:00Z", with ".123" milliseconds only when they are not zero.
std::string format_rfc3339(Timestamp t);

// Parses an RFC 3339 date-time ("2026-11-23T12:00:00Z", "...T12:00:00.5+01:00"). Fractions finer
// than a millisecond are truncated. Returns nullopt for anything else, including impossible dates
// (February 30th) and leap seconds, which Keyward has no use for.
std::optional<Timestamp> parse_rfc3339(std::string_view text);

}  // namespace keyward

// Reads a key's controls from the command line: --scope NAME, --rate-limit 100/1s,
// --credits N, --refill 1000/1d, --allow-ip 203.0.113.0/24 (each list option repeatable).
// A window is a number of seconds, or a number with s, m, h or d.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/error.h"
#include "core/key_controls.h"
#include "core/key_kind.h"

namespace keyward::cli {

struct ParsedControls {
  std::optional<Scopes> scopes;  // read/write, when --scope was given
  std::optional<std::vector<std::string>> own_scopes;
  std::optional<std::vector<RateLimit>> rate_limits;
  std::optional<Credits> credits;
  std::optional<std::vector<IpNetwork>> allowed_ips;
};

// kInvalidArgument naming the option and what it must look like.
Result<ParsedControls> parse_control_options(const KeyControlOptions& o);

// "1s" -> 1, "90" -> 90, "5m" -> 300, "1h", "1d"; nullopt when malformed or not positive.
std::optional<std::int64_t> parse_window(std::string_view text);

}  // namespace keyward::cli

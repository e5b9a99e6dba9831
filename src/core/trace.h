// A vulnerability an agent found in an application: Contrast calls it a "trace". Unique within its
// application by `hash`, the agent's fingerprint of the finding, so reporting it again updates it
// (last seen, times received) instead of duplicating it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "core/uuid.h"

namespace keyward {

// Ordered from least to most severe, so comparisons rank them.
enum class Severity : std::uint8_t { kNote, kLow, kMedium, kHigh, kCritical };

enum class TraceStatus : std::uint8_t {
  kReported,
  kSuspicious,
  kConfirmed,
  kNotAProblem,
  kRemediated,
  kFixed,
};

// Contrast's spellings: "Critical", ... and "Reported", "NotAProblem", ...
std::string_view to_string(Severity severity);
std::string_view to_string(TraceStatus status);
// Case-insensitive, and tolerant of the forms clients send: "CRITICAL", "critical", "Medium";
// "NOT_A_PROBLEM", "Not a Problem", "notaproblem".
std::optional<Severity> parse_severity(std::string_view text);
std::optional<TraceStatus> parse_trace_status(std::string_view text);
// Open findings are those not yet dealt with: Reported, Suspicious, Confirmed.
bool is_open(TraceStatus status);

struct Trace {
  Uuid id;  // the Contrast "uuid"
  Uuid org_id;
  Uuid app_id;
  std::string title;
  std::string rule_name;  // e.g. "sql-injection"
  Severity severity = Severity::kMedium;
  TraceStatus status = TraceStatus::kReported;
  std::string hash;
  std::string category;    // e.g. "Injection"
  std::string confidence;  // "High", "Medium", "Low"
  std::string impact;
  std::string likelihood;
  std::vector<std::string> tags;
  Timestamp first_seen_at;
  Timestamp last_seen_at;
  std::int64_t times_received = 1;
  std::int64_t version = 1;
};

}  // namespace keyward

#include "core/trace.h"

#include <array>
#include <cctype>
#include <string>

namespace keyward {
namespace {

// Lower-cases and drops spaces, '_' and '-', so "NOT_A_PROBLEM" and "Not a Problem" compare equal.
std::string normalized(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '_' || c == '-') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

constexpr std::array<Severity, 5> kSeverities{Severity::kNote, Severity::kLow, Severity::kMedium,
                                              Severity::kHigh, Severity::kCritical};
constexpr std::array<TraceStatus, 6> kStatuses{TraceStatus::kReported,   TraceStatus::kSuspicious,
                                               TraceStatus::kConfirmed,  TraceStatus::kNotAProblem,
                                               TraceStatus::kRemediated, TraceStatus::kFixed};

}  // namespace

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::kNote:
      return "Note";
    case Severity::kLow:
      return "Low";
    case Severity::kMedium:
      return "Medium";
    case Severity::kHigh:
      return "High";
    case Severity::kCritical:
      return "Critical";
  }
  return "Medium";
}

std::string_view to_string(TraceStatus status) {
  switch (status) {
    case TraceStatus::kReported:
      return "Reported";
    case TraceStatus::kSuspicious:
      return "Suspicious";
    case TraceStatus::kConfirmed:
      return "Confirmed";
    case TraceStatus::kNotAProblem:
      return "NotAProblem";
    case TraceStatus::kRemediated:
      return "Remediated";
    case TraceStatus::kFixed:
      return "Fixed";
  }
  return "Reported";
}

std::optional<Severity> parse_severity(std::string_view text) {
  const std::string n = normalized(text);
  for (auto s : kSeverities) {
    if (normalized(to_string(s)) == n) return s;
  }
  return std::nullopt;
}

std::optional<TraceStatus> parse_trace_status(std::string_view text) {
  const std::string n = normalized(text);
  for (auto s : kStatuses) {
    if (normalized(to_string(s)) == n) return s;
  }
  return std::nullopt;
}

bool is_open(TraceStatus status) {
  return status == TraceStatus::kReported || status == TraceStatus::kSuspicious ||
         status == TraceStatus::kConfirmed;
}

}  // namespace keyward

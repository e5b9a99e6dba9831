#include "core/audit_event.h"

namespace keyward {

std::string_view to_string(AuditOutcome outcome) {
  switch (outcome) {
    case AuditOutcome::kSuccess:
      return "success";
    case AuditOutcome::kFailure:
      return "failure";
    case AuditOutcome::kDenied:
      return "denied";
  }
  return "failure";
}

std::optional<AuditOutcome> parse_audit_outcome(std::string_view text) {
  for (auto o : {AuditOutcome::kSuccess, AuditOutcome::kFailure, AuditOutcome::kDenied}) {
    if (to_string(o) == text) return o;
  }
  return std::nullopt;
}

}  // namespace keyward

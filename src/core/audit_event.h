// One line of the audit log: who did what to which credential or setting, when, from where, and
// how it went. Written in the same transaction as the change it records, so a change whose record
// cannot be written does not happen.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "core/uuid.h"

namespace keyward {

enum class AuditOutcome : std::uint8_t { kSuccess, kFailure, kDenied };

std::string_view to_string(AuditOutcome outcome);
std::optional<AuditOutcome> parse_audit_outcome(std::string_view text);

struct AuditEvent {
  std::int64_t id = 0;  // assigned by the store, increasing
  Timestamp at;
  std::string actor;  // "user:<id> <username>", "key:<id>", "agent:<org>", "command", "anonymous"
  std::optional<Uuid> org_id;  // the organization concerned, if any
  std::string action;          // "org.api_key.rotate", "session.sign_in", "auth.failure", ...
  std::string target;          // what was acted on: "org:<id>", "key:<id>", "user:<id>", ...
  AuditOutcome outcome = AuditOutcome::kSuccess;
  std::string client_ip;  // masked to a network when the policy says so
  std::string detail;     // a short, secret-free explanation
};

}  // namespace keyward

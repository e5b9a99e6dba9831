// Who is acting, as the audit log records it, and the helper that makes an audit record.
#pragma once

#include <optional>
#include <string>

#include "core/audit_event.h"
#include "core/clock.h"

namespace keyward::service {

struct Actor {
  std::string label;  // "user:<id> <username>", "key:<id>", "agent:<org>", "command", ...
  std::optional<Uuid> user_id;
  std::string client_ip;  // as it should be recorded (masked already where the policy says)

  // The `keyward` command, run on the server by whoever can read the data directory.
  static Actor command() { return Actor{"command", std::nullopt, "local"}; }
};

inline AuditEvent audit_event(const Actor& actor, const Clock& clock, std::optional<Uuid> org_id,
                              std::string action, std::string target,
                              AuditOutcome outcome = AuditOutcome::kSuccess,
                              std::string detail = "") {
  AuditEvent e;
  e.at = clock.now();
  e.actor = actor.label;
  e.org_id = org_id;
  e.action = std::move(action);
  e.target = std::move(target);
  e.outcome = outcome;
  e.client_ip = actor.client_ip;
  e.detail = std::move(detail);
  return e;
}

}  // namespace keyward::service

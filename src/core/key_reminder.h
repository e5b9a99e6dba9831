// A notice Keyward has given about a key's life: a reminder that it expires, that a rolled key's
// grace ends, that it expired, that it is unused and will be disabled, or that it was disabled for
// being unused. Stored once per (key, kind, deadline, threshold): the store refuses a second
// record, which is how a notice goes out once across restarts and across nodes.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/time.h"
#include "core/uuid.h"

namespace keyward {

enum class ReminderKind : std::uint8_t {
  kExpiring,        // `threshold` before expires_at
  kGraceEnding,     // `threshold` before a rolled key's grace ends
  kExpired,         // the key passed its end (expiry or grace)
  kUnusedWarning,   // `threshold` before an unused key is disabled
  kUnusedDisabled,  // the unused key was disabled
};

// "expiring", "grace_ending", "expired", "unused_warning", "unused_disabled": persisted.
std::string_view to_string(ReminderKind kind);
std::optional<ReminderKind> parse_reminder_kind(std::string_view name);

struct KeyReminder {
  Uuid key_id;
  Uuid org_id;
  ReminderKind kind = ReminderKind::kExpiring;
  // The moment the notice is about (the expiry, the grace's end, the day an unused key is
  // disabled). A key whose deadline moves (rolled, used again) gets fresh notices.
  Timestamp deadline;
  std::int64_t threshold_seconds = 0;  // how long before the deadline; 0 for what has happened
  Timestamp sent_at;

  bool same_notice(const KeyReminder& o) const {
    return key_id == o.key_id && kind == o.kind && deadline == o.deadline &&
           threshold_seconds == o.threshold_seconds;
  }
};

}  // namespace keyward

// Which notices about a key's life are due: the pure decision the lifecycle sweep
// (service/lifecycle_sweeper.h) acts on, given the key, when it was last active, the
// organization's settings, the notices already given about it, and now.
//
// The rules:
//   - A key ends at its expiry or, once rolled, at the end of its grace, whichever is first.
//   - Before an expiry: for each of the organization's reminder_days d, a reminder is due once
//     now is within d days of it. Thresholds crossed together (a key made to expire in 3 days
//     with reminders at 7 and 1) make one notice that records each, so none comes later.
//   - Before a grace ends: one reminder kGraceReminder ahead (at once when the grace is shorter).
//   - Disabled keys get no reminders before their end; they would not work anyway. Enabled
//     again before the end, they get those still due.
//   - At the end: one "expired" notice, unless the end is more than kExpiredLookback ago (a key
//     that ended long before this ran, as after an upgrade, is not announced late).
//   - Unused keys (unused_key_days = N set): a key that works (active: not rolled, disabled or
//     ended) and has not been used, created, or disabled for being unused and enabled again in
//     N days reaches its deadline then. A warning is due unused_notice(N) before the deadline;
//     the key is disabled at the deadline, but never sooner than unused_notice(N) after the
//     warning, so turning the setting on never disables a key without warning first.
//   - Notices are keyed by their deadline: a key rolled to a new expiry, or used again, gets
//     fresh notices for its new deadline.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <vector>

#include "core/key_reminder.h"
#include "core/lifecycle_settings.h"
#include "core/named_key.h"

namespace keyward {

inline constexpr std::chrono::hours kGraceReminder{1};
inline constexpr std::chrono::days kExpiredLookback{7};
inline constexpr std::chrono::days kMaxUnusedNotice{7};

// How long before an unused key is disabled it is announced: 7 days, or half of N when N is
// shorter than 14 days, so the announcement never comes before the key was even idle.
std::chrono::milliseconds unused_notice(int unused_key_days);

// One notice to give: one message and one event, and one record per threshold.
struct LifecycleNotice {
  ReminderKind kind = ReminderKind::kExpiring;
  Timestamp deadline;
  std::vector<std::int64_t> thresholds_seconds;  // largest first; {0} for what has happened

  // The records that make this notice happen once.
  std::vector<KeyReminder> records(const NamedKey& key, Timestamp now) const;
};

// The notices due about `key` at `now`. `last_used` is the newest use known (the store's or a
// node's, whichever is later); `sent` holds the notices given about this key (others are
// ignored).
std::vector<LifecycleNotice> due_notices(const NamedKey& key, std::optional<Timestamp> last_used,
                                         const LifecycleSettings& settings,
                                         std::span<const KeyReminder> sent, Timestamp now);

}  // namespace keyward

#include "core/key_lifecycle.h"

#include <algorithm>

namespace keyward {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const KeyReminder* find_sent(std::span<const KeyReminder> sent, const Uuid& key_id,
                             ReminderKind kind, Timestamp deadline, std::int64_t threshold) {
  for (const auto& r : sent) {
    if (r.key_id == key_id && r.kind == kind && r.deadline == deadline &&
        r.threshold_seconds == threshold) {
      return &r;
    }
  }
  return nullptr;
}

// The key's end and whether it is its grace's.
struct End {
  Timestamp at;
  bool grace = false;
};

std::optional<End> end_of(const NamedKey& key) {
  if (key.grace_ends_at && (!key.expires_at || *key.grace_ends_at <= *key.expires_at)) {
    return End{*key.grace_ends_at, true};
  }
  if (key.expires_at) return End{*key.expires_at, false};
  return std::nullopt;
}

void before_end(const NamedKey& key, const End& end, const LifecycleSettings& settings,
                std::span<const KeyReminder> sent, Timestamp now,
                std::vector<LifecycleNotice>& due) {
  if (key.disabled_at) return;
  if (end.grace) {
    const auto threshold = seconds(kGraceReminder).count();
    if (now >= end.at - kGraceReminder &&
        !find_sent(sent, key.id, ReminderKind::kGraceEnding, end.at, threshold)) {
      due.push_back({ReminderKind::kGraceEnding, end.at, {threshold}});
    }
    return;
  }
  LifecycleNotice notice{ReminderKind::kExpiring, end.at, {}};
  for (int days : normalized_reminder_days(settings.reminder_days)) {
    const std::chrono::days d{days};
    const auto threshold = seconds(d).count();
    if (now >= end.at - d && !find_sent(sent, key.id, ReminderKind::kExpiring, end.at, threshold)) {
      notice.thresholds_seconds.push_back(threshold);
    }
  }
  if (!notice.thresholds_seconds.empty()) due.push_back(std::move(notice));
}

void unused(const NamedKey& key, std::optional<Timestamp> last_used, int unused_days,
            std::span<const KeyReminder> sent, Timestamp now, std::vector<LifecycleNotice>& due) {
  Timestamp idle_since = key.created_at;
  if (last_used) idle_since = std::max(idle_since, *last_used);
  // Enabled again after being disabled for this: the count starts over from that disable.
  for (const auto& r : sent) {
    if (r.key_id == key.id && r.kind == ReminderKind::kUnusedDisabled) {
      idle_since = std::max(idle_since, r.sent_at);
    }
  }
  const Timestamp deadline = idle_since + std::chrono::days(unused_days);
  const milliseconds notice = unused_notice(unused_days);
  const auto threshold = std::chrono::duration_cast<seconds>(notice).count();
  const KeyReminder* warned =
      find_sent(sent, key.id, ReminderKind::kUnusedWarning, deadline, threshold);
  if (!warned) {
    if (now >= deadline - notice)
      due.push_back({ReminderKind::kUnusedWarning, deadline, {threshold}});
    return;
  }
  if (now >= std::max(deadline, warned->sent_at + notice) &&
      !find_sent(sent, key.id, ReminderKind::kUnusedDisabled, deadline, 0)) {
    due.push_back({ReminderKind::kUnusedDisabled, deadline, {0}});
  }
}

}  // namespace

milliseconds unused_notice(int unused_key_days) {
  const milliseconds half = milliseconds(std::chrono::days(unused_key_days)) / 2;
  return std::min<milliseconds>(kMaxUnusedNotice, half);
}

std::vector<KeyReminder> LifecycleNotice::records(const NamedKey& key, Timestamp now) const {
  std::vector<KeyReminder> out;
  for (auto threshold : thresholds_seconds) {
    out.push_back({key.id, key.org_id, kind, deadline, threshold, now});
  }
  return out;
}

std::vector<LifecycleNotice> due_notices(const NamedKey& key, std::optional<Timestamp> last_used,
                                         const LifecycleSettings& settings,
                                         std::span<const KeyReminder> sent, Timestamp now) {
  std::vector<LifecycleNotice> due;
  if (key.revoked_at) return due;
  const auto end = end_of(key);
  if (end && now >= end->at) {
    if (now - end->at <= kExpiredLookback &&
        !find_sent(sent, key.id, ReminderKind::kExpired, end->at, 0)) {
      due.push_back({ReminderKind::kExpired, end->at, {0}});
    }
    return due;
  }
  if (end) before_end(key, *end, settings, sent, now, due);
  if (settings.unused_key_days && key.status_at(now) == KeyStatus::kActive) {
    unused(key, last_used, *settings.unused_key_days, sent, now, due);
  }
  return due;
}

}  // namespace keyward

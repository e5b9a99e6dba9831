// An organization's settings for the life of its keys: how many days before a key expires its
// people are reminded, and after how many days without use a key is disabled.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace keyward {

// Bounds, each with its why: a reminder more than a year ahead is noise, a handful is plenty;
// ten years is the longest "unused" anyone could mean.
inline constexpr int kMaxReminderDays = 365;
inline constexpr std::size_t kMaxReminders = 5;
inline constexpr int kMaxUnusedKeyDays = 3650;

struct LifecycleSettings {
  // Days before expiry a reminder goes out, largest first, no repeats; empty: no reminders.
  std::vector<int> reminder_days{7, 1};
  // Keys not used for this many days are disabled (announced first); none: never.
  std::optional<int> unused_key_days;

  bool operator==(const LifecycleSettings&) const = default;
};

// kInvalidArgument, naming the field and the bound, for days out of range, repeated or too many.
Status check_lifecycle_settings(const LifecycleSettings& settings);

// The reminder days as the stores keep them, "7,1" (empty for none), and back. Parsing is
// lenient about order (it sorts) and skips what is not a number, since it reads only what
// encode wrote.
std::string encode_reminder_days(const std::vector<int>& days);
std::vector<int> decode_reminder_days(std::string_view text);

// Largest first, without repeats: the order reminders are listed and reasoned about in.
std::vector<int> normalized_reminder_days(std::vector<int> days);

}  // namespace keyward

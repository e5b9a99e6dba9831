#include "core/lifecycle_settings.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <set>

namespace keyward {

Status check_lifecycle_settings(const LifecycleSettings& settings) {
  const auto& days = settings.reminder_days;
  if (days.size() > kMaxReminders) {
    return fail(Errc::kInvalidArgument,
                "reminder_days may hold at most " + std::to_string(kMaxReminders) + " values");
  }
  for (int d : days) {
    if (d < 1 || d > kMaxReminderDays) {
      return fail(Errc::kInvalidArgument, "each of reminder_days must be between 1 and " +
                                              std::to_string(kMaxReminderDays) + " days");
    }
  }
  if (std::set<int>(days.begin(), days.end()).size() != days.size()) {
    return fail(Errc::kInvalidArgument, "reminder_days must not repeat a value");
  }
  if (settings.unused_key_days &&
      (*settings.unused_key_days < 1 || *settings.unused_key_days > kMaxUnusedKeyDays)) {
    return fail(Errc::kInvalidArgument, "unused_key_days must be between 1 and " +
                                            std::to_string(kMaxUnusedKeyDays) +
                                            " days, or null to never disable unused keys");
  }
  return {};
}

std::string encode_reminder_days(const std::vector<int>& days) {
  std::string text;
  for (int d : days) {
    if (!text.empty()) text += ',';
    text += std::to_string(d);
  }
  return text;
}

std::vector<int> decode_reminder_days(std::string_view text) {
  std::vector<int> days;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto part = text.substr(0, comma);
    int value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec == std::errc{} && end == part.data() + part.size()) days.push_back(value);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return normalized_reminder_days(std::move(days));
}

std::vector<int> normalized_reminder_days(std::vector<int> days) {
  std::sort(days.begin(), days.end(), std::greater<>());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

}  // namespace keyward

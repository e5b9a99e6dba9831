#include "core/key_reminder.h"

#include <array>
#include <utility>

namespace keyward {
namespace {

constexpr std::array<std::pair<ReminderKind, std::string_view>, 5> kNames{{
    {ReminderKind::kExpiring, "expiring"},
    {ReminderKind::kGraceEnding, "grace_ending"},
    {ReminderKind::kExpired, "expired"},
    {ReminderKind::kUnusedWarning, "unused_warning"},
    {ReminderKind::kUnusedDisabled, "unused_disabled"},
}};

}  // namespace

std::string_view to_string(ReminderKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "expiring";
}

std::optional<ReminderKind> parse_reminder_kind(std::string_view name) {
  for (const auto& [k, n] : kNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

}  // namespace keyward

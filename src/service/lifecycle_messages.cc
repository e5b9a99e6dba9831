#include "service/lifecycle_messages.h"

namespace keyward::service {
namespace {

using std::chrono::milliseconds;

std::string plural(std::int64_t n, const char* unit) {
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

std::int64_t ceil_div(milliseconds a, milliseconds b) {
  return (a.count() + b.count() - 1) / b.count();
}
std::int64_t nearest(milliseconds a, milliseconds b) {
  return (a.count() + b.count() / 2) / b.count();
}

std::string named(const NamedKey& key) {
  return "the " + std::string(to_string(key.kind)) + " key \"" + key.name + "\" (" + key.hint +
         ", id " + key.id.to_string() + ")";
}

}  // namespace

std::string time_left(Timestamp deadline, Timestamp now) {
  // The sweep runs every minute, so a reminder due 7 days ahead goes out a little under 7 days
  // ahead: days and hours are rounded to the nearest, so that still reads "7 days".
  const milliseconds left = std::max(milliseconds{0}, deadline - now);
  if (left >= std::chrono::hours(22)) return plural(nearest(left, std::chrono::hours(24)), "day");
  if (left >= std::chrono::minutes(50)) return plural(nearest(left, std::chrono::hours(1)), "hour");
  return plural(std::max<std::int64_t>(1, ceil_div(left, std::chrono::minutes(1))), "minute");
}

NoticeMail notice_mail(const LifecycleNotice& notice, const NamedKey& key,
                       const std::string& org_name, int unused_key_days, Timestamp now) {
  const std::string when = format_rfc3339(notice.deadline);
  const std::string left = time_left(notice.deadline, now);
  const std::string quoted = "\"" + key.name + "\"";
  NoticeMail mail;
  std::string text;
  switch (notice.kind) {
    case ReminderKind::kExpiring:
      mail.subject = "Keyward: key " + quoted + " of " + org_name + " expires in " + left;
      text = "Heads up: " + named(key) + " of organization " + org_name + " expires at " + when +
             ", in " + left + ". After that it stops working.\n\nTo keep a key working, roll it " +
             "(POST /api/v1/orgs/" + key.org_id.to_string() + "/keys/" + key.id.to_string() +
             "/roll) with a new expiry and move your clients to the new token.\n";
      break;
    case ReminderKind::kGraceEnding:
      mail.subject = "Keyward: the old token of key " + quoted + " of " + org_name +
                     " stops working in " + left;
      text = named(key) + " of organization " + org_name +
             " was rolled; its old token keeps working only until " + when + ", in " + left +
             ". Clients still using it must switch to the new token before then.\n";
      break;
    case ReminderKind::kUnusedWarning:
      mail.subject =
          "Keyward: unused key " + quoted + " of " + org_name + " will be disabled in " + left;
      text = named(key) + " of organization " + org_name + " has not been used for a while. " +
             "The organization disables keys unused for " + plural(unused_key_days, "day") +
             ", so it will be disabled at " + when + ", in " + left +
             ", unless it is used before then.\n\nAn administrator can enable a disabled key " +
             "again.\n";
      break;
    case ReminderKind::kUnusedDisabled:
      mail.subject = "Keyward: unused key " + quoted + " of " + org_name + " was disabled";
      text = named(key) + " of organization " + org_name + " was not used for " +
             plural(unused_key_days, "day") +
             " and has been disabled: it no longer works.\n\nAn administrator can enable it " +
             "again (POST /api/v1/orgs/" + key.org_id.to_string() + "/keys/" + key.id.to_string() +
             "/enable), or delete it if it is no longer needed.\n";
      break;
    case ReminderKind::kExpired:
      mail.subject = "Keyward: key " + quoted + " of " + org_name + " has expired";
      text = named(key) + " of organization " + org_name + " expired at " + when + ".\n";
      break;
  }
  mail.body = "Hello,\n\n" + text + "\nThis message was sent by Keyward.\n";
  return mail;
}

WebhookEventType notice_event(const LifecycleNotice& notice) {
  if (notice.kind == ReminderKind::kExpired) return WebhookEventType::kKeyExpired;
  if (notice.kind == ReminderKind::kUnusedDisabled) return WebhookEventType::kKeyDisabled;
  return WebhookEventType::kKeyExpiring;
}

boost::json::object notice_event_data(const LifecycleNotice& notice, const NamedKey& key) {
  std::string reason;
  switch (notice.kind) {
    case ReminderKind::kExpiring:
      reason = "expires";
      break;
    case ReminderKind::kGraceEnding:
      reason = "grace_ends";
      break;
    case ReminderKind::kUnusedWarning:
    case ReminderKind::kUnusedDisabled:
      reason = "unused";
      break;
    case ReminderKind::kExpired:
      reason = key.grace_ends_at == notice.deadline ? "grace_ended" : "expired";
      break;
  }
  return {{"reason", reason}, {"deadline", format_rfc3339(notice.deadline)}};
}

}  // namespace keyward::service

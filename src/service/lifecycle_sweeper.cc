#include "service/lifecycle_sweeper.h"

#include <algorithm>

#include "core/key_lifecycle.h"
#include "service/lifecycle_messages.h"
#include "service/webhook_events.h"

namespace keyward::service {

Result<SweepReport> LifecycleSweeper::run() {
  SweepReport report;
  auto orgs = ctx_.store.list_organizations();
  if (!orgs) return fail(orgs.error());
  auto users = ctx_.store.list_users();
  if (!users) return fail(users.error());
  for (const auto& org : *orgs) {
    if (stopped()) break;
    if (auto s = sweep(org, *users, report); !s) return fail(s.error());
  }
  return report;
}

Status LifecycleSweeper::sweep(const Organization& org, const std::vector<User>& users,
                               SweepReport& report) {
  auto keys = ctx_.store.list_keys(org.id);
  if (!keys) return fail(keys.error());
  auto given = ctx_.store.list_key_reminders(org.id);
  if (!given) return fail(given.error());
  const Timestamp now = ctx_.clock.now();
  for (const auto& key : *keys) {
    if (key.revoked_at) continue;
    // The store's last use lags by a flush; this node may know a later one.
    std::optional<Timestamp> last_used = key.last_used_at;
    if (const auto seen = ctx_.index.keys().last_used(key.token_hash)) {
      last_used = last_used ? std::max(*last_used, *seen) : *seen;
    }
    for (const auto& notice : due_notices(key, last_used, org.lifecycle, *given, now)) {
      auto done = give(org, key, notice);
      if (!done) return fail(done.error());
      if (!*done) continue;
      switch (notice.kind) {
        case ReminderKind::kExpired:
          ++report.expired;
          break;  // the reminders came before; the event says it happened
        case ReminderKind::kUnusedDisabled:
          ++report.disabled;
          email(org, key, notice, users, report);
          break;
        default:
          ++report.reminders;
          email(org, key, notice, users, report);
          break;
      }
    }
  }
  return {};
}

Result<bool> LifecycleSweeper::give(const Organization& org, const NamedKey& key,
                                    const LifecycleNotice& notice) {
  const Timestamp now = ctx_.clock.now();
  const auto records = notice.records(key, now);
  Status done;
  if (notice.kind == ReminderKind::kUnusedDisabled) {
    return keys_.disable_unused(lifecycle_actor(), org.id, key.id, records.front());
  } else {
    store::WriteBatch batch;
    batch.reminders = records;
    raise_key_event(batch, ctx_, notice_event(notice), key, notice_event_data(notice, key));
    done = ctx_.commit(batch);
  }
  if (done) return true;
  if (done.error().code == Errc::kAlreadyExists) return false;  // another node gave it
  return fail(done.error());
}

void LifecycleSweeper::email(const Organization& org, const NamedKey& key,
                             const LifecycleNotice& notice, const std::vector<User>& users,
                             SweepReport& report) {
  const auto mail = notice_mail(notice, key, org.name, org.lifecycle.unused_key_days.value_or(0),
                                ctx_.clock.now());
  for (const auto& user : users) {
    const auto role = user.role_in(org.id);
    const bool creator = key.created_by == user.id && role.has_value();
    if (!creator && role != Role::kAdmin) continue;
    if (auto sent = mailer_.send(EmailMessage{mail_from_, user.username, mail.subject, mail.body});
        !sent) {
      ++report.mail_failures;
      store::WriteBatch failure;
      failure.audit.push_back(audit_event(
          lifecycle_actor(), ctx_.clock, org.id, "key.notice.email", "user:" + user.id.to_string(),
          AuditOutcome::kFailure,
          std::string(to_string(notice.kind)) + " notice about key:" + key.id.to_string() +
              " not delivered to " + user.username + ": " + sent.error().message));
      (void)ctx_.commit(failure);
    }
  }
}

}  // namespace keyward::service

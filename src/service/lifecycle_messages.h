// What the lifecycle notices say (service/lifecycle_sweeper.h): the email to a key's creator and
// the organization's administrators, and the "data" of the webhook event raised with it. Neither
// holds a token: the key is named by its name, kind, id and hint.
#pragma once

#include <string>

#include <boost/json/object.hpp>

#include "core/key_lifecycle.h"
#include "core/named_key.h"
#include "core/webhook_event_type.h"

namespace keyward::service {

struct NoticeMail {
  std::string subject;
  std::string body;
};

// "7 days", "1 hour", "30 minutes": how long until `deadline`, to the nearest day (from 22 hours)
// or hour (from 50 minutes), else in minutes rounded up.
std::string time_left(Timestamp deadline, Timestamp now);

// The message for `notice` about `key` of the organization named `org_name`, sent at `now`.
// `unused_key_days` is the organization's setting, named in the unused-key messages.
NoticeMail notice_mail(const LifecycleNotice& notice, const NamedKey& key,
                       const std::string& org_name, int unused_key_days, Timestamp now);

// key.expired for kExpired; key.expiring for the reminders and the unused-key warning.
// (kUnusedDisabled raises key.disabled, through KeyService.)
WebhookEventType notice_event(const LifecycleNotice& notice);

// What the event adds to the key's fields: "reason" ("expires", "grace_ends" or "unused" for
// key.expiring; "expired" or "grace_ended" for key.expired) and "deadline" (RFC 3339).
boost::json::object notice_event_data(const LifecycleNotice& notice, const NamedKey& key);

}  // namespace keyward::service

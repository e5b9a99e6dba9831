// "Email me the key": the Contrast seeds' Email me the current API Key / Rotate the key and email
// me a new key, for an organization's API key and for a user's own service key.
//
// By default the message carries a one-time link, valid for kRevealLinkLifetime, that shows the
// key to its recipient after they sign in; the key itself never sits in a mailbox. The system
// setting email_key_in_message puts the key in the message instead, as the seeds describe.
// Messages are limited per recipient (by user id, so no address is kept with the counts) and per
// client address per hour; several nodes count together (shared_counts()).
#pragma once

#include <string>

#include "core/reveal_grant.h"
#include "service/actor.h"
#include "service/mailer.h"
#include "service/service_context.h"
#include "service/shared_limits.h"
#include "service/window_limiter.h"

namespace keyward::service {

struct MailPolicy {
  std::string from = "keyward@localhost";
  int per_recipient_per_hour = 5;
  int per_client_per_hour = 20;
};

// A credential a link revealed.
struct RevealedKey {
  RevealedCredential what;
  Uuid subject_id;  // the organization or the user
  std::string value;
};

class KeyMail {
 public:
  KeyMail(ServiceContext ctx, Mailer& mailer, MailPolicy policy)
      : ctx_(ctx),
        mailer_(mailer),
        policy_(std::move(policy)),
        per_recipient_(policy_.per_recipient_per_hour, std::chrono::hours(1)),
        per_client_(policy_.per_client_per_hour, std::chrono::hours(1)) {}

  // Emails `recipient_id` (a user: the message goes to their username, an email address) the
  // organization's API key, rotating it first when `rotate`. `base_url` makes the link
  // ("https://keys.example.com"). kResourceExhausted (with retry_after) past the hourly limits;
  // kUpstreamFailed when the message could not be sent (a rotation done before that stands).
  Status email_org_api_key(const Actor& actor, const Uuid& recipient_id, const Uuid& org_id,
                           bool rotate, const std::string& base_url, const std::string& client_ip,
                           std::chrono::seconds& retry_after);
  Status email_service_key(const Actor& actor, const Uuid& user_id, bool rotate,
                           const std::string& base_url, const std::string& client_ip,
                           std::chrono::seconds& retry_after);

  // Redeems a link's token for `user_id`: once, before it expires, only by its recipient. Every
  // other case is the same kNotFound ("this link is not valid (any more)").
  Result<RevealedKey> redeem(const Actor& actor, const Uuid& user_id, const std::string& token);

  // The limits, to count with other nodes (service/shared_limits.h).
  std::vector<SharedLimits::Shared> shared_counts() {
    return {{"mail.recipient", &per_recipient_}, {"mail.client", &per_client_}};
  }

 private:
  Status send(const Actor& actor, const Uuid& recipient_id, RevealedCredential what,
              const Uuid& subject_id, const std::optional<Uuid>& org_id, bool rotate,
              const std::string& base_url, const std::string& client_ip,
              std::chrono::seconds& retry_after);

  ServiceContext ctx_;
  Mailer& mailer_;
  MailPolicy policy_;
  WindowLimiter per_recipient_;
  WindowLimiter per_client_;
};

}  // namespace keyward::service

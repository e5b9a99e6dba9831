#include "service/key_mail.h"

#include <array>

#include "crypto/base64.h"
#include "service/account_service.h"
#include "service/credential_context.h"
#include "service/organization_service.h"

namespace keyward::service {
namespace {

std::string random_token(RandomSource& random) {
  std::array<std::uint8_t, 32> bytes{};
  random.fill(bytes);
  return crypto::base64url_encode(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::string_view action_of(RevealedCredential what) {
  return what == RevealedCredential::kOrgApiKey ? "org.api_key.email" : "user.service_key.email";
}

Error link_not_valid() {
  return Error{Errc::kNotFound,
               "this link is not valid (any more): links work once, for ten minutes, for the "
               "person they were sent to; ask for a new email",
               {}};
}

}  // namespace

Status KeyMail::email_org_api_key(const Actor& actor, const Uuid& recipient_id, const Uuid& org_id,
                                  bool rotate, const std::string& base_url,
                                  const std::string& client_ip, std::chrono::seconds& retry_after) {
  return send(actor, recipient_id, RevealedCredential::kOrgApiKey, org_id, org_id, rotate, base_url,
              client_ip, retry_after);
}

Status KeyMail::email_service_key(const Actor& actor, const Uuid& user_id, bool rotate,
                                  const std::string& base_url, const std::string& client_ip,
                                  std::chrono::seconds& retry_after) {
  return send(actor, user_id, RevealedCredential::kUserServiceKey, user_id, std::nullopt, rotate,
              base_url, client_ip, retry_after);
}

Status KeyMail::send(const Actor& actor, const Uuid& recipient_id, RevealedCredential what,
                     const Uuid& subject_id, const std::optional<Uuid>& org_id, bool rotate,
                     const std::string& base_url, const std::string& client_ip,
                     std::chrono::seconds& retry_after) {
  auto recipient = ctx_.store.get_user(recipient_id);
  if (!recipient) return fail(recipient.error());
  const Timestamp now = ctx_.clock.now();
  const std::string recipient_key = recipient->id.to_string();
  for (auto [limiter, key] :
       {std::pair{&per_recipient_, recipient_key}, std::pair{&per_client_, client_ip}}) {
    if (auto wait = limiter->blocked(key, now)) {
      retry_after = *wait;
      return fail(Errc::kResourceExhausted, "too many key emails in the last hour; try again in " +
                                                std::to_string(wait->count()) + " seconds");
    }
  }

  // The key: a fresh one when rotating (the rotation is audited on its own), else the current.
  std::string key;
  std::string subject_name;
  if (what == RevealedCredential::kOrgApiKey) {
    auto org = ctx_.store.get_organization(subject_id);
    if (!org) return fail(org.error());
    subject_name = "organization \"" + org->name + "\"";
    OrganizationService orgs(ctx_);
    if (rotate) {
      auto value = orgs.rotate_api_key(actor, subject_id);
      if (!value) return fail(value.error());
      key = std::move(*value);
    } else {
      auto creds = orgs.reveal_credentials(subject_id);
      if (!creds) return fail(creds.error());
      key = std::move(creds->api_key);
    }
  } else {
    subject_name = "user " + recipient->username;
    auto value = rotate ? AccountService(ctx_).rotate_service_key(actor, subject_id)
                        : AccountService(ctx_).reveal_service_key(subject_id);
    if (!value) return fail(value.error());
    key = std::move(*value);
  }

  const bool key_in_message = ctx_.settings.get().email_key_in_message;
  const std::string what_text = what == RevealedCredential::kOrgApiKey
                                    ? "the API key of " + subject_name
                                    : "your service key";
  std::string body = "Hello " + recipient->username + ",\n\n" + actor.label +
                     " asked Keyward to email you " + what_text + ".";
  if (rotate) body += " It was rotated first: the previous key no longer works.";
  body += "\n\n";
  const std::string target = std::string(to_string(what)) + ":" + subject_id.to_string();
  if (key_in_message) {
    body += "The key is:\n\n  " + key +
            "\n\nAnyone who can read this message can use the key: store it somewhere safe and "
            "delete this message.\n";
  } else {
    const std::string token = random_token(ctx_.random);
    RevealGrant grant;
    grant.id = Uuid::random(ctx_.random);
    grant.token_hash = ctx_.protector.lookup_hash(token);
    grant.user_id = recipient->id;
    grant.what = what;
    grant.subject_id = subject_id;
    grant.created_at = now;
    grant.expires_at =
        now + std::chrono::duration_cast<std::chrono::milliseconds>(kRevealLinkLifetime);
    store::WriteBatch batch;
    batch.grants.push_back(grant);
    batch.audit.push_back(audit_event(actor, ctx_.clock, org_id, "credential.link.create", target,
                                      AuditOutcome::kSuccess,
                                      "one-time link for " + recipient->username));
    if (auto s = ctx_.commit(batch); !s) return s;
    // The token travels in the fragment, which browsers never send to a server, so it cannot end
    // up in an access log or a Referer header; the console page posts it to /api/v1/reveal.
    body += "Open this link within " + std::to_string(kRevealLinkLifetime.count()) +
            " minutes and sign in as " + recipient->username +
            " to see the key. The link works once.\n\n  " + base_url +
            "/console/reveal#token=" + token + "\n";
  }
  body += "\nIf you did not ask for this, tell your administrator.\n";

  per_recipient_.add(recipient_key, now);
  per_client_.add(client_ip, now);
  const EmailMessage message{policy_.from, recipient->username,
                             what == RevealedCredential::kOrgApiKey
                                 ? "Your Keyward organization API key"
                                 : "Your Keyward service key",
                             body};
  // The record is written before the message leaves, so no key is mailed unrecorded; a failed
  // delivery is recorded after it, as far as the store allows (the failure reaches the caller).
  const std::string how = std::string(key_in_message ? "key in message" : "one-time link") +
                          " to " + recipient->username + (rotate ? " after rotation" : "");
  store::WriteBatch before;
  before.audit.push_back(audit_event(actor, ctx_.clock, org_id, std::string(action_of(what)),
                                     target, AuditOutcome::kSuccess, how));
  if (auto s = ctx_.commit(before); !s) {
    return fail(Errc::kUnavailable, "the audit log could not be written, so nothing was sent");
  }
  const auto sent = mailer_.send(message);
  if (!sent) {
    store::WriteBatch after;
    after.audit.push_back(audit_event(actor, ctx_.clock, org_id, std::string(action_of(what)),
                                      target, AuditOutcome::kFailure,
                                      how + " not delivered: " + sent.error().message));
    (void)ctx_.commit(after);
    return fail(Errc::kUpstreamFailed,
                std::string("the email could not be sent; the mail server refused it or could not "
                            "be reached (the audit log has the reason)") +
                    (rotate ? "; the key was rotated all the same, see it under credentials" : ""));
  }
  return {};
}

Result<RevealedKey> KeyMail::redeem(const Actor& actor, const Uuid& user_id,
                                    const std::string& token) {
  auto grant = ctx_.store.find_grant(ctx_.protector.lookup_hash(token));
  if (!grant) {
    if (grant.error().code == Errc::kNotFound) return fail(link_not_valid());
    return fail(grant.error());
  }
  const Timestamp now = ctx_.clock.now();
  if (grant->user_id != user_id || grant->used_at || now >= grant->expires_at) {
    return fail(link_not_valid());
  }
  RevealedKey out{grant->what, grant->subject_id, {}};
  if (grant->what == RevealedCredential::kOrgApiKey) {
    if (!ctx_.index.role_of(user_id, grant->subject_id)) {
      auto user = ctx_.store.get_user(user_id);
      if (!user || !user->system_admin) return fail(link_not_valid());  // no longer a member
    }
    auto creds = OrganizationService(ctx_).reveal_credentials(grant->subject_id);
    if (!creds) return fail(creds.error());
    out.value = std::move(creds->api_key);
  } else {
    auto key = AccountService(ctx_).reveal_service_key(grant->subject_id);
    if (!key) return fail(key.error());
    out.value = std::move(*key);
  }
  grant->used_at = now;
  grant->version += 1;
  store::WriteBatch batch;
  batch.grants.push_back(*grant);
  batch.audit.push_back(audit_event(
      actor, ctx_.clock,
      grant->what == RevealedCredential::kOrgApiKey ? std::optional<Uuid>(grant->subject_id)
                                                    : std::nullopt,
      "credential.reveal",
      std::string(to_string(grant->what)) + ":" + grant->subject_id.to_string(),
      AuditOutcome::kSuccess, "by one-time link"));
  // A concurrent redemption of the same link loses the version race: the link works once.
  if (auto s = ctx_.commit(batch); !s) {
    if (s.error().code == Errc::kConflict) return fail(link_not_valid());
    return fail(s.error());
  }
  return out;
}

}  // namespace keyward::service

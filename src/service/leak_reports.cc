#include "service/leak_reports.h"

#include <map>
#include <unordered_map>

#include "core/key_token.h"
#include "service/actor.h"
#include "service/webhook_events.h"

namespace keyward::service {
namespace {

// Who revokes and records: the scanner, at the address it called from.
Actor scanner(const std::string& client_ip) {
  return Actor{"secret scanning", std::nullopt, client_ip};
}

// What a report says, made fit for a record and a message: printable ASCII only (a url is that
// already; anything else is replaced) and bounded.
std::string cleaned(std::string_view text, size_t max) {
  std::string out;
  out.reserve(std::min(text.size(), max));
  for (const char c : text.substr(0, max)) {
    out += (c >= 0x21 && c <= 0x7e) ? c : '?';
  }
  return out;
}

std::string describe(const LeakedKey& k) {
  return std::string(to_string(k.kind)) + " key \"" + k.name + "\" (" + k.hint + ")";
}

std::string where(const LeakedKey& k) {
  return k.url + (k.source.empty() ? "" : " (" + k.source + ")");
}

std::string mail_body(const std::string& org_name, const std::vector<LeakedKey>& found) {
  std::string body = "Hello,\n\nA secret scanner reported " +
                     std::string(found.size() == 1 ? "a key" : "keys") +
                     " of your Keyward organization \"" + org_name +
                     "\" that it found exposed where others can read " +
                     std::string(found.size() == 1 ? "it" : "them") + ".\n";
  for (const auto& k : found) {
    body +=
        "\n- " + describe(k) + ", id " + k.key_id.to_string() + "\n  found at: " + where(k) + "\n";
    if (k.kind == KeyKind::kSecret) {
      body += k.revoked ? "  Keyward revoked it at once: it no longer works anywhere. Create a new "
                          "key and put it wherever this one was used, and remove the exposed "
                          "copy.\n"
                        : "  It could not be revoked (it was deleted meanwhile).\n";
    } else {
      body +=
          "  Public keys are meant to be published and can only identify your "
          "organization, so it was not revoked. Roll it if you would rather it were not out "
          "there.\n";
    }
  }
  body += "\nEach report is in your organization's audit log as key.leaked.\n";
  return body;
}

}  // namespace

std::string_view to_string(LeakLabel label) {
  return label == LeakLabel::kTruePositive ? "true_positive" : "false_positive";
}

Result<std::vector<LeakLabel>> LeakReports::handle(const std::vector<LeakSighting>& sightings,
                                                   const std::string& client_ip) {
  std::vector<LeakLabel> labels;
  labels.reserve(sightings.size());
  // Tokens already answered in this report (in memory for this call only).
  std::unordered_map<std::string_view, LeakLabel> answered;
  // What to tell each organization once the whole report is done.
  std::map<Uuid, std::vector<LeakedKey>> by_org;
  for (const auto& sighting : sightings) {
    if (const auto it = answered.find(sighting.token); it != answered.end()) {
      labels.push_back(it->second);
      continue;
    }
    LeakLabel label = LeakLabel::kFalsePositive;
    // A malformed token or a bad checksum never reaches the index.
    if (parse_key_token(sighting.token)) {
      const auto indexed =
          ctx_.index.find_key(ctx_.protector.lookup_hash(sighting.token), ctx_.clock.now());
      if (indexed) {
        auto key = ctx_.store.get_key(indexed->key_id);
        if (!key && key.error().code != Errc::kNotFound) {
          return fail(Errc::kUnavailable, "the store could not be read: " + key.error().message);
        }
        if (key && !key->revoked_at) {
          auto leaked = record_and_revoke(*key, sighting, client_ip);
          if (!leaked) return fail(leaked.error());
          by_org[leaked->org_id].push_back(std::move(*leaked));
          label = LeakLabel::kTruePositive;
        }
      }
    }
    answered.emplace(sighting.token, label);
    labels.push_back(label);
  }
  for (const auto& [org_id, found] : by_org) email_administrators(org_id, found, client_ip);
  return labels;
}

Result<LeakedKey> LeakReports::record_and_revoke(const NamedKey& key, const LeakSighting& sighting,
                                                 const std::string& client_ip) {
  LeakedKey leaked{key.id,
                   key.org_id,
                   key.kind,
                   key.name,
                   key.hint,
                   false,
                   cleaned(sighting.url, kMaxLeakUrlLength),
                   cleaned(sighting.source, kMaxLeakSourceLength)};
  const Actor actor = scanner(client_ip);
  // The record goes first: a report whose revocation then fails is answered 503 and sent again,
  // which records it again and revokes; the other order could revoke and never say where the key
  // was found.
  store::WriteBatch record;
  record.audit.push_back(audit_event(
      actor, ctx_.clock, key.org_id, "key.leaked", "key:" + key.id.to_string(),
      AuditOutcome::kSuccess,
      describe(leaked) + " found at " + where(leaked) +
          (key.kind == KeyKind::kSecret ? "; revoked" : "; public keys are not revoked")));
  // The key.leaked event goes out with the record: a webhook receiver hears of the leak exactly
  // when the audit log has it.
  raise_key_event(
      record, ctx_, WebhookEventType::kKeyLeaked, key,
      {{"url", leaked.url}, {"source", leaked.source}, {"revoked", key.kind == KeyKind::kSecret}});
  if (auto s = ctx_.commit(record); !s) {
    return fail(Errc::kUnavailable, "the audit log could not be written: " + s.error().message);
  }
  if (key.kind == KeyKind::kSecret) {
    auto revoked = keys_.revoke(actor, key.org_id, key.id);
    if (!revoked && revoked.error().code != Errc::kNotFound) {
      return fail(Errc::kUnavailable, "the key could not be revoked: " + revoked.error().message);
    }
    leaked.revoked = revoked.has_value();
  }
  return leaked;
}

void LeakReports::email_administrators(const Uuid& org_id, const std::vector<LeakedKey>& found,
                                       const std::string& client_ip) {
  auto org = ctx_.store.get_organization(org_id);
  auto users = ctx_.store.list_users();
  if (!org || !users) return;  // the records are written; the next report tries again
  const std::string subject = found.size() == 1
                                  ? "Keyward: a key of " + org->name + " was found exposed"
                                  : "Keyward: " + std::to_string(found.size()) + " keys of " +
                                        org->name + " were found exposed";
  const std::string body = mail_body(org->name, found);
  for (const auto& user : *users) {
    if (user.role_in(org_id) != Role::kAdmin) continue;
    const auto sent = mailer_.send(EmailMessage{mail_from_, user.username, subject, body});
    if (sent) continue;
    store::WriteBatch failure;
    failure.audit.push_back(audit_event(
        scanner(client_ip), ctx_.clock, org_id, "key.leaked.email", "user:" + user.id.to_string(),
        AuditOutcome::kFailure, "not delivered to " + user.username + ": " + sent.error().message));
    (void)ctx_.commit(failure);
  }
}

}  // namespace keyward::service

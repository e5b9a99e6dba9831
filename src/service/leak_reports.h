// Reports of leaked keys from a secret scanner (GitHub's secret scanning partner program, or any
// scanner that speaks its format): tokens it found exposed in public, each with where it was
// found. The report's signature is checked before it gets here (api/v1/leaked_keys.cc); this is
// what Keyward does with a report it trusts.
//
// Each reported token is checked for prefix and checksum (core/key_token.h), then looked up by its
// lookup hash in this node's index and read from the store:
//   - a secret key that is not deleted (active, rolling, disabled or expired: a disabled key could
//     be enabled again) is revoked at once through KeyService::revoke, by the actor
//     "secret scanning";
//   - a public key is only reported: it is public by design and can do almost nothing;
//   - both are "true positive", recorded as a key.leaked audit record (the key, the url and the
//     source; never the token), told to the organization's administrators by email (one message
//     per organization per report, naming each key, where it was found and what was done), and
//     raised as the key.leaked webhook event (the key's fields, url, source, revoked), in the
//     same batch as the record;
//   - anything else (not a Keyward token, a bad checksum, no such key, a key already deleted) is
//     "false positive": Keyward holds no working credential for it, and a deleted key's lookup
//     hash is no longer held anywhere a report could be answered from.
// A token reported twice in one report is handled once and answered alike both times.
//
// Threading: handle() waits for the store and the mail server: call it from a worker, never an I/O
// thread. Any number may run at once.
#pragma once

#include <string>
#include <vector>

#include "core/key_kind.h"
#include "core/uuid.h"
#include "service/key_service.h"
#include "service/mailer.h"
#include "service/service_context.h"

namespace keyward::service {

// At most this many characters of a reported url, and of its source, are recorded and mailed.
inline constexpr size_t kMaxLeakUrlLength = 2048;
inline constexpr size_t kMaxLeakSourceLength = 64;

// One token a scanner found, as its report names it.
struct LeakSighting {
  std::string token;
  std::string type;    // the scanner's name for the token's format
  std::string url;     // where it was found
  std::string source;  // what kind of place ("content", "commit", "npm", ...); may be empty
};

enum class LeakLabel : std::uint8_t { kTruePositive, kFalsePositive };

std::string_view to_string(LeakLabel label);  // "true_positive", "false_positive"

// A key of Keyward's that a report found: what the audit record, the email and the key.leaked
// event say about it.
struct LeakedKey {
  Uuid key_id;
  Uuid org_id;
  KeyKind kind = KeyKind::kSecret;
  std::string name;
  std::string hint;  // "kw_sk_...x7Qa": the prefix and the checksum's end, never the secret part
  bool revoked = false;
  std::string url;     // cleaned: printable, at most kMaxLeakUrlLength
  std::string source;  // cleaned: printable, at most kMaxLeakSourceLength
};

class LeakReports {
 public:
  // `keys` and `mailer` must outlive this. `mail_from` is the From of the notifications.
  LeakReports(ServiceContext ctx, KeyService& keys, Mailer& mailer, std::string mail_from)
      : ctx_(ctx), keys_(keys), mailer_(mailer), mail_from_(std::move(mail_from)) {}

  // One label per sighting, in order. `client_ip` is the scanner's address, as the audit log
  // should record it. kUnavailable when the store could not record or revoke: what was done
  // before stands, and a scanner that sends the report again gets the rest done (a key revoked
  // already then answers "false positive").
  Result<std::vector<LeakLabel>> handle(const std::vector<LeakSighting>& sightings,
                                        const std::string& client_ip);

 private:
  // Writes the key.leaked record and event (one batch), then revokes a secret key. kUnavailable
  // when the store failed.
  Result<LeakedKey> record_and_revoke(const NamedKey& key, const LeakSighting& sighting,
                                      const std::string& client_ip);
  // One message to each administrator of the organization about every key of it in `found`.
  // A failed delivery is recorded in the audit log (key.leaked.email) and changes nothing else.
  void email_administrators(const Uuid& org_id, const std::vector<LeakedKey>& found,
                            const std::string& client_ip);

  ServiceContext ctx_;
  KeyService& keys_;
  Mailer& mailer_;
  std::string mail_from_;
};

}  // namespace keyward::service

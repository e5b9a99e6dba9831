// Checks the credentials a request presents, against the in-memory index only.
//
// Accepted forms:
//   Authorization: Bearer <named key token>
//   Authorization: [Basic ]base64(username:service_key)  with  API-Key: <organization API key>
//     - a user's username and service key, the user being a member of the API key's
//       organization (or a system administrator), the user not locked out;
//     - or the organization's agent username and agent service key.
//   Authorization: [Basic ]base64(agent_username:agent_service_key) alone, for an organization
//     that has turned its API-key layer off (the layer is on by default; users need the API key
//     whether it is on or off).
//
// Every failure is the same empty principal: callers answer one generic 401 and never say which
// part was wrong. The AuthFailure beside it is for the audit log: it names a rotated credential
// still in use, a locked account or a missing API key, so an administrator can tell a broken
// agent from an attack. Both credential hashes are computed, and every index lookup made,
// whatever happens first, and all comparisons of secrets are of HMAC outputs, so timing does not
// reveal which part matched either (bench/failure_bench.cc measures it).
//
// Threading: thread-safe. Allocates nothing, but for the client's network string when a user's
// credentials are checked while some network is locked out, and when usage counting's table for
// this thread grows (service/usage_counters.h), which stops once it holds a flush period's keys.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/clock.h"
#include "crypto/credential_protector.h"
#include "service/credential_index.h"
#include "service/network_locks.h"
#include "service/principal.h"
#include "service/usage_counters.h"

namespace keyward::service {

struct PresentedCredentials {
  std::string_view authorization = {};   // the Authorization header, as sent
  std::string_view api_key = {};         // the API-Key header, as sent (may be empty)
  std::string_view session_cookie = {};  // the console's session cookie, when no Authorization
  std::string_view client_ip = {};       // for locks that hold for one network (network_locks.h),
                                         // and a named key's allowed networks
  // Scopes a named key must hold besides those of the route (/api/v1/auth?scope=...).
  std::span<const std::string_view> scopes = {};
};

// Why an authentication failed, for the audit log only: the client always gets the same 401.
struct AuthFailure {
  std::string_view reason;     // "rotated agent key", "locked account", "unknown credentials", ...
  std::optional<Uuid> org_id;  // the organization the attempt concerned, when it names one
};

struct AuthResult {
  AuthResult(std::optional<Principal> p, AuthFailure f, Admission refused = {})
      : principal(std::move(p)), failure(f), refused_by_controls(refused) {}

  std::optional<Principal> principal;
  AuthFailure failure;  // meaningful when principal is empty
  // A good named key that its own controls refused (live_controls.h): not an authentication
  // failure, and answered as what it is (403, 429), never as a 401.
  Admission refused_by_controls;
};

// What verifying a named key tells the caller.
struct VerifiedKey {
  Uuid key_id;
  Uuid org_id;
  KeyKind kind = KeyKind::kPublic;
  Scopes scopes;
  // When the key stops working: its expiry or the end of its roll grace, whichever is first.
  std::optional<Timestamp> expires_at;
  // What the key's controls said: a key they refused is good, but may not be used for this.
  Admission admission;
};

class Authenticator {
 public:
  // `locks`, when given, are the sign-in failures that lock an account for one network: the
  // account's service key is refused from that network as for a locked account. `usage`, when
  // given, counts how every check of a known named key ends (usage_counters.h), by Bearer or
  // verify_key() alike.
  Authenticator(CredentialIndex& index, const crypto::CredentialProtector& protector,
                const Clock& clock, const NetworkLocks* locks = nullptr,
                UsageCounters* usage = nullptr)
      : index_(index), protector_(protector), clock_(clock), locks_(locks), usage_(usage) {}

  AuthResult authenticate(const PresentedCredentials& credentials) const;

  // Checks a named-key token: well-formed with a good checksum (refused before any lookup if
  // not), present in the index, neither expired, past its grace, nor revoked. Records its use in
  // the index (one atomic store; see service/key_table.h).
  // `demands` are what the caller asks of the key beyond that (live_controls.h).
  std::optional<VerifiedKey> verify_key(std::string_view token,
                                        const KeyDemands& demands = {}) const;

 private:
  AuthResult authenticate_session(std::string_view cookie) const;
  // The indexed key a well-formed token names, usable or not; records the use of a usable one,
  // and counts how the check ended.
  std::optional<IndexedKey> find_key(std::string_view token, const KeyDemands& demands) const;
  // Explains a failed Contrast-style attempt (only ever computed on failure).
  AuthFailure explain(const Digest& api_key_hash, const Digest& secret_hash) const;

  CredentialIndex& index_;  // looked up, and written only to record key use
  const crypto::CredentialProtector& protector_;
  const Clock& clock_;
  const NetworkLocks* locks_;
  UsageCounters* usage_;
};

}  // namespace keyward::service

// Console sign-in with a password: sessions, and the lockout that repeated failures earn.
//
// The password is checked with Argon2id, which costs the same whether or not the username
// exists, and every failure answers the same kUnauthenticated and writes the same one audit
// record. Failures count against the account and the client's network (network_locks.h): the
// max_failed_logins-th within `lockout` locks the account for that network (sign-in and the
// service key on the API), never for its owner elsewhere; 100 in an hour from anywhere lock it
// everywhere for an hour. A successful sign-in resets its network's count.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/session.h"
#include "core/user.h"
#include "service/actor.h"
#include "service/network_locks.h"
#include "service/service_context.h"

namespace keyward::service {

// max_failed_logins and lockout are the NetworkLocks' (node/node.cc builds both from one
// policy); SessionService counts failures into the locks it is given.
struct SignInPolicy {
  int max_failed_logins = 5;
  std::chrono::seconds lockout{15 * 60};
  std::chrono::seconds session_lifetime{12 * 60 * 60};
};

// What the client is given, once.
struct SignedIn {
  Session session;
  User user;
  std::string cookie_token;  // the session cookie's value
  std::string csrf_token;    // to send back in X-CSRF-Token with every change
};

class SessionService {
 public:
  SessionService(ServiceContext ctx, SignInPolicy policy, NetworkLocks& locks)
      : ctx_(ctx), policy_(policy), locks_(locks) {}

  // `client_ip` is the raw address; failures record it masked when the policy says so.
  //
  // `new_password`, when given, replaces the password in the same batch that opens the session.
  // A user whose password is one-time (User::password_change_required) must give one: without
  // it the answer is kPermissionDenied, and nothing is recorded against the account, since the
  // password was right. A new password that breaks check_new_password, or equals the current
  // one, is kInvalidArgument; both are said only to someone who gave the right password.
  Result<SignedIn> sign_in(std::string_view username, std::string_view password,
                           std::string_view client_ip,
                           std::optional<std::string_view> new_password = std::nullopt);
  // Ends the session at once, on every node (through the journal).
  Status sign_out(const Actor& actor, const Uuid& session_id);

  // An administrator unlocked `user`: every node forgets its failures on every network (this one
  // at once, the others at their next sync of shared limits).
  void forget_failures(const Uuid& user) { locks_.clear_user(user, ctx_.clock.now()); }

  const SignInPolicy& policy() const { return policy_; }

 private:
  // Counts a failed password against `user` from `network` (locking at the limits) and records
  // it; `locked`: the attempt met a lock, which it does not extend.
  Status record_failure(const User& user, const std::string& network, const std::string& ip,
                        bool locked);

  ServiceContext ctx_;
  SignInPolicy policy_;
  NetworkLocks& locks_;
};

}  // namespace keyward::service

// The members of an organization, as its administrators manage them: who belongs, with which
// role and whether their account is locked; adding a person, changing a role, unlocking an
// account, removing a member. Every change writes its audit record in the same batch.
//
// A membership is part of its user's aggregate (core/user.h), so each change writes the user at
// its next version; the credential index learns of it on commit, which is why a removed member's
// service key stops working in that organization with the very next request. Changes that could
// leave an organization without an administrator also write the organization at its next
// version, so two administrators demoting each other at once cannot both succeed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/user.h"
#include "service/actor.h"
#include "service/service_context.h"

namespace keyward::service {

// What adding someone gives the administrator who did it, once.
struct AddedMember {
  User user;
  // Set when the username was new and the account was created for them: a password good for one
  // sign-in, at which they choose their own (SessionService::sign_in). Empty when an existing
  // user was added, who signs in as before.
  std::optional<std::string> one_time_password;
};

class MemberService {
 public:
  explicit MemberService(ServiceContext ctx) : ctx_(ctx) {}

  // The organization's members, by username.
  Result<std::vector<User>> list(const Uuid& org_id);

  // Makes `username` a member with `role`. A username nobody has yet becomes a new user with a
  // one-time password. An existing user is added only when `may_add_existing` (a system
  // administrator, who sees every account anyway); anyone else gets kAlreadyExists, so an
  // organization's administrator cannot pull another organization's people into theirs.
  // kAlreadyExists too when they are a member already; kInvalidArgument for a malformed username.
  Result<AddedMember> add(const Actor& actor, const Uuid& org_id, const std::string& username,
                          Role role, bool may_add_existing);

  // kNotFound when the user is not a member; kConflict when the change would leave the
  // organization without an administrator.
  Result<User> set_role(const Actor& actor, const Uuid& org_id, const Uuid& user_id, Role role);
  // Lifts a lock and clears the count of failed sign-ins. kNotFound when not a member. (Locks
  // that failures put on one network live in each node's memory: the caller clears them,
  // SessionService::forget_failures, here at once and on other nodes at their next sync.)
  Result<User> unlock(const Actor& actor, const Uuid& org_id, const Uuid& user_id);
  // Locks the account everywhere until an administrator unlocks it: sign-in and the service key
  // answer as for a locked account. kNotFound when not a member; kPermissionDenied for oneself.
  Result<User> lock(const Actor& actor, const Uuid& org_id, const Uuid& user_id);
  // Ends the membership: from the next request on, the user's service key no longer works with
  // this organization's API key and the organization's routes answer them 404. The account
  // itself stays (it may belong to other organizations). kNotFound, kConflict as set_role.
  Status remove(const Actor& actor, const Uuid& org_id, const Uuid& user_id);

 private:
  // Reads the member, applies `change` to it (which returns the end of the audit detail), and
  // commits the user and the audit record; with the organization too when the change takes away
  // an administrator, after checking that another one remains.
  template <class Change>
  Result<User> change_member(const Actor& actor, const Uuid& org_id, const Uuid& user_id,
                             const std::string& action, Change change);

  ServiceContext ctx_;
};

}  // namespace keyward::service

#include "service/member_service.h"

#include <algorithm>

#include "core/text_rules.h"
#include "service/account_service.h"

namespace keyward::service {
namespace {

Error not_a_member() { return Error{Errc::kNotFound, "no such member of this organization", {}}; }

std::string user_target(const Uuid& user_id) { return "user:" + user_id.to_string(); }

}  // namespace

Result<std::vector<User>> MemberService::list(const Uuid& org_id) {
  if (auto org = ctx_.store.get_organization(org_id); !org) return fail(org.error());
  auto users = ctx_.store.list_users();
  if (!users) return fail(users.error());
  std::vector<User> members;
  for (auto& u : *users) {
    if (u.role_in(org_id)) members.push_back(std::move(u));
  }
  std::ranges::sort(members, {}, [](const User& u) { return ascii_lowercase(u.username); });
  return members;
}

Result<AddedMember> MemberService::add(const Actor& actor, const Uuid& org_id,
                                       const std::string& username, Role role,
                                       bool may_add_existing) {
  if (auto s = check_username(username); !s) return fail(s.error());
  if (auto org = ctx_.store.get_organization(org_id); !org) return fail(org.error());
  const std::string detail = username + " as " + std::string(to_string(role));

  auto existing = ctx_.store.find_user(username);
  if (!existing && existing.error().code != Errc::kNotFound) return fail(existing.error());
  if (!existing) {
    auto made = AccountService(ctx_).make({username, Membership{org_id, role}, false});
    if (!made) return fail(made.error());
    made->user.password_change_required = true;
    store::WriteBatch batch;
    batch.users.push_back(made->user);
    batch.audit.push_back(audit_event(actor, ctx_.clock, org_id, "org.member.add",
                                      user_target(made->user.id), AuditOutcome::kSuccess,
                                      detail + " (new account with a one-time password)"));
    if (auto s = ctx_.commit(batch); !s) return fail(s.error());
    return AddedMember{std::move(made->user), std::move(made->password)};
  }

  if (existing->role_in(org_id)) {
    return fail(Errc::kAlreadyExists, existing->username + " is already a member");
  }
  if (!may_add_existing) {
    return fail(Errc::kAlreadyExists,
                "that username belongs to an existing account; a system administrator can add "
                "it to this organization");
  }
  User added;
  auto done = retry_on_race([&]() -> Status {
    auto user = ctx_.store.get_user(existing->id);
    if (!user) return fail(user.error());
    if (user->role_in(org_id)) {
      return fail(Errc::kAlreadyExists, user->username + " is already a member");
    }
    user->memberships.push_back({org_id, role});
    user->version += 1;
    store::WriteBatch batch;
    batch.users.push_back(*user);
    batch.audit.push_back(audit_event(actor, ctx_.clock, org_id, "org.member.add",
                                      user_target(user->id), AuditOutcome::kSuccess,
                                      detail + " (existing account)"));
    if (auto s = ctx_.commit(batch); !s) return s;
    added = std::move(*user);
    return {};
  });
  if (!done) return fail(done.error());
  return AddedMember{std::move(added), std::nullopt};
}

template <class Change>
Result<User> MemberService::change_member(const Actor& actor, const Uuid& org_id,
                                          const Uuid& user_id, const std::string& action,
                                          Change change) {
  User changed;
  auto done = retry_on_race([&]() -> Status {
    auto user = ctx_.store.get_user(user_id);
    if (!user && user.error().code == Errc::kNotFound) return fail(not_a_member());
    if (!user) return fail(user.error());
    const auto before = user->role_in(org_id);
    if (!before) return fail(not_a_member());
    const std::string detail = user->username + change(*user);
    user->version += 1;

    store::WriteBatch batch;
    if (before == Role::kAdmin && user->role_in(org_id) != Role::kAdmin) {
      auto org = ctx_.store.get_organization(org_id);
      if (!org) return fail(org.error());
      auto users = ctx_.store.list_users();
      if (!users) return fail(users.error());
      const bool another_admin = std::ranges::any_of(*users, [&](const User& u) {
        return u.id != user_id && u.role_in(org_id) == Role::kAdmin;
      });
      if (!another_admin) {
        return fail(Errc::kConflict,
                    user->username +
                        " is the organization's only administrator; make someone else an "
                        "administrator first");
      }
      org->version += 1;  // two such changes at once now conflict instead of both passing
      batch.organizations.push_back(*org);
    }
    batch.users.push_back(*user);
    batch.audit.push_back(audit_event(actor, ctx_.clock, org_id, action, user_target(user_id),
                                      AuditOutcome::kSuccess, detail));
    if (auto s = ctx_.commit(batch); !s) return s;
    changed = std::move(*user);
    return {};
  });
  if (!done) return fail(done.error());
  return changed;
}

Result<User> MemberService::set_role(const Actor& actor, const Uuid& org_id, const Uuid& user_id,
                                     Role role) {
  return change_member(actor, org_id, user_id, "org.member.role", [&](User& u) {
    for (auto& m : u.memberships) {
      if (m.org_id == org_id) m.role = role;
    }
    return " is now " + std::string(to_string(role));
  });
}

Result<User> MemberService::unlock(const Actor& actor, const Uuid& org_id, const Uuid& user_id) {
  const Timestamp now = ctx_.clock.now();
  return change_member(actor, org_id, user_id, "org.member.unlock", [&](User& u) {
    const bool was_locked = u.locked_at(now);
    u.failed_logins = 0;
    u.locked_until.reset();
    return std::string(was_locked ? " unlocked" : " was not locked; failed sign-ins reset");
  });
}

Result<User> MemberService::lock(const Actor& actor, const Uuid& org_id, const Uuid& user_id) {
  if (actor.user_id == user_id) {
    return fail(Errc::kPermissionDenied, "you cannot lock your own account");
  }
  return change_member(actor, org_id, user_id, "org.member.lock", [&](User& u) {
    u.locked_until = kLockedUntilUnlocked;
    return std::string(" locked until an administrator unlocks the account");
  });
}

Status MemberService::remove(const Actor& actor, const Uuid& org_id, const Uuid& user_id) {
  auto removed = change_member(actor, org_id, user_id, "org.member.remove", [&](User& u) {
    std::erase_if(u.memberships, [&](const Membership& m) { return m.org_id == org_id; });
    return std::string(" removed");
  });
  if (!removed) return fail(removed.error());
  return {};
}

}  // namespace keyward::service

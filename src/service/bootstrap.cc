#include "service/bootstrap.h"

namespace keyward::service {

Result<Bootstrapped> bootstrap(const ServiceContext& ctx, const std::string& admin_username,
                               const std::string& org_name) {
  auto users = ctx.store.list_users();
  if (!users) return fail(users.error());
  if (!users->empty()) {
    return fail(Errc::kAlreadyExists, "this store already has users; it was initialized before");
  }
  auto org = OrganizationService(ctx).make(org_name);
  if (!org) return fail(org.error());
  auto admin = AccountService(ctx).make(
      NewUser{admin_username, Membership{org->org.id, Role::kAdmin}, /*system_admin=*/true});
  if (!admin) return fail(admin.error());

  store::WriteBatch batch;
  batch.organizations.push_back(org->org);
  batch.keys.push_back(org->default_public_key.key);
  batch.users.push_back(admin->user);
  batch.audit.push_back(audit_event(Actor::command(), ctx.clock, org->org.id, "system.init",
                                    "user:" + admin->user.id.to_string(), AuditOutcome::kSuccess,
                                    "first system administrator " + admin_username));
  if (auto s = ctx.commit(batch); !s) return fail(s.error());
  return Bootstrapped{std::move(*admin), std::move(*org)};
}

}  // namespace keyward::service

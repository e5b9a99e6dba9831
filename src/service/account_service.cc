#include "service/account_service.h"

#include "core/key_policy.h"
#include "core/text_rules.h"
#include "crypto/password.h"
#include "service/credential_context.h"

namespace keyward::service {
namespace {

// Generated passwords: 20 letters and digits (about 119 bits), at least one of each class so
// they pass any reasonable password rule a user might later be held to.
constexpr KeyPolicy kPasswordShape{20, 1, 1, 1};

}  // namespace

Result<CreatedUser> AccountService::make(const NewUser& spec) {
  if (auto s = check_username(spec.username); !s) return fail(s.error());
  CreatedUser created;
  User& user = created.user;
  user.id = Uuid::random(ctx_.random);
  user.username = spec.username;
  user.system_admin = spec.system_admin;
  if (spec.membership) user.memberships.push_back(*spec.membership);
  user.created_at = ctx_.clock.now();
  created.password = generate_policy_key(kPasswordShape, ctx_.random);
  auto hash = crypto::hash_password(created.password);
  if (!hash) return fail(hash.error());
  user.password_hash = std::move(*hash);
  created.service_key = generate_policy_key(kDefaultKeyPolicy, ctx_.random);
  user.service_key = ctx_.protector.protect(created.service_key, service_key_context(user.id));
  return created;
}

namespace {

std::string target(const Uuid& user_id) { return "user:" + user_id.to_string(); }

}  // namespace

Result<CreatedUser> AccountService::create(const Actor& actor, const NewUser& spec) {
  auto created = make(spec);
  if (!created) return created;
  store::WriteBatch batch;
  batch.users.push_back(created->user);
  const std::optional<Uuid> org =
      spec.membership ? std::optional<Uuid>(spec.membership->org_id) : std::nullopt;
  batch.audit.push_back(audit_event(actor, ctx_.clock, org, "user.create", target(created->user.id),
                                    AuditOutcome::kSuccess, created->user.username));
  if (auto s = ctx_.commit(batch); !s) return fail(s.error());
  return created;
}

Result<User> AccountService::get(const Uuid& user_id) { return ctx_.store.get_user(user_id); }

Result<User> AccountService::find(std::string_view username) {
  return ctx_.store.find_user(username);
}

Result<std::string> AccountService::reset_password(const Actor& actor, const Uuid& user_id) {
  const std::string password = generate_policy_key(kPasswordShape, ctx_.random);
  auto hash = crypto::hash_password(password);
  if (!hash) return fail(hash.error());
  auto done = retry_on_race([&]() -> Status {
    auto user = ctx_.store.get_user(user_id);
    if (!user) return fail(user.error());
    user->password_hash = *hash;
    user->failed_logins = 0;
    user->locked_until.reset();
    user->version += 1;
    store::WriteBatch batch;
    batch.users.push_back(*user);
    batch.audit.push_back(
        audit_event(actor, ctx_.clock, std::nullopt, "user.password.reset", target(user_id)));
    return ctx_.commit(batch);
  });
  if (!done) return fail(done.error());
  return password;
}

Result<std::string> AccountService::rotate_service_key(const Actor& actor, const Uuid& user_id) {
  const std::string key = generate_policy_key(kDefaultKeyPolicy, ctx_.random);
  auto done = retry_on_race([&]() -> Status {
    auto user = ctx_.store.get_user(user_id);
    if (!user) return fail(user.error());
    user->previous_service_key = user->service_key.lookup;
    user->service_key = ctx_.protector.protect(key, service_key_context(user->id));
    user->version += 1;
    store::WriteBatch batch;
    batch.users.push_back(*user);
    batch.audit.push_back(
        audit_event(actor, ctx_.clock, std::nullopt, "user.service_key.rotate", target(user_id)));
    return ctx_.commit(batch);
  });
  if (!done) return fail(done.error());
  return key;
}

Result<std::string> AccountService::reveal_service_key(const Uuid& user_id) {
  auto user = ctx_.store.get_user(user_id);
  if (!user) return fail(user.error());
  return ctx_.protector.reveal(user->service_key, service_key_context(user->id));
}

}  // namespace keyward::service

#include "service/session_service.h"

#include <array>

#include "core/ip_mask.h"
#include "core/text_rules.h"
#include "crypto/base64.h"
#include "crypto/password.h"

namespace keyward::service {
namespace {

// A real Argon2id hash of a random password, so an unknown username costs as much as a known one.
const std::string& decoy_hash() {
  static const std::string hash = crypto::hash_password("keyward decoy password").value_or("");
  return hash;
}

std::string random_token(RandomSource& random) {
  std::array<std::uint8_t, 32> bytes{};
  random.fill(bytes);
  return crypto::base64url_encode(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Error sign_in_failed() {
  return Error{Errc::kUnauthenticated, "the username or password is wrong", {}};
}

}  // namespace

Result<SignedIn> SessionService::sign_in(std::string_view username, std::string_view password,
                                         std::string_view client_ip,
                                         std::optional<std::string_view> new_password) {
  const SystemSettings settings = ctx_.settings.get();
  const std::string failed_ip =
      settings.mask_invalid_ips ? mask_ip(client_ip) : std::string(client_ip);
  const Actor anonymous{"anonymous", std::nullopt, failed_ip};

  auto user = ctx_.store.find_user(username);
  if (!user) {
    if (user.error().code != Errc::kNotFound) return fail(user.error());
    (void)crypto::verify_password(decoy_hash(), password);
    // One audit record, as for a known username's failure. The attempted username is not
    // recorded: people type passwords into the wrong field.
    store::WriteBatch batch;
    batch.audit.push_back(audit_event(anonymous, ctx_.clock, std::nullopt, "session.sign_in",
                                      "user:unknown", AuditOutcome::kFailure, "unknown username"));
    if (auto s = ctx_.commit(batch); !s) return fail(s.error());
    return fail(sign_in_failed());
  }

  const Timestamp now = ctx_.clock.now();
  const std::string network = lockout_network(client_ip);
  const bool password_ok = crypto::verify_password(user->password_hash, password);
  const bool locked = user->locked_at(now) || locks_.locked(user->id, network, now);
  if (locked || !password_ok) {
    if (auto s = record_failure(*user, network, failed_ip, locked); !s) return fail(s.error());
    return fail(sign_in_failed());
  }
  if (user->password_change_required && !new_password) {
    return fail(Errc::kPermissionDenied,
                "this password was given to you for one sign-in: choose a new password to sign in");
  }
  std::optional<std::string> new_hash;
  if (new_password) {
    if (auto s = check_new_password(*new_password); !s) return fail(s.error());
    if (*new_password == password) {
      return fail(Errc::kInvalidArgument, "the new password must differ from the current one");
    }
    auto hash = crypto::hash_password(*new_password);
    if (!hash) return fail(hash.error());
    new_hash = std::move(*hash);
  }

  SignedIn out;
  out.cookie_token = random_token(ctx_.random);
  out.csrf_token = random_token(ctx_.random);
  Session& session = out.session;
  session.id = Uuid::random(ctx_.random);
  session.token_hash = ctx_.protector.lookup_hash(out.cookie_token);
  session.csrf_hash = ctx_.protector.lookup_hash(out.csrf_token);
  session.user_id = user->id;
  session.created_at = now;
  session.expires_at =
      now + std::chrono::duration_cast<std::chrono::milliseconds>(policy_.session_lifetime);
  auto done = retry_on_race([&]() -> Status {
    auto fresh = ctx_.store.get_user(user->id);
    if (!fresh) return fail(fresh.error());
    store::WriteBatch batch;
    const Actor actor{"user:" + fresh->id.to_string() + " " + fresh->username, fresh->id,
                      std::string(client_ip)};
    if (new_hash) {
      fresh->password_hash = *new_hash;
      fresh->password_change_required = false;
      batch.audit.push_back(audit_event(actor, ctx_.clock, std::nullopt, "user.password.change",
                                        "user:" + fresh->id.to_string()));
    }
    if (new_hash || fresh->failed_logins != 0 || fresh->locked_until) {
      fresh->failed_logins = 0;
      fresh->locked_until.reset();
      fresh->version += 1;
      batch.users.push_back(*fresh);
    }
    batch.sessions.push_back(session);
    batch.audit.push_back(audit_event(actor, ctx_.clock, std::nullopt, "session.sign_in",
                                      "user:" + fresh->id.to_string()));
    if (auto s = ctx_.commit(batch); !s) return s;
    out.user = *fresh;
    return {};
  });
  if (!done) return fail(done.error());
  locks_.clear(user->id, network);
  return out;
}

Status SessionService::record_failure(const User& user, const std::string& network,
                                      const std::string& ip, bool locked) {
  const Timestamp now = ctx_.clock.now();
  const Actor anonymous{"anonymous", std::nullopt, ip};
  const std::string target = "user:" + user.id.to_string();
  store::WriteBatch batch;
  if (locked) {
    batch.audit.push_back(audit_event(anonymous, ctx_.clock, std::nullopt, "session.sign_in",
                                      target, AuditOutcome::kDenied, "account locked"));
    return ctx_.commit(batch);
  }
  batch.audit.push_back(audit_event(anonymous, ctx_.clock, std::nullopt, "session.sign_in", target,
                                    AuditOutcome::kFailure, "wrong password"));
  const auto counted = locks_.add_failure(user.id, network, now);
  if (counted == NetworkLocks::Counted::kNetworkLocked) {
    // `ip` is already masked (to a /24 or /48) when the policy says so.
    const std::string where = ctx_.settings.get().mask_invalid_ips ? ip : network;
    batch.audit.push_back(audit_event(
        anonymous, ctx_.clock, std::nullopt, "user.lockout", target, AuditOutcome::kSuccess,
        std::to_string(policy_.max_failed_logins) + " failed sign-ins from " + where +
            "; locked there for " + std::to_string(policy_.lockout.count()) + " s"));
  }
  if (counted != NetworkLocks::Counted::kAccountCapReached) return ctx_.commit(batch);
  // The hourly cap across networks: the whole account locks, in the store, for every node.
  return retry_on_race([&]() -> Status {
    auto fresh = ctx_.store.get_user(user.id);
    if (!fresh) return fail(fresh.error());
    fresh->locked_until = now + std::chrono::hours(1);
    fresh->version += 1;
    store::WriteBatch capped = batch;
    capped.users.push_back(*fresh);
    capped.audit.push_back(audit_event(
        anonymous, ctx_.clock, std::nullopt, "user.lockout", target, AuditOutcome::kSuccess,
        std::to_string(NetworkLocks::kAccountCapPerHour) +
            " failed sign-ins in an hour from any network; locked everywhere for 3600 s"));
    return ctx_.commit(capped);
  });
}

Status SessionService::sign_out(const Actor& actor, const Uuid& session_id) {
  return retry_on_race([&]() -> Status {
    auto session = ctx_.store.get_session(session_id);
    if (!session) return fail(session.error());
    if (session->ended_at) return {};
    session->ended_at = ctx_.clock.now();
    session->version += 1;
    store::WriteBatch batch;
    batch.sessions.push_back(*session);
    batch.audit.push_back(audit_event(actor, ctx_.clock, std::nullopt, "session.sign_out",
                                      "user:" + session->user_id.to_string()));
    return ctx_.commit(batch);
  });
}

}  // namespace keyward::service

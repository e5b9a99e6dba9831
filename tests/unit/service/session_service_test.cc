// Console sign-in: passwords, sessions and the lockout that repeated failures earn, with the
// audit records an administrator reads afterwards. The clock is manual, so lockouts and session
// lifetimes end exactly when they should.
#include "service/session_service.h"

#include <gtest/gtest.h>

#include "service/account_service.h"
#include "service/member_service.h"
#include "service/organization_service.h"
#include "unit/service/audit_records.h"
#include "unit/service/service_fixture.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

class SessionServiceTest : public testing::ServiceTest {
 protected:
  SessionServiceTest() : ServiceTest(kPolicy.max_failed_logins, kPolicy.lockout) {}
  void SetUp() override {
    auto made = OrganizationService(context()).create(actor, "Acme");
    ASSERT_TRUE(made);
    acme = *made;
    auto user = AccountService(context()).create(
        actor, {"ada@example.com", Membership{acme.org.id, Role::kMember}, false});
    ASSERT_TRUE(user);
    ada = *user;
  }

  Result<SignedIn> sign_in(std::string_view password, std::string_view ip = "203.0.113.77") {
    return sessions.sign_in("ada@example.com", password, ip);
  }
  // Wrong passwords from 203.0.113.0/24 until the account locks there (the policy's limit).
  void lock_ada() {
    for (int i = 0; i < kPolicy.max_failed_logins; ++i) ASSERT_FALSE(sign_in("wrong"));
    ASSERT_TRUE(network_locks.locked(ada.user.id, kHome, clock.now()));
  }
  AuthResult with_cookie(const std::string& cookie) {
    return authenticator.authenticate({.session_cookie = cookie});
  }
  AuthResult with_service_key(std::string_view ip = "203.0.113.77") {
    return authenticator.authenticate(
        {basic("ada@example.com", ada.service_key), acme.api_key, {}, ip});
  }
  size_t active_sessions() { return memory.list_active_sessions(clock.now())->size(); }

  static constexpr SignInPolicy kPolicy{3, 10min, 2h};
  static constexpr std::string_view kHome = "203.0.113.0/24";  // where sign_in() comes from
  SessionService sessions{context(), kPolicy, network_locks};
  CreatedOrganization acme;
  CreatedUser ada;
};

TEST_F(SessionServiceTest, TheRightPasswordSignsInAndTheCookieAuthenticates) {
  auto in = sign_in(ada.password);
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->user.id, ada.user.id);
  EXPECT_EQ(in->session.expires_at, clock.now() + 2h);
  EXPECT_NE(in->cookie_token, in->csrf_token);
  const auto p = with_cookie(in->cookie_token).principal;
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->is_user());
  EXPECT_TRUE(p->via_session);
  EXPECT_EQ(p->user_id, ada.user.id);
  EXPECT_EQ(p->org_id, acme.org.id);  // the home organization
  EXPECT_EQ(p->session_id, in->session.id);
  // Only hashes are kept: the store cannot hand out a working cookie or CSRF token.
  const auto stored = memory.get_session(in->session.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->token_hash, protector.lookup_hash(in->cookie_token));
  EXPECT_EQ(stored->csrf_hash, protector.lookup_hash(in->csrf_token));
}

TEST_F(SessionServiceTest, UsernamesMatchInAnyCase) {
  EXPECT_TRUE(sessions.sign_in("ADA@Example.com", ada.password, "203.0.113.77"));
}

TEST_F(SessionServiceTest, AWrongPasswordAndAnUnknownUsernameGetTheSameAnswer) {
  const auto wrong_password = sign_in(ada.password + "x");
  const auto unknown_user = sessions.sign_in("nobody@example.com", ada.password, "203.0.113.77");
  ASSERT_FALSE(wrong_password);
  ASSERT_FALSE(unknown_user);
  // Nothing in the answer tells an attacker which usernames exist.
  EXPECT_EQ(wrong_password.error().code, Errc::kUnauthenticated);
  EXPECT_EQ(unknown_user.error().code, Errc::kUnauthenticated);
  EXPECT_EQ(wrong_password.error().message, unknown_user.error().message);
  EXPECT_EQ(wrong_password.error().details, unknown_user.error().details);
  EXPECT_EQ(active_sessions(), 0u);
  EXPECT_FALSE(sign_in(""));
}

TEST_F(SessionServiceTest, TheAccountLocksForTheFailingNetworkAtTheLimit) {
  ASSERT_FALSE(sign_in("wrong"));
  ASSERT_FALSE(sign_in("wrong", "203.0.113.200"));  // the same /24
  EXPECT_FALSE(network_locks.locked(ada.user.id, kHome, clock.now()));
  EXPECT_TRUE(testing::audit_records(memory, "user.lockout").empty());

  ASSERT_FALSE(sign_in("wrong"));
  EXPECT_TRUE(network_locks.locked(ada.user.id, kHome, clock.now()));
  const auto lockouts = testing::audit_records(memory, "user.lockout");
  ASSERT_EQ(lockouts.size(), 1u);
  EXPECT_EQ(lockouts[0].target, "user:" + ada.user.id.to_string());
  EXPECT_EQ(lockouts[0].detail, "3 failed sign-ins from 203.0.113.0/24; locked there for 600 s");
  // The owner, elsewhere, is not locked out: the account itself carries no lock.
  EXPECT_FALSE(sign_in(ada.password));
  EXPECT_TRUE(sign_in(ada.password, "198.51.100.4"));
  EXPECT_FALSE(memory.get_user(ada.user.id)->locked_until);
}

TEST_F(SessionServiceTest, IPv6FailuresCountPerSlash64) {
  for (const char* ip : {"2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::3"}) {
    ASSERT_FALSE(sign_in("wrong", ip));
  }
  EXPECT_FALSE(sign_in(ada.password, "2001:db8:1:2::99"));
  EXPECT_TRUE(sign_in(ada.password, "2001:db8:1:3::1"));
}

TEST_F(SessionServiceTest, ALockedNetworkRefusesEvenTheRightPasswordAndTheLockIsNotExtended) {
  lock_ada();
  clock.advance(5min);
  const auto refused = sign_in(ada.password);
  ASSERT_FALSE(refused);
  // The same answer as a wrong password: a locked account is not announced either.
  EXPECT_EQ(refused.error().code, Errc::kUnauthenticated);
  EXPECT_EQ(refused.error().message, sign_in("wrong").error().message);
  EXPECT_EQ(active_sessions(), 0u);
  const auto attempts = testing::audit_records(memory, "session.sign_in");
  ASSERT_FALSE(attempts.empty());
  EXPECT_EQ(attempts.back().outcome, AuditOutcome::kDenied);
  EXPECT_EQ(attempts.back().detail, "account locked");
  EXPECT_EQ(testing::audit_records(memory, "user.lockout").size(), 1u);
  // Anyone can type a wrong password; that must not keep a user locked out for ever.
  clock.advance(5min);
  EXPECT_TRUE(sign_in(ada.password));
}

TEST_F(SessionServiceTest, TheLockEndsAfterTheLockoutPeriod) {
  lock_ada();
  clock.advance(10min - 1ms);
  EXPECT_FALSE(sign_in(ada.password));
  clock.advance(1ms);
  auto in = sign_in(ada.password);
  ASSERT_TRUE(in) << in.error().message;
}

TEST_F(SessionServiceTest, AnExpiredLockStartsAFreshCount) {
  lock_ada();
  clock.advance(10min);
  ASSERT_FALSE(sign_in("wrong"));
  // One failure after the lock ran out is one failure, not the limit plus one.
  EXPECT_FALSE(network_locks.locked(ada.user.id, kHome, clock.now()));
  EXPECT_TRUE(sign_in(ada.password));
}

TEST_F(SessionServiceTest, ASuccessfulSignInResetsItsNetworksCount) {
  ASSERT_FALSE(sign_in("wrong"));
  ASSERT_FALSE(sign_in("wrong"));
  ASSERT_TRUE(sign_in(ada.password));
  ASSERT_FALSE(sign_in("wrong"));
  ASSERT_FALSE(sign_in("wrong"));
  EXPECT_TRUE(sign_in(ada.password));  // 2 in a row, not 4
}

TEST_F(SessionServiceTest, ALockedNetworkIsRefusedTheServiceKeyThereOnly) {
  auto in = sign_in(ada.password);
  ASSERT_TRUE(in);
  ASSERT_TRUE(with_service_key().principal);
  lock_ada();
  const AuthResult api = with_service_key();
  EXPECT_FALSE(api.principal);
  EXPECT_EQ(api.failure.reason, "locked account");
  EXPECT_EQ(api.failure.org_id, acme.org.id);
  EXPECT_TRUE(with_service_key("198.51.100.4").principal);
  clock.advance(10min);
  EXPECT_TRUE(with_service_key().principal);
}

TEST_F(SessionServiceTest, AHundredFailuresAnHourFromAnywhereLockTheAccountEverywhere) {
  // One failure from each of a hundred networks: none reaches its own limit.
  for (int i = 0; i < NetworkLocks::kAccountCapPerHour; ++i) {
    ASSERT_FALSE(sign_in("wrong", "10." + std::to_string(i) + ".0.1"));
  }
  const User capped = *memory.get_user(ada.user.id);
  ASSERT_TRUE(capped.locked_until);
  EXPECT_EQ(*capped.locked_until, clock.now() + 1h);
  EXPECT_FALSE(sign_in(ada.password, "198.51.100.4"));
  EXPECT_FALSE(with_service_key("198.51.100.4").principal);
  const auto lockouts = testing::audit_records(memory, "user.lockout");
  ASSERT_EQ(lockouts.size(), 1u);
  EXPECT_NE(lockouts[0].detail.find("100 failed sign-ins in an hour"), std::string::npos);
  clock.advance(1h);
  EXPECT_TRUE(sign_in(ada.password, "198.51.100.4"));
}

TEST_F(SessionServiceTest, AnAdministratorsLockHoldsUntilUnlockedAndAnUnlockClearsNetworkLocks) {
  lock_ada();
  MemberService members(context());
  ASSERT_TRUE(members.lock(actor, acme.org.id, ada.user.id));
  clock.advance(24h * 30);
  EXPECT_FALSE(sign_in(ada.password, "198.51.100.4"));
  EXPECT_FALSE(with_service_key("198.51.100.4").principal);
  ASSERT_TRUE(members.unlock(actor, acme.org.id, ada.user.id));
  lock_ada();
  sessions.forget_failures(ada.user.id);  // what the unlock route does on this node
  EXPECT_TRUE(sign_in(ada.password));
}

TEST_F(SessionServiceTest, AnUnknownUsernameCostsTheSameWritesAsAWrongPassword) {
  const auto writes = [&](auto attempt) {
    const auto audit_before = testing::audit_records(memory).size();
    const auto version_before = memory.get_user(ada.user.id)->version;
    attempt();
    return std::pair{testing::audit_records(memory).size() - audit_before,
                     memory.get_user(ada.user.id)->version - version_before};
  };
  const auto known = writes([&] { (void)sign_in("wrong"); });
  const auto unknown =
      writes([&] { (void)sessions.sign_in("nobody@x.example", "w", "203.0.113.5"); });
  EXPECT_EQ(known, unknown);
  EXPECT_EQ(known.first, 1u);
  EXPECT_EQ(known.second, 0);
}

TEST_F(SessionServiceTest, ASessionEndsAfterItsLifetime) {
  auto in = sign_in(ada.password);
  ASSERT_TRUE(in);
  clock.advance(2h - 1ms);
  EXPECT_TRUE(with_cookie(in->cookie_token).principal);
  clock.advance(1ms);
  const AuthResult expired = with_cookie(in->cookie_token);
  EXPECT_FALSE(expired.principal);
  EXPECT_EQ(expired.failure.reason, "unknown or ended session");
}

TEST_F(SessionServiceTest, SigningOutEndsThatSessionOnly) {
  auto first = sign_in(ada.password);
  auto second = sign_in(ada.password);
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  const Actor ada_actor{"user:" + ada.user.id.to_string(), ada.user.id, "203.0.113.77"};
  ASSERT_TRUE(sessions.sign_out(ada_actor, first->session.id));
  EXPECT_FALSE(with_cookie(first->cookie_token).principal);
  EXPECT_TRUE(with_cookie(second->cookie_token).principal);
  EXPECT_TRUE(memory.get_session(first->session.id)->ended_at);

  const auto records = testing::audit_records(memory, "session.sign_out");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].actor, ada_actor.label);
  EXPECT_EQ(records[0].target, "user:" + ada.user.id.to_string());
  EXPECT_EQ(records[0].outcome, AuditOutcome::kSuccess);
  // Signing out twice is harmless and records nothing more.
  EXPECT_TRUE(sessions.sign_out(ada_actor, first->session.id));
  EXPECT_EQ(testing::audit_records(memory, "session.sign_out").size(), 1u);
}

TEST_F(SessionServiceTest, SigningOutAnUnknownSessionIsNotFound) {
  testing::SeededRandom elsewhere(3);
  const auto s = sessions.sign_out(actor, Uuid::random(elsewhere));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kNotFound);
}

TEST_F(SessionServiceTest, EverySignInAttemptIsAuditedWithoutTheAttemptedUsername) {
  ASSERT_TRUE(sign_in(ada.password, "203.0.113.77"));
  ASSERT_FALSE(sign_in("wrong", "198.51.100.4"));
  ASSERT_FALSE(sessions.sign_in("typed-a-password-here", "x", "198.51.100.5"));
  const auto records = testing::audit_records(memory, "session.sign_in");
  ASSERT_EQ(records.size(), 3u);
  const std::string target = "user:" + ada.user.id.to_string();

  EXPECT_EQ(records[0].outcome, AuditOutcome::kSuccess);
  EXPECT_EQ(records[0].actor, target + " ada@example.com");
  EXPECT_EQ(records[0].target, target);
  EXPECT_EQ(records[0].client_ip, "203.0.113.77");

  EXPECT_EQ(records[1].outcome, AuditOutcome::kFailure);
  EXPECT_EQ(records[1].actor, "anonymous");
  EXPECT_EQ(records[1].target, target);
  EXPECT_EQ(records[1].detail, "wrong password");
  EXPECT_EQ(records[1].client_ip, "198.51.100.4");

  // People type passwords into the username field: an unknown username is not written down.
  EXPECT_EQ(records[2].outcome, AuditOutcome::kFailure);
  EXPECT_EQ(records[2].target, "user:unknown");
  EXPECT_EQ(records[2].detail, "unknown username");
  for (const auto& r : records) {
    EXPECT_EQ(r.actor.find("typed-a-password-here"), std::string::npos);
    EXPECT_EQ(r.target.find("typed-a-password-here"), std::string::npos);
    EXPECT_EQ(r.detail.find("typed-a-password-here"), std::string::npos);
  }
}

TEST_F(SessionServiceTest, FailedSignInsRecordOnlyTheNetworkWhenMaskingIsOn) {
  SystemSettings masking;
  masking.mask_invalid_ips = true;
  masking.version = 1;
  settings.put(masking);
  ASSERT_FALSE(sign_in("wrong", "203.0.113.77"));
  ASSERT_FALSE(sessions.sign_in("nobody@example.com", "x", "2001:db8:85a3:8d3::1"));
  ASSERT_TRUE(sign_in(ada.password, "203.0.113.77"));
  const auto records = testing::audit_records(memory, "session.sign_in");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].client_ip, "203.0.113.0/24");
  EXPECT_EQ(records[1].client_ip, "2001:db8:85a3::/48");
  EXPECT_EQ(records[2].client_ip, "203.0.113.77");  // the policy is about invalid attempts
}

TEST_F(SessionServiceTest, AStorageFailureSignsNobodyIn) {
  store.fail_next_writes(1);
  const auto in = sign_in(ada.password);
  ASSERT_FALSE(in);
  EXPECT_EQ(in.error().code, Errc::kUnavailable);
  EXPECT_EQ(active_sessions(), 0u);
  EXPECT_TRUE(testing::audit_records(memory, "session.sign_in").empty());
}

TEST_F(SessionServiceTest, AFailureThatCannotBeCountedIsStillRefused) {
  store.fail_next_writes(1);
  const auto in = sign_in("wrong");
  ASSERT_FALSE(in);
  EXPECT_NE(in.error().code, Errc::kUnauthenticated);  // the caller learns storage is failing
  EXPECT_EQ(active_sessions(), 0u);
}

}  // namespace
}  // namespace keyward::service

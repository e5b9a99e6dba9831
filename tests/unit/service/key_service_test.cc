#include "service/key_service.h"

#include <gtest/gtest.h>

#include "core/key_token.h"
#include "unit/service/audit_records.h"
#include "unit/service/service_fixture.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

class KeyServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override { org_id = new_organization("Acme"); }
  IssuedKey create(KeyKind kind = KeyKind::kSecret, std::optional<Timestamp> expires = {}) {
    auto issued = keys.create(actor, org_id, {"ci", kind, expires, {}});
    EXPECT_TRUE(issued) << issued.error().message;
    return *issued;
  }
  bool verifies(const std::string& token) { return authenticator.verify_key(token).has_value(); }

  KeyService keys{context()};
  Uuid org_id;
};

TEST_F(KeyServiceTest, ASecretKeyIsStoredOnlyAsItsHash) {
  const IssuedKey issued = create();
  EXPECT_EQ(parse_key_token(issued.token), KeyKind::kSecret);
  const auto stored = memory.get_key(issued.key.id);
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored->public_token.empty());
  EXPECT_EQ(stored->token_hash, protector.lookup_hash(issued.token));
  EXPECT_EQ(stored->hint, key_token_hint(issued.token));
  EXPECT_TRUE(verifies(issued.token));
}

TEST_F(KeyServiceTest, APublicKeyKeepsItsTokenAndOnlyReads) {
  const IssuedKey issued = create(KeyKind::kPublic);
  EXPECT_EQ(memory.get_key(issued.key.id)->public_token, issued.token);
  const auto verified = authenticator.verify_key(issued.token);
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->scopes.can_read());
  EXPECT_FALSE(verified->scopes.can_write());
  auto writer = keys.create(actor, org_id, {"w", KeyKind::kPublic, {}, Scopes{Scopes::kWrite}});
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, Errc::kInvalidArgument);
}

TEST_F(KeyServiceTest, CreationValidatesNameAndExpiry) {
  EXPECT_EQ(keys.create(actor, org_id, {"", KeyKind::kSecret, {}, {}}).error().code,
            Errc::kInvalidArgument);
  EXPECT_EQ(keys.create(actor, org_id, {"ci", KeyKind::kSecret, clock.now(), {}}).error().code,
            Errc::kInvalidArgument);
  EXPECT_EQ(keys.create(actor, org_id, {"ci", KeyKind::kSecret, {}, Scopes{0}}).error().code,
            Errc::kInvalidArgument);
  EXPECT_EQ(keys.list(org_id)->size(), 1u);  // only the organization's default key
}

TEST_F(KeyServiceTest, AKeyStopsVerifyingAtItsExpiry) {
  const IssuedKey issued = create(KeyKind::kSecret, clock.now() + 1h);
  clock.advance(59min);
  EXPECT_TRUE(verifies(issued.token));
  clock.advance(1min);
  EXPECT_FALSE(verifies(issued.token));
  EXPECT_EQ(keys.get(org_id, issued.key.id)->status_at(clock.now()), KeyStatus::kExpired);
}

TEST_F(KeyServiceTest, RollingKeepsTheOldTokenForTheGracePeriod) {
  const IssuedKey old = create();
  auto rolled = keys.roll(actor, org_id, old.key.id, kDefaultRollGrace, {});
  ASSERT_TRUE(rolled) << rolled.error().message;
  EXPECT_EQ(rolled->key.name, old.key.name);
  EXPECT_EQ(rolled->key.kind, old.key.kind);
  EXPECT_EQ(rolled->key.scopes, old.key.scopes);
  EXPECT_EQ(rolled->key.rolled_from, old.key.id);
  EXPECT_NE(rolled->token, old.token);
  EXPECT_TRUE(verifies(old.token));
  EXPECT_TRUE(verifies(rolled->token));
  EXPECT_EQ(authenticator.verify_key(old.token)->expires_at, clock.now() + 12h);
  clock.advance(12h - 1ms);
  EXPECT_TRUE(verifies(old.token));
  clock.advance(1ms);
  EXPECT_FALSE(verifies(old.token));
  EXPECT_TRUE(verifies(rolled->token));
}

TEST_F(KeyServiceTest, AZeroGraceRollEndsTheOldTokenAtOnce) {
  const IssuedKey old = create();
  ASSERT_TRUE(keys.roll(actor, org_id, old.key.id, 0s, {}));
  EXPECT_FALSE(verifies(old.token));
}

TEST_F(KeyServiceTest, AKeyIsRolledOnlyOnce) {
  const IssuedKey old = create();
  ASSERT_TRUE(keys.roll(actor, org_id, old.key.id, 1h, {}));
  const auto again = keys.roll(actor, org_id, old.key.id, 1h, {});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::kConflict);
}

TEST_F(KeyServiceTest, GraceOutsideItsBoundsIsRefused) {
  const IssuedKey old = create();
  EXPECT_EQ(keys.roll(actor, org_id, old.key.id, -1s, {}).error().code, Errc::kInvalidArgument);
  EXPECT_EQ(keys.roll(actor, org_id, old.key.id, kMaxRollGrace + 1s, {}).error().code,
            Errc::kInvalidArgument);
  EXPECT_TRUE(verifies(old.token));
}

TEST_F(KeyServiceTest, RevokingEndsTheTokenImmediately) {
  const IssuedKey issued = create();
  ASSERT_TRUE(keys.revoke(actor, org_id, issued.key.id));
  EXPECT_FALSE(verifies(issued.token));
  EXPECT_EQ(keys.get(org_id, issued.key.id).error().code, Errc::kNotFound);
  EXPECT_EQ(keys.revoke(actor, org_id, issued.key.id).error().code, Errc::kNotFound);
  const auto remaining = keys.list(org_id);
  for (const auto& k : *remaining) EXPECT_NE(k.id, issued.key.id);
}

TEST_F(KeyServiceTest, RevokingARollingKeyEndsItBeforeItsGrace) {
  const IssuedKey old = create();
  ASSERT_TRUE(keys.roll(actor, org_id, old.key.id, 12h, {}));
  ASSERT_TRUE(keys.revoke(actor, org_id, old.key.id));
  EXPECT_FALSE(verifies(old.token));
}

TEST_F(KeyServiceTest, AnotherOrganizationsKeyIsNotFound) {
  const IssuedKey issued = create();
  const Uuid other = new_organization("Other");
  EXPECT_EQ(keys.get(other, issued.key.id).error().code, Errc::kNotFound);
  EXPECT_EQ(keys.revoke(actor, other, issued.key.id).error().code, Errc::kNotFound);
  EXPECT_EQ(keys.roll(actor, other, issued.key.id, 1h, {}).error().code, Errc::kNotFound);
  EXPECT_TRUE(verifies(issued.token));
}

TEST_F(KeyServiceTest, ADisabledKeyFailsAtOnceAndTheSameTokenWorksAgainWhenEnabled) {
  const IssuedKey issued = create();
  const Timestamp at = clock.now();
  auto disabled = keys.set_disabled(actor, org_id, issued.key.id, true);
  ASSERT_TRUE(disabled) << disabled.error().message;
  EXPECT_EQ(disabled->disabled_at, at);
  EXPECT_EQ(disabled->status_at(clock.now()), KeyStatus::kDisabled);
  EXPECT_FALSE(verifies(issued.token));
  const auto refused = authenticator.authenticate({"Bearer " + issued.token, ""});
  EXPECT_FALSE(refused.principal);
  EXPECT_EQ(refused.failure.reason, "disabled key");
  EXPECT_EQ(refused.failure.org_id, org_id);
  EXPECT_EQ(memory.get_key(issued.key.id)->disabled_at, at);
  // Still listed, as disabled.
  bool listed = false;
  const auto all = keys.list(org_id);
  ASSERT_TRUE(all);
  for (const auto& k : *all) {
    if (k.id != issued.key.id) continue;
    listed = true;
    EXPECT_EQ(k.status_at(clock.now()), KeyStatus::kDisabled);
  }
  EXPECT_TRUE(listed);

  clock.advance(1min);
  auto enabled = keys.set_disabled(actor, org_id, issued.key.id, false);
  ASSERT_TRUE(enabled) << enabled.error().message;
  EXPECT_FALSE(enabled->disabled_at);
  EXPECT_EQ(enabled->status_at(clock.now()), KeyStatus::kActive);
  EXPECT_TRUE(verifies(issued.token));
  EXPECT_TRUE(authenticator.authenticate({"Bearer " + issued.token, ""}).principal);

  const auto disables = testing::audit_records(memory, "key.disable");
  const auto enables = testing::audit_records(memory, "key.enable");
  ASSERT_EQ(disables.size(), 1u);
  ASSERT_EQ(enables.size(), 1u);
  EXPECT_EQ(disables[0].target, "key:" + issued.key.id.to_string());
  EXPECT_EQ(disables[0].org_id, org_id);
  EXPECT_EQ(disables[0].outcome, AuditOutcome::kSuccess);
  EXPECT_EQ(disables[0].detail, "secret key \"ci\"");
  EXPECT_EQ(enables[0].target, disables[0].target);
}

TEST_F(KeyServiceTest, AskingForTheStateAKeyIsAlreadyInChangesNothing) {
  const IssuedKey issued = create();
  const Timestamp at = clock.now();
  ASSERT_TRUE(keys.set_disabled(actor, org_id, issued.key.id, true));
  const std::int64_t version = memory.get_key(issued.key.id)->version;
  clock.advance(1h);
  auto again = keys.set_disabled(actor, org_id, issued.key.id, true);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->disabled_at, at);  // disabled since the first time
  EXPECT_EQ(memory.get_key(issued.key.id)->version, version);
  EXPECT_EQ(testing::audit_records(memory, "key.disable").size(), 1u);
  EXPECT_FALSE(verifies(issued.token));

  const IssuedKey other = create();
  auto enabled = keys.set_disabled(actor, org_id, other.key.id, false);
  ASSERT_TRUE(enabled) << enabled.error().message;
  EXPECT_EQ(memory.get_key(other.key.id)->version, 1);
  EXPECT_TRUE(testing::audit_records(memory, "key.enable").empty());
  EXPECT_TRUE(verifies(other.token));
}

TEST_F(KeyServiceTest, ADisabledKeyIsNotRolledUntilEnabled) {
  const IssuedKey issued = create();
  ASSERT_TRUE(keys.set_disabled(actor, org_id, issued.key.id, true));
  const auto refused = keys.roll(actor, org_id, issued.key.id, 1h, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kConflict);
  EXPECT_NE(refused.error().message.find("enable the key before rolling it"), std::string::npos);
  EXPECT_EQ(keys.list(org_id)->size(), 2u);  // no successor
  ASSERT_TRUE(keys.set_disabled(actor, org_id, issued.key.id, false));
  EXPECT_TRUE(keys.roll(actor, org_id, issued.key.id, 1h, {}));
}

TEST_F(KeyServiceTest, DisablingARollingKeyStopsTheOldTokenAndEnablingResumesItsGrace) {
  const IssuedKey old = create();
  auto successor = keys.roll(actor, org_id, old.key.id, 2h, {});
  ASSERT_TRUE(successor);
  ASSERT_TRUE(keys.set_disabled(actor, org_id, old.key.id, true));
  EXPECT_FALSE(verifies(old.token));
  EXPECT_TRUE(verifies(successor->token));  // the successor is a key of its own
  clock.advance(1h);
  ASSERT_TRUE(keys.set_disabled(actor, org_id, old.key.id, false));
  EXPECT_TRUE(verifies(old.token));
  EXPECT_EQ(keys.get(org_id, old.key.id)->status_at(clock.now()), KeyStatus::kRolling);
  clock.advance(1h);
  EXPECT_FALSE(verifies(old.token));  // the grace ended when it always would have
}

TEST_F(KeyServiceTest, AnExpiredKeyStaysExpiredWhenDisabled) {
  const IssuedKey issued = create(KeyKind::kSecret, clock.now() + 1h);
  ASSERT_TRUE(keys.set_disabled(actor, org_id, issued.key.id, true));
  EXPECT_EQ(keys.get(org_id, issued.key.id)->status_at(clock.now()), KeyStatus::kDisabled);
  clock.advance(1h);
  EXPECT_EQ(keys.get(org_id, issued.key.id)->status_at(clock.now()), KeyStatus::kExpired);
  EXPECT_EQ(authenticator.authenticate({"Bearer " + issued.token, ""}).failure.reason,
            "expired key");
}

TEST_F(KeyServiceTest, DeletedAndOtherOrganizationsKeysCannotBeDisabledOrEnabled) {
  const IssuedKey issued = create();
  const Uuid other = new_organization("Other");
  EXPECT_EQ(keys.set_disabled(actor, other, issued.key.id, true).error().code, Errc::kNotFound);
  EXPECT_TRUE(verifies(issued.token));
  ASSERT_TRUE(keys.revoke(actor, org_id, issued.key.id));
  EXPECT_EQ(keys.set_disabled(actor, org_id, issued.key.id, true).error().code, Errc::kNotFound);
  EXPECT_EQ(keys.set_disabled(actor, org_id, issued.key.id, false).error().code, Errc::kNotFound);
  EXPECT_FALSE(verifies(issued.token));
  EXPECT_TRUE(testing::audit_records(memory, "key.disable").empty());
}

TEST_F(KeyServiceTest, AFailedDisableLeavesTheKeyWorking) {
  const IssuedKey issued = create();
  store.fail_next_writes(1);
  const auto failed = keys.set_disabled(actor, org_id, issued.key.id, true);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::kUnavailable);
  EXPECT_TRUE(verifies(issued.token));
  EXPECT_FALSE(memory.get_key(issued.key.id)->disabled_at);
}

TEST_F(KeyServiceTest, AFailedWriteLeavesNoKeyBehind) {
  store.fail_next_writes(1);
  auto issued = keys.create(actor, org_id, {"ci", KeyKind::kSecret, {}, {}});
  ASSERT_FALSE(issued);
  EXPECT_EQ(issued.error().code, Errc::kUnavailable);
  EXPECT_EQ(keys.list(org_id)->size(), 1u);
}

TEST_F(KeyServiceTest, AFailedRevocationLeavesTheKeyWorking) {
  const IssuedKey issued = create();
  store.fail_next_writes(1);
  ASSERT_FALSE(keys.revoke(actor, org_id, issued.key.id));
  EXPECT_TRUE(verifies(issued.token));
}

TEST_F(KeyServiceTest, AFailedRollChangesNothing) {
  const IssuedKey old = create();
  store.fail_next_writes(1);
  ASSERT_FALSE(keys.roll(actor, org_id, old.key.id, 0s, {}));
  EXPECT_TRUE(verifies(old.token));
  EXPECT_FALSE(memory.get_key(old.key.id)->grace_ends_at.has_value());
  EXPECT_EQ(keys.list(org_id)->size(), 2u);
}

TEST_F(KeyServiceTest, VerificationRecordsUse) {
  const IssuedKey issued = create();
  ASSERT_TRUE(verifies(issued.token));
  const Timestamp second = from_epoch_ms(to_epoch_ms(clock.now()) / 1000 * 1000);
  EXPECT_EQ(index.keys().last_used(issued.key.token_hash), second);
  UsageFlusher flusher(store, index.keys());
  ASSERT_EQ(*flusher.flush(), 1u);
  EXPECT_EQ(memory.get_key(issued.key.id)->last_used_at, second);
}

}  // namespace
}  // namespace keyward::service

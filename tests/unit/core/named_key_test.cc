#include "core/named_key.h"

#include <chrono>
#include <optional>

#include <gtest/gtest.h>

namespace keyward {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

constexpr Timestamp kT0 = from_epoch_ms(1'800'000'000'000);
constexpr milliseconds kMs{1};
const std::optional<Timestamp> kNever;

TEST(KeyStatusTest, ToString) {
  EXPECT_EQ(to_string(KeyStatus::kActive), "active");
  EXPECT_EQ(to_string(KeyStatus::kRolling), "rolling");
  EXPECT_EQ(to_string(KeyStatus::kExpired), "expired");
  EXPECT_EQ(to_string(KeyStatus::kRevoked), "revoked");
  EXPECT_EQ(to_string(KeyStatus::kDisabled), "disabled");
}

TEST(KeyStatusTest, RollGraceConstants) {
  EXPECT_EQ(kDefaultRollGrace, hours{12});
  EXPECT_EQ(kMaxRollGrace, hours{30 * 24});
}

TEST(KeyStatusTest, ActiveWithoutDates) {
  EXPECT_EQ(key_status(kNever, kNever, false, false, kT0), KeyStatus::kActive);
}

TEST(KeyStatusTest, ActiveBeforeExpiry) {
  EXPECT_EQ(key_status(kT0 + hours{1}, kNever, false, false, kT0), KeyStatus::kActive);
  EXPECT_EQ(key_status(kT0 + kMs, kNever, false, false, kT0), KeyStatus::kActive);
}

TEST(KeyStatusTest, ExpiredAtAndAfterExpiry) {
  EXPECT_EQ(key_status(kT0, kNever, false, false, kT0), KeyStatus::kExpired);  // now == expires_at
  EXPECT_EQ(key_status(kT0 - kMs, kNever, false, false, kT0), KeyStatus::kExpired);
  EXPECT_EQ(key_status(kT0 - hours{1000}, kNever, false, false, kT0), KeyStatus::kExpired);
}

TEST(KeyStatusTest, RollingUntilGraceEnds) {
  EXPECT_EQ(key_status(kNever, kT0 + hours{12}, false, false, kT0), KeyStatus::kRolling);
  EXPECT_EQ(key_status(kNever, kT0 + kMs, false, false, kT0), KeyStatus::kRolling);
  EXPECT_EQ(key_status(kNever, kT0, false, false, kT0), KeyStatus::kExpired);  // now == grace end
  EXPECT_EQ(key_status(kNever, kT0 - kMs, false, false, kT0), KeyStatus::kExpired);
}

TEST(KeyStatusTest, GraceOfZeroEndsAtOnce) {
  const Timestamp rolled_at = kT0;
  EXPECT_EQ(key_status(kNever, rolled_at, false, false, rolled_at), KeyStatus::kExpired);
}

TEST(KeyStatusTest, ExpiryBeforeGraceEndWins) {
  const Timestamp expires = kT0 + hours{1};
  const Timestamp grace_end = kT0 + hours{12};
  EXPECT_EQ(key_status(expires, grace_end, false, false, kT0), KeyStatus::kRolling);
  EXPECT_EQ(key_status(expires, grace_end, false, false, expires - kMs), KeyStatus::kRolling);
  EXPECT_EQ(key_status(expires, grace_end, false, false, expires), KeyStatus::kExpired);
  EXPECT_EQ(key_status(expires, grace_end, false, false, kT0 + hours{6}), KeyStatus::kExpired);
}

TEST(KeyStatusTest, GraceEndBeforeExpiryWins) {
  const Timestamp grace_end = kT0 + hours{1};
  const Timestamp expires = kT0 + hours{12};
  EXPECT_EQ(key_status(expires, grace_end, false, false, kT0), KeyStatus::kRolling);
  EXPECT_EQ(key_status(expires, grace_end, false, false, grace_end), KeyStatus::kExpired);
  EXPECT_EQ(key_status(expires, grace_end, false, false, kT0 + hours{6}), KeyStatus::kExpired);
}

TEST(KeyStatusTest, RevokedWinsOverEverything) {
  EXPECT_EQ(key_status(kNever, kNever, true, false, kT0), KeyStatus::kRevoked);
  EXPECT_EQ(key_status(kT0 + hours{1}, kNever, true, false, kT0), KeyStatus::kRevoked);
  EXPECT_EQ(key_status(kT0 - hours{1}, kNever, true, false, kT0), KeyStatus::kRevoked);
  EXPECT_EQ(key_status(kNever, kT0 + hours{1}, true, false, kT0), KeyStatus::kRevoked);
  EXPECT_EQ(key_status(kNever, kT0 - hours{1}, true, false, kT0), KeyStatus::kRevoked);
  EXPECT_EQ(key_status(kT0 - hours{1}, kT0 - hours{2}, true, false, kT0), KeyStatus::kRevoked);
}

TEST(KeyStatusTest, KeyUsable) {
  EXPECT_TRUE(key_usable(KeyStatus::kActive));
  EXPECT_TRUE(key_usable(KeyStatus::kRolling));
  EXPECT_FALSE(key_usable(KeyStatus::kExpired));
  EXPECT_FALSE(key_usable(KeyStatus::kRevoked));
  EXPECT_FALSE(key_usable(KeyStatus::kDisabled));
}

TEST(KeyStatusTest, ADisabledKeyIsDisabledWhileItWouldOtherwiseWork) {
  EXPECT_EQ(key_status(kNever, kNever, false, true, kT0), KeyStatus::kDisabled);
  EXPECT_EQ(key_status(kT0 + hours{1}, kNever, false, true, kT0), KeyStatus::kDisabled);
  // Disabled wins over rolling: the old token of a rolled key stops too.
  EXPECT_EQ(key_status(kNever, kT0 + hours{12}, false, true, kT0), KeyStatus::kDisabled);
}

TEST(KeyStatusTest, AnExpiredKeyStaysExpiredWhenDisabled) {
  EXPECT_EQ(key_status(kT0, kNever, false, true, kT0), KeyStatus::kExpired);
  EXPECT_EQ(key_status(kT0 - hours{1}, kNever, false, true, kT0), KeyStatus::kExpired);
  // A rolled key past its grace, and one past its grace and expiry both.
  EXPECT_EQ(key_status(kNever, kT0, false, true, kT0), KeyStatus::kExpired);
  EXPECT_EQ(key_status(kT0 - hours{1}, kT0 - hours{2}, false, true, kT0), KeyStatus::kExpired);
  // Disabled until the moment it expires, expired from then on.
  EXPECT_EQ(key_status(kT0 + kMs, kNever, false, true, kT0), KeyStatus::kDisabled);
  EXPECT_EQ(key_status(kT0 + kMs, kNever, false, true, kT0 + kMs), KeyStatus::kExpired);
}

TEST(KeyStatusTest, RevokedWinsOverDisabled) {
  EXPECT_EQ(key_status(kNever, kNever, true, true, kT0), KeyStatus::kRevoked);
  EXPECT_EQ(key_status(kT0 - hours{1}, kNever, true, true, kT0), KeyStatus::kRevoked);
}

TEST(NamedKeyTest, StatusAtFollowsItsDates) {
  NamedKey key;
  key.created_at = kT0;
  EXPECT_EQ(key.status_at(kT0), KeyStatus::kActive);

  key.expires_at = kT0 + hours{24};
  EXPECT_EQ(key.status_at(kT0 + hours{23}), KeyStatus::kActive);
  EXPECT_EQ(key.status_at(kT0 + hours{24}), KeyStatus::kExpired);

  key.grace_ends_at = kT0 + hours{12};
  EXPECT_EQ(key.status_at(kT0 + hours{11}), KeyStatus::kRolling);
  EXPECT_EQ(key.status_at(kT0 + hours{12}), KeyStatus::kExpired);

  key.disabled_at = kT0 + hours{1};
  EXPECT_EQ(key.status_at(kT0 + hours{11}), KeyStatus::kDisabled);
  EXPECT_EQ(key.status_at(kT0 + hours{12}), KeyStatus::kExpired);
  key.disabled_at.reset();
  EXPECT_EQ(key.status_at(kT0 + hours{11}), KeyStatus::kRolling);

  // Revocation counts from the moment it is recorded, whatever its timestamp says.
  key.revoked_at = kT0 + hours{100};
  EXPECT_EQ(key.status_at(kT0), KeyStatus::kRevoked);
}

TEST(NamedKeyTest, Defaults) {
  const NamedKey key;
  EXPECT_EQ(key.kind, KeyKind::kSecret);
  EXPECT_EQ(key.version, 1);
  EXPECT_EQ(key.token_hash, Digest{});
  EXPECT_FALSE(key.rolled_from.has_value());
  EXPECT_FALSE(key.disabled_at.has_value());
}

}  // namespace
}  // namespace keyward

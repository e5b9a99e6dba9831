#include "core/key_lifecycle.h"

#include <chrono>
#include <vector>

#include <gtest/gtest.h>

namespace keyward {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr Timestamp kMadeAt = from_epoch_ms(1'800'000'000'000);
constexpr std::int64_t kDaySeconds = 86'400;

NamedKey key_made_at(Timestamp at) {
  NamedKey key;
  key.id = *Uuid::parse("2b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44");
  key.org_id = *Uuid::parse("0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44");
  key.name = "ci";
  key.created_at = at;
  return key;
}

// What is due, and the records it would make as given at `now`.
struct Sweep {
  std::vector<KeyReminder> given;

  std::vector<LifecycleNotice> at(const NamedKey& key, Timestamp now,
                                  const LifecycleSettings& settings = {},
                                  std::optional<Timestamp> last_used = std::nullopt) {
    auto due = due_notices(key, last_used, settings, given, now);
    for (const auto& n : due) {
      for (auto& r : n.records(key, now)) given.push_back(r);
    }
    return due;
  }
};

TEST(KeyLifecycleTest, AKeyWithoutExpiryOrUnusedSettingNeverGetsANotice) {
  const auto key = key_made_at(kMadeAt);
  Sweep sweep;
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(3650)).empty());
}

TEST(KeyLifecycleTest, EachReminderThresholdIsDueOnceAsItIsCrossed) {
  auto key = key_made_at(kMadeAt);
  key.expires_at = kMadeAt + days(30);
  Sweep sweep;
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(23) - minutes(1)).empty());
  auto due = sweep.at(key, kMadeAt + days(23));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ReminderKind::kExpiring);
  EXPECT_EQ(due[0].deadline, *key.expires_at);
  EXPECT_EQ(due[0].thresholds_seconds, std::vector<std::int64_t>{7 * kDaySeconds});
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(25)).empty()) << "given once";
  due = sweep.at(key, kMadeAt + days(29) + hours(1));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].thresholds_seconds, std::vector<std::int64_t>{kDaySeconds});
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(30) - minutes(1)).empty());
}

TEST(KeyLifecycleTest, ThresholdsCrossedTogetherMakeOneNoticeThatRecordsEach) {
  auto key = key_made_at(kMadeAt);
  key.expires_at = kMadeAt + hours(12);
  Sweep sweep;
  const auto due = sweep.at(key, kMadeAt);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].thresholds_seconds, (std::vector<std::int64_t>{7 * kDaySeconds, kDaySeconds}));
  EXPECT_EQ(sweep.given.size(), 2u);
  EXPECT_TRUE(sweep.at(key, kMadeAt + hours(11)).empty());
}

TEST(KeyLifecycleTest, TheOrganizationsDaysAreUsedInAnyOrder) {
  auto key = key_made_at(kMadeAt);
  key.expires_at = kMadeAt + days(40);
  Sweep sweep;
  const LifecycleSettings settings{{3, 30}, std::nullopt};
  auto due = sweep.at(key, kMadeAt + days(10), settings);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].thresholds_seconds, std::vector<std::int64_t>{30 * kDaySeconds});
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(36), settings).empty()) << "7 is not among them";
  EXPECT_EQ(sweep.at(key, kMadeAt + days(37), settings).size(), 1u);
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(39), LifecycleSettings{{}, std::nullopt}).empty());
}

TEST(KeyLifecycleTest, ExpiryIsAnnouncedOnceAndNotLongAfterTheFact) {
  auto key = key_made_at(kMadeAt);
  key.expires_at = kMadeAt + days(1);
  Sweep sweep;
  sweep.at(key, kMadeAt);  // the reminders
  auto due = sweep.at(key, kMadeAt + days(1));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ReminderKind::kExpired);
  EXPECT_EQ(due[0].thresholds_seconds, std::vector<std::int64_t>{0});
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(2)).empty());

  Sweep late;
  EXPECT_TRUE(late.at(key, kMadeAt + days(1) + kExpiredLookback + minutes(1)).empty())
      << "a key that ended long before is not announced late";
}

TEST(KeyLifecycleTest, ARolledKeyIsRemindedAnHourBeforeItsGraceEndsNotByDays) {
  auto key = key_made_at(kMadeAt);
  key.expires_at = kMadeAt + days(30);
  key.grace_ends_at = kMadeAt + hours(12);
  Sweep sweep;
  EXPECT_TRUE(sweep.at(key, kMadeAt + hours(11) - minutes(1)).empty());
  auto due = sweep.at(key, kMadeAt + hours(11));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ReminderKind::kGraceEnding);
  EXPECT_EQ(due[0].deadline, *key.grace_ends_at);
  EXPECT_EQ(due[0].thresholds_seconds, std::vector<std::int64_t>{3600});
  EXPECT_TRUE(sweep.at(key, kMadeAt + hours(11) + minutes(30)).empty());
  due = sweep.at(key, kMadeAt + hours(12));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ReminderKind::kExpired);
  EXPECT_EQ(due[0].deadline, *key.grace_ends_at);
}

TEST(KeyLifecycleTest, ANewExpiryGetsFreshReminders) {
  auto key = key_made_at(kMadeAt);
  key.expires_at = kMadeAt + days(5);
  Sweep sweep;
  EXPECT_EQ(sweep.at(key, kMadeAt).size(), 1u);
  key.expires_at = kMadeAt + days(20);
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(1)).empty());
  EXPECT_EQ(sweep.at(key, kMadeAt + days(13)).size(), 1u);
}

TEST(KeyLifecycleTest, DisabledAndRevokedKeysGetNoReminders) {
  auto key = key_made_at(kMadeAt);
  key.expires_at = kMadeAt + days(3);
  key.disabled_at = kMadeAt;
  Sweep sweep;
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(1)).empty());
  key.disabled_at.reset();
  EXPECT_EQ(sweep.at(key, kMadeAt + days(1)).size(), 1u) << "enabled again: what is still due";
  key.revoked_at = kMadeAt + days(2);
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(4)).empty()) << "deleted keys do not expire loudly";
}

TEST(KeyLifecycleTest, UnusedNoticeIsAWeekOrHalfTheDays) {
  EXPECT_EQ(unused_notice(90), days(7));
  EXPECT_EQ(unused_notice(14), days(7));
  EXPECT_EQ(unused_notice(10), days(5));
  EXPECT_EQ(unused_notice(1), hours(12));
}

TEST(KeyLifecycleTest, AnUnusedKeyIsWarnedThenDisabledAtItsDeadline) {
  const auto key = key_made_at(kMadeAt);
  const LifecycleSettings settings{{7, 1}, 30};
  Sweep sweep;
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(23) - minutes(1), settings).empty());
  auto due = sweep.at(key, kMadeAt + days(23), settings);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ReminderKind::kUnusedWarning);
  EXPECT_EQ(due[0].deadline, kMadeAt + days(30));
  EXPECT_EQ(due[0].thresholds_seconds, std::vector<std::int64_t>{7 * kDaySeconds});
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(30) - minutes(1), settings).empty());
  due = sweep.at(key, kMadeAt + days(30), settings);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ReminderKind::kUnusedDisabled);
}

TEST(KeyLifecycleTest, UseMovesTheUnusedDeadline) {
  const auto key = key_made_at(kMadeAt);
  const LifecycleSettings settings{{}, 30};
  Sweep sweep;
  EXPECT_EQ(sweep.at(key, kMadeAt + days(24), settings).size(), 1u);  // warned
  const Timestamp used = kMadeAt + days(25);
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(31), settings, used).empty())
      << "used since the warning";
  auto due = sweep.at(key, used + days(23), settings, used);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ReminderKind::kUnusedWarning);
  EXPECT_EQ(due[0].deadline, used + days(30));
}

TEST(KeyLifecycleTest, TurningTheSettingOnWarnsBeforeDisablingAnyKey) {
  const auto key = key_made_at(kMadeAt);
  const LifecycleSettings settings{{}, 30};
  Sweep sweep;
  const Timestamp on = kMadeAt + days(400);
  auto due = sweep.at(key, on, settings);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ReminderKind::kUnusedWarning);
  EXPECT_TRUE(sweep.at(key, on + days(7) - minutes(1), settings).empty());
  due = sweep.at(key, on + days(7), settings);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ReminderKind::kUnusedDisabled);
}

TEST(KeyLifecycleTest, AKeyEnabledAgainAfterBeingDisabledForDisuseStartsCountingAfresh) {
  auto key = key_made_at(kMadeAt);
  const LifecycleSettings settings{{}, 30};
  Sweep sweep;
  sweep.at(key, kMadeAt + days(23), settings);
  ASSERT_EQ(sweep.at(key, kMadeAt + days(30), settings).size(), 1u);  // disabled
  key.disabled_at = kMadeAt + days(30);
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(31), settings).empty());
  key.disabled_at.reset();  // an administrator enables it again
  EXPECT_TRUE(sweep.at(key, kMadeAt + days(31), settings).empty());
  auto due = sweep.at(key, kMadeAt + days(53), settings);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ReminderKind::kUnusedWarning);
  EXPECT_EQ(due[0].deadline, kMadeAt + days(60));
}

TEST(KeyLifecycleTest, OnlyWorkingKeysAreDisabledForDisuse) {
  auto rolled = key_made_at(kMadeAt);
  rolled.grace_ends_at = kMadeAt + days(100);
  Sweep sweep;
  EXPECT_TRUE(sweep.at(rolled, kMadeAt + days(50), LifecycleSettings{{}, 30}).empty());
  auto disabled = key_made_at(kMadeAt);
  disabled.disabled_at = kMadeAt;
  EXPECT_TRUE(sweep.at(disabled, kMadeAt + days(50), LifecycleSettings{{}, 30}).empty());
}

}  // namespace
}  // namespace keyward

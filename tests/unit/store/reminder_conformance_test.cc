// The key-lifecycle half of store/store.h's contract, against every Store: an organization's
// lifecycle settings and a key's creator round-trip, and a notice is recorded once: a second
// record of it fails the whole batch with kAlreadyExists, which is how two nodes never both give
// it.
#include <algorithm>
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "store/store.h"
#include "unit/store/entities.h"
#include "unit/store/implementations.h"

namespace keyward::store {
namespace {

using testing::EntityFactory;
using testing::Implementation;
using testing::implementation_name;
using testing::implementations;
using testing::StoreHandle;

class ReminderConformance : public ::testing::TestWithParam<Implementation> {
 protected:
  void SetUp() override {
    handle_ = GetParam().open();
    ASSERT_NE(handle_.store, nullptr);
    org = make.organization("Acme");
    other_org = make.organization("Globex");
    WriteBatch b;
    b.organizations = {org, other_org};
    ASSERT_TRUE(store().apply(b));
    key = make.key(org.id);
    WriteBatch k;
    k.keys = {key};
    ASSERT_TRUE(store().apply(k));
  }
  Store& store() { return *handle_.store; }

  KeyReminder notice(ReminderKind kind, std::int64_t deadline_second, std::int64_t threshold) {
    return {key.id, org.id, kind, make.at(deadline_second), threshold, make.at(1)};
  }

  EntityFactory make;
  Organization org, other_org;
  NamedKey key;

 private:
  StoreHandle handle_;
};

TEST_P(ReminderConformance, LifecycleSettingsRoundTripAndDefaultToSevenAndOneDays) {
  auto read = store().get_organization(org.id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->lifecycle, LifecycleSettings{});
  read->lifecycle = {{30, 3}, 90};
  read->version = 2;
  WriteBatch b;
  b.organizations = {*read};
  ASSERT_TRUE(store().apply(b));
  auto again = store().get_organization(org.id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->lifecycle.reminder_days, (std::vector<int>{30, 3}));
  EXPECT_EQ(again->lifecycle.unused_key_days, 90);
  again->lifecycle = {{}, std::nullopt};
  again->version = 3;
  b.organizations = {*again};
  ASSERT_TRUE(store().apply(b));
  const auto off = store().get_organization(org.id);
  ASSERT_TRUE(off);
  EXPECT_TRUE(off->lifecycle.reminder_days.empty());
  EXPECT_FALSE(off->lifecycle.unused_key_days);
}

TEST_P(ReminderConformance, AKeysCreatorIsKeptAndNeverChanged) {
  auto made = make.key(org.id);
  made.created_by = *Uuid::parse("30000000-0000-4000-8000-000000000001");
  WriteBatch b;
  b.keys = {made};
  ASSERT_TRUE(store().apply(b));
  auto read = store().get_key(made.id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->created_by, made.created_by);
  EXPECT_FALSE(store().get_key(key.id)->created_by);
  read->name = "renamed";
  read->version = 2;
  b.keys = {*read};
  ASSERT_TRUE(store().apply(b));
  EXPECT_EQ(store().get_key(made.id)->created_by, made.created_by);
}

TEST_P(ReminderConformance, ANoticeIsRecordedOnceAndASecondRecordFailsItsWholeBatch) {
  WriteBatch first;
  first.reminders = {notice(ReminderKind::kExpiring, 100, 604800),
                     notice(ReminderKind::kExpiring, 100, 86400)};
  ASSERT_TRUE(store().apply(first));

  WriteBatch again;
  again.reminders = {notice(ReminderKind::kExpiring, 100, 86400)};
  again.audit.push_back(AuditEvent{0, make.at(2), "system", org.id, "probe", "", {}, "", ""});
  const auto s = store().apply(again);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kAlreadyExists);
  AuditQuery q;
  q.org_id = org.id;
  q.action = "probe";
  EXPECT_TRUE(store().list_audit(q)->empty()) << "nothing of the failed batch was written";

  // Another kind, deadline or threshold is another notice.
  WriteBatch other;
  other.reminders = {notice(ReminderKind::kExpired, 100, 0),
                     notice(ReminderKind::kExpiring, 200, 86400),
                     notice(ReminderKind::kGraceEnding, 100, 86400)};
  ASSERT_TRUE(store().apply(other));

  auto listed = store().list_key_reminders(org.id);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 5u);
  for (const auto& r : *listed) {
    EXPECT_EQ(r.key_id, key.id);
    EXPECT_EQ(r.org_id, org.id);
    EXPECT_EQ(r.sent_at, make.at(1));
  }
  EXPECT_TRUE(std::any_of(listed->begin(), listed->end(), [&](const KeyReminder& r) {
    return r.kind == ReminderKind::kGraceEnding && r.deadline == make.at(100) &&
           r.threshold_seconds == 86400;
  }));
  EXPECT_TRUE(store().list_key_reminders(other_org.id)->empty());
}

TEST_P(ReminderConformance, OfConcurrentWritersOfOneNoticeExactlyOneSucceeds) {
  constexpr int kWriters = 8;
  std::atomic<int> succeeded{0}, refused{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&] {
      WriteBatch b;
      b.reminders = {notice(ReminderKind::kUnusedWarning, 500, 604800)};
      const auto s = store().apply(b);
      if (s) {
        ++succeeded;
      } else if (s.error().code == Errc::kAlreadyExists) {
        ++refused;
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(succeeded.load(), 1);
  EXPECT_EQ(refused.load(), kWriters - 1);
  EXPECT_EQ(store().list_key_reminders(org.id)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(AllStores, ReminderConformance, ::testing::ValuesIn(implementations()),
                         implementation_name);

}  // namespace
}  // namespace keyward::store

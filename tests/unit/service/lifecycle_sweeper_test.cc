// What the lifecycle sweep does, decided exactly over a MemoryStore and a manual clock: who is
// emailed, that two nodes sweeping one store at once give each notice once, and what a mail
// server that refuses leaves behind.
#include "service/lifecycle_sweeper.h"

#include <algorithm>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "service/account_service.h"
#include "service/lifecycle_messages.h"
#include "service/member_service.h"
#include "service/organization_service.h"
#include "unit/service/audit_records.h"
#include "unit/service/service_fixture.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

class NoticeMailer final : public Mailer {
 public:
  Status send(const EmailMessage& message) override {
    std::lock_guard lock(mu);
    if (refuse) return fail(Errc::kUnavailable, "connection refused");
    sent.push_back(message);
    return {};
  }
  std::vector<std::string> recipients() {
    std::lock_guard lock(mu);
    std::vector<std::string> to;
    for (const auto& m : sent) to.push_back(m.to);
    std::sort(to.begin(), to.end());
    return to;
  }
  std::mutex mu;
  std::vector<EmailMessage> sent;
  bool refuse = false;
};

class LifecycleSweeperTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    acme = *orgs.create(actor, "Acme");
    auto made =
        accounts.create(actor, {"ada@acme.example", Membership{acme.org.id, Role::kAdmin}, false});
    ASSERT_TRUE(made);
    ada = made->user;
    made =
        accounts.create(actor, {"cy@acme.example", Membership{acme.org.id, Role::kAdmin}, false});
    ASSERT_TRUE(made);
    cy = made->user;
    ASSERT_TRUE(accounts.create(
        actor, {"bob@acme.example", Membership{acme.org.id, Role::kMember}, false}));
  }

  IssuedKey key_by(const User& creator, std::optional<Timestamp> expires_at) {
    const Actor as{"user:" + creator.id.to_string(), creator.id, "192.0.2.1"};
    auto k = keys.create(as, acme.org.id, {"ci", KeyKind::kSecret, expires_at, {}});
    EXPECT_TRUE(k) << k.error().message;
    return *k;
  }

  OrganizationService orgs{context()};
  AccountService accounts{context()};
  KeyService keys{context()};
  NoticeMailer mailer;
  LifecycleSweeper sweeper{context(), keys, mailer, "keys@example.com"};
  CreatedOrganization acme;
  User ada, cy;
};

TEST_F(LifecycleSweeperTest, TheCreatorAndTheAdministratorsAreToldAndTheCreatorStaysToldAsAMember) {
  const auto k = key_by(ada, clock.now() + std::chrono::days(10));
  // ada is no longer an administrator, but made the key.
  ASSERT_TRUE(MemberService(context()).set_role(actor, acme.org.id, ada.id, Role::kMember));
  clock.advance(std::chrono::days(3));
  auto report = sweeper.run();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->reminders, 1u);
  EXPECT_EQ(mailer.recipients(), (std::vector<std::string>{"ada@acme.example", "cy@acme.example"}))
      << "bob is a member who did not make the key";
  EXPECT_EQ(mailer.sent[0].from, "keys@example.com");
  EXPECT_EQ(mailer.sent[0].subject, "Keyward: key \"ci\" of Acme expires in 7 days");
  EXPECT_EQ(mailer.sent[0].body.find(k.token), std::string::npos);
  EXPECT_EQ(sweeper.run()->reminders, 0u) << "given once";
  EXPECT_EQ(mailer.sent.size(), 2u);
}

TEST_F(LifecycleSweeperTest, TwoNodesSweepingOneStoreAtOnceGiveEachNoticeOnce) {
  for (int i = 0; i < 20; ++i) key_by(cy, clock.now() + std::chrono::days(2));
  LifecycleSweeper other{context(), keys, mailer, "keys@example.com"};
  clock.advance(std::chrono::days(1) + 1min);
  Result<SweepReport> mine, theirs;
  std::thread a([&] { mine = sweeper.run(); });
  std::thread b([&] { theirs = other.run(); });
  a.join();
  b.join();
  ASSERT_TRUE(mine) << mine.error().message;
  ASSERT_TRUE(theirs) << theirs.error().message;
  EXPECT_EQ(mine->reminders + theirs->reminders, 20u);
  EXPECT_EQ(mailer.sent.size(), 40u) << "ada and cy, each once per key";
  EXPECT_EQ(memory.list_key_reminders(acme.org.id)->size(), 40u) << "the 7- and 1-day thresholds";
}

TEST_F(LifecycleSweeperTest, AnUnusedKeyIsDisabledByTheSystemAndARefusedMessageIsAudited) {
  ASSERT_TRUE(orgs.set_lifecycle(actor, acme.org.id, {std::nullopt, std::optional<int>(10)}));
  const auto k = key_by(cy, std::nullopt);
  clock.advance(std::chrono::days(5));
  EXPECT_EQ(sweeper.run()->reminders, 2u) << "this key and the organization's default key";
  mailer.refuse = true;
  clock.advance(std::chrono::days(5));
  const auto report = sweeper.run();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->disabled, 2u);
  EXPECT_GT(report->mail_failures, 0u);
  EXPECT_TRUE(memory.get_key(k.key.id)->disabled_at);
  const auto disables = testing::audit_records(memory, "key.disable");
  ASSERT_EQ(disables.size(), 2u);
  EXPECT_EQ(disables[0].actor, "system (unused keys)");
  const auto failures = testing::audit_records(memory, "key.notice.email");
  ASSERT_FALSE(failures.empty());
  EXPECT_EQ(failures[0].outcome, AuditOutcome::kFailure);
  EXPECT_EQ(sweeper.run()->disabled, 0u);
}

TEST(LifecycleMessagesTest, TimeLeftReadsAsTheThresholdThoughTheSweepIsAMinuteLate) {
  const Timestamp t = from_epoch_ms(1'800'000'000'000);
  EXPECT_EQ(time_left(t + std::chrono::days(7) - 1min, t), "7 days");
  EXPECT_EQ(time_left(t + std::chrono::days(1) - 1min, t), "1 day");
  EXPECT_EQ(time_left(t + 1h - 1min, t), "1 hour");
  EXPECT_EQ(time_left(t + 5h + 10min, t), "5 hours");
  EXPECT_EQ(time_left(t + 30min + 1ms, t), "31 minutes");
  EXPECT_EQ(time_left(t, t), "1 minute");
}

}  // namespace
}  // namespace keyward::service

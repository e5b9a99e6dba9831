// What a trusted leaked-key report does, decided exactly over a MemoryStore and a manual clock:
// which keys are revoked (every secret key not deleted, disabled and expired ones included), what
// is recorded and mailed, and what a failing store or mail server leaves behind.
#include "service/leak_reports.h"

#include <gtest/gtest.h>

#include "service/account_service.h"
#include "service/organization_service.h"
#include "unit/service/audit_records.h"
#include "unit/service/service_fixture.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

class ScannerNoticeMailer final : public Mailer {
 public:
  Status send(const EmailMessage& message) override {
    if (refuse) return fail(Errc::kUnavailable, "connection refused");
    sent.push_back(message);
    return {};
  }
  std::vector<EmailMessage> sent;
  bool refuse = false;
};

class LeakReportsTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    acme = *orgs.create(actor, "Acme");
    globex = *orgs.create(actor, "Globex");
    ASSERT_TRUE(
        accounts.create(actor, {"ada@acme.example", Membership{acme.org.id, Role::kAdmin}, false}));
    ASSERT_TRUE(accounts.create(
        actor, {"bob@acme.example", Membership{acme.org.id, Role::kMember}, false}));
    ASSERT_TRUE(accounts.create(
        actor, {"eve@globex.example", Membership{globex.org.id, Role::kAdmin}, false}));
  }

  IssuedKey key_of(const CreatedOrganization& org, KeyKind kind,
                   std::optional<Timestamp> expires_at = {}) {
    auto k = keys.create(actor, org.org.id, {"ci", kind, expires_at, {}});
    EXPECT_TRUE(k) << k.error().message;
    return *k;
  }
  static LeakSighting sighting(const std::string& token) {
    return {token, "keyward_key", "https://example.com/leak", "content"};
  }
  Result<std::vector<LeakLabel>> report(const std::vector<std::string>& tokens) {
    std::vector<LeakSighting> s;
    for (const auto& t : tokens) s.push_back(sighting(t));
    return leaks.handle(s, "192.0.2.80");
  }
  bool revoked(const IssuedKey& k) { return memory.get_key(k.key.id)->revoked_at.has_value(); }

  OrganizationService orgs{context()};
  AccountService accounts{context()};
  KeyService keys{context()};
  ScannerNoticeMailer mailer;
  LeakReports leaks{context(), keys, mailer, "keys@example.com"};
  CreatedOrganization acme, globex;
};

TEST_F(LeakReportsTest, RevokesEverySecretKeyNotDeletedDisabledAndExpiredOnesIncluded) {
  const auto live = key_of(acme, KeyKind::kSecret);
  const auto disabled = key_of(acme, KeyKind::kSecret);
  ASSERT_TRUE(keys.set_disabled(actor, acme.org.id, disabled.key.id, true));
  const auto expiring = key_of(acme, KeyKind::kSecret, clock.now() + 1h);
  clock.advance(2h);

  const auto labels = report({live.token, disabled.token, expiring.token});
  ASSERT_TRUE(labels) << labels.error().message;
  EXPECT_EQ(*labels, std::vector<LeakLabel>(3, LeakLabel::kTruePositive));
  EXPECT_TRUE(revoked(live));
  EXPECT_TRUE(revoked(disabled)) << "a disabled key could have been enabled again";
  EXPECT_TRUE(revoked(expiring));
  const auto deletes = testing::audit_records(memory, "key.delete");
  ASSERT_EQ(deletes.size(), 3u);
  EXPECT_EQ(deletes[0].actor, "secret scanning");
  EXPECT_EQ(deletes[0].client_ip, "192.0.2.80");
}

TEST_F(LeakReportsTest, TellsEachOrganizationsAdministratorsOnceAboutTheirOwnKeys) {
  const auto a1 = key_of(acme, KeyKind::kSecret);
  const auto a2 = key_of(acme, KeyKind::kPublic);
  const auto g1 = key_of(globex, KeyKind::kSecret);
  ASSERT_TRUE(report({a1.token, g1.token, a2.token, a1.token}));

  ASSERT_EQ(mailer.sent.size(), 2u);  // ada for Acme, eve for Globex; bob is no administrator
  const auto& to_ada = mailer.sent[0].to == "ada@acme.example" ? mailer.sent[0] : mailer.sent[1];
  const auto& to_eve = mailer.sent[0].to == "ada@acme.example" ? mailer.sent[1] : mailer.sent[0];
  EXPECT_EQ(to_ada.to, "ada@acme.example");
  EXPECT_EQ(to_eve.to, "eve@globex.example");
  EXPECT_EQ(to_ada.from, "keys@example.com");
  EXPECT_EQ(to_ada.subject, "Keyward: 2 keys of Acme were found exposed");
  EXPECT_EQ(to_eve.subject, "Keyward: a key of Globex was found exposed");
  EXPECT_NE(to_ada.body.find(a1.key.id.to_string()), std::string::npos);
  EXPECT_NE(to_ada.body.find(a2.key.id.to_string()), std::string::npos);
  EXPECT_EQ(to_ada.body.find(g1.key.id.to_string()), std::string::npos);
  for (const auto& m : mailer.sent) {
    for (const auto& t : {a1.token, a2.token, g1.token})
      EXPECT_EQ(m.body.find(t), std::string::npos);
  }
  EXPECT_EQ(testing::audit_records(memory, "key.leaked").size(), 3u);
}

TEST_F(LeakReportsTest, AStoreThatCannotRecordRevokesNothingAndSaysSo) {
  const auto k = key_of(acme, KeyKind::kSecret);
  store.fail_next_writes(1);
  const auto labels = report({k.token});
  ASSERT_FALSE(labels);
  EXPECT_EQ(labels.error().code, Errc::kUnavailable);
  EXPECT_FALSE(revoked(k));
  EXPECT_TRUE(mailer.sent.empty());
  // Sent again, the report does it all.
  ASSERT_TRUE(report({k.token}));
  EXPECT_TRUE(revoked(k));
}

TEST_F(LeakReportsTest, AMailServerThatRefusesLeavesTheRevocationAndARecordOfTheFailure) {
  const auto k = key_of(acme, KeyKind::kSecret);
  mailer.refuse = true;
  const auto labels = report({k.token});
  ASSERT_TRUE(labels);
  EXPECT_EQ(labels->front(), LeakLabel::kTruePositive);
  EXPECT_TRUE(revoked(k));
  const auto failures = testing::audit_records(memory, "key.leaked.email");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].outcome, AuditOutcome::kFailure);
  EXPECT_NE(failures[0].detail.find("ada@acme.example"), std::string::npos);
}

TEST_F(LeakReportsTest, CleansWhatTheReportSaysBeforeRecordingIt) {
  const auto k = key_of(acme, KeyKind::kPublic);
  LeakSighting s{k.token, "t", "https://example.com/a\nInjected: yes", std::string(500, 's')};
  ASSERT_TRUE(leaks.handle({s}, "192.0.2.80"));
  const auto records = testing::audit_records(memory, "key.leaked");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].detail.find('\n'), std::string::npos);
  EXPECT_NE(records[0].detail.find("https://example.com/a?Injected:?yes"), std::string::npos)
      << records[0].detail;
  EXPECT_NE(records[0].detail.find("(" + std::string(kMaxLeakSourceLength, 's') + ")"),
            std::string::npos);
  EXPECT_EQ(records[0].detail.find(k.token), std::string::npos);
}

}  // namespace
}  // namespace keyward::service

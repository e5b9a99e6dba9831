// "Email me the key", as the recipient and an administrator see it: by default a one-time link
// rather than the key, redeemable once, for ten minutes, by its recipient only; the key itself
// when the system setting asks for it; rotation first when asked; hourly limits; and what a mail
// server that refuses the message leaves behind.
#include "service/key_mail.h"

#include <gtest/gtest.h>

#include "service/account_service.h"
#include "service/organization_service.h"
#include "unit/service/audit_records.h"
#include "unit/service/service_fixture.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

// Keeps what would have been sent, or refuses it like a mail server that is down.
class RecordingMailer final : public Mailer {
 public:
  Status send(const EmailMessage& message) override {
    if (refuse) return fail(Errc::kUnavailable, "connection refused");
    sent.push_back(message);
    return {};
  }
  std::vector<EmailMessage> sent;
  bool refuse = false;
};

class KeyMailTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    auto made = orgs.create(actor, "Acme");
    ASSERT_TRUE(made);
    acme = *made;
    ada =
        *accounts.create(actor, {"Ada@Example.com", Membership{acme.org.id, Role::kAdmin}, false});
    bob =
        *accounts.create(actor, {"bob@example.com", Membership{acme.org.id, Role::kMember}, false});
  }

  Status email_api_key(const CreatedUser& to, bool rotate = false,
                       const std::string& ip = "198.51.100.7") {
    return mail.email_org_api_key(as(to), to.user.id, acme.org.id, rotate,
                                  "https://keys.example.com", ip, retry_after);
  }
  static Actor as(const CreatedUser& u) {
    return Actor{"user:" + u.user.id.to_string() + " " + u.user.username, u.user.id,
                 "198.51.100.7"};
  }
  // The token in the last message's link ("...#token=<token>").
  std::string link_token() const {
    if (mailer.sent.empty()) return "";
    const std::string& body = mailer.sent.back().body;
    const size_t at = body.find("#token=");
    if (at == std::string::npos) return "";
    const size_t start = at + 7;
    return body.substr(start, body.find('\n', start) - start);
  }
  bool api_key_works(const std::string& api_key) {
    return authenticator.authenticate({basic(bob.user.username, bob.service_key), api_key})
        .principal.has_value();
  }
  void put_key_in_message() {
    SystemSettings s = settings.get();
    s.email_key_in_message = true;
    s.version += 1;
    settings.put(s);
  }

  OrganizationService orgs{context()};
  AccountService accounts{context()};
  RecordingMailer mailer;
  KeyMail mail{context(), mailer, MailPolicy{"keys@example.com", 3, 5}};
  std::chrono::seconds retry_after{0};
  CreatedOrganization acme;
  CreatedUser ada, bob;
};

TEST_F(KeyMailTest, ByDefaultTheMessageCarriesALinkAndNotTheKey) {
  ASSERT_TRUE(email_api_key(ada));
  ASSERT_EQ(mailer.sent.size(), 1u);
  const EmailMessage& m = mailer.sent[0];
  EXPECT_EQ(m.from, "keys@example.com");
  EXPECT_EQ(m.to, "Ada@Example.com");
  EXPECT_EQ(m.subject, "Your Keyward organization API key");
  EXPECT_EQ(m.body.find(acme.api_key), std::string::npos);
  // The token rides in the fragment, which browsers never send to a server.
  EXPECT_NE(m.body.find("https://keys.example.com/console/reveal#token="), std::string::npos);
  EXPECT_FALSE(link_token().empty());
  EXPECT_EQ(m.body.find("?token="), std::string::npos);
  EXPECT_NE(m.body.find("within 10 minutes"), std::string::npos);

  const auto link = testing::audit_records(memory, "credential.link.create");
  ASSERT_EQ(link.size(), 1u);
  EXPECT_EQ(link[0].org_id, acme.org.id);
  const auto emailed = testing::audit_records(memory, "org.api_key.email");
  ASSERT_EQ(emailed.size(), 1u);
  EXPECT_EQ(emailed[0].outcome, AuditOutcome::kSuccess);
  EXPECT_EQ(emailed[0].target, "org_api_key:" + acme.org.id.to_string());
  EXPECT_EQ(emailed[0].detail, "one-time link to Ada@Example.com");
  // The token is a secret too: it is in no audit record.
  for (const auto& r : testing::audit_records(memory)) {
    EXPECT_EQ(r.detail.find(link_token()), std::string::npos);
  }
}

TEST_F(KeyMailTest, TheLinkRevealsTheKeyOnce) {
  ASSERT_TRUE(email_api_key(ada));
  const std::string token = link_token();
  auto revealed = mail.redeem(as(ada), ada.user.id, token);
  ASSERT_TRUE(revealed) << revealed.error().message;
  EXPECT_EQ(revealed->what, RevealedCredential::kOrgApiKey);
  EXPECT_EQ(revealed->subject_id, acme.org.id);
  EXPECT_EQ(revealed->value, acme.api_key);
  const auto reveals = testing::audit_records(memory, "credential.reveal");
  ASSERT_EQ(reveals.size(), 1u);
  EXPECT_EQ(reveals[0].actor, as(ada).label);

  const auto again = mail.redeem(as(ada), ada.user.id, token);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::kNotFound);
  EXPECT_NE(again.error().message.find("not valid"), std::string::npos);
  EXPECT_EQ(testing::audit_records(memory, "credential.reveal").size(), 1u);
}

TEST_F(KeyMailTest, TheLinkExpiresAfterTenMinutes) {
  ASSERT_TRUE(email_api_key(ada));
  const std::string early = link_token();
  ASSERT_TRUE(email_api_key(ada));
  const std::string late = link_token();
  clock.advance(10min - 1ms);
  EXPECT_TRUE(mail.redeem(as(ada), ada.user.id, early));
  clock.advance(1ms);
  const auto expired = mail.redeem(as(ada), ada.user.id, late);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, Errc::kNotFound);
}

TEST_F(KeyMailTest, OnlyTheRecipientCanRedeemTheLink) {
  ASSERT_TRUE(email_api_key(ada));
  const std::string token = link_token();
  // Bob is a member of the same organization, but the link was not sent to him.
  const auto stolen = mail.redeem(as(bob), bob.user.id, token);
  ASSERT_FALSE(stolen);
  EXPECT_EQ(stolen.error().code, Errc::kNotFound);
  EXPECT_TRUE(testing::audit_records(memory, "credential.reveal").empty());
  // Bob's attempt did not use the link up.
  EXPECT_TRUE(mail.redeem(as(ada), ada.user.id, token));
}

TEST_F(KeyMailTest, AMadeUpTokenGetsTheSameAnswerAsAUsedOne) {
  ASSERT_TRUE(email_api_key(ada));
  const auto made_up = mail.redeem(as(ada), ada.user.id, "not-a-token");
  ASSERT_FALSE(made_up);
  EXPECT_EQ(made_up.error().code, Errc::kNotFound);
  ASSERT_TRUE(mail.redeem(as(ada), ada.user.id, link_token()));
  EXPECT_EQ(mail.redeem(as(ada), ada.user.id, link_token()).error().message,
            made_up.error().message);
}

TEST_F(KeyMailTest, ARecipientWhoLeftTheOrganizationCannotRedeemItsApiKeyLink) {
  ASSERT_TRUE(email_api_key(bob));
  User left = *memory.get_user(bob.user.id);
  left.memberships.clear();
  left.version += 1;
  store::WriteBatch batch;
  batch.users.push_back(left);
  ASSERT_TRUE(context().commit(batch));
  const auto refused = mail.redeem(as(bob), bob.user.id, link_token());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kNotFound);
}

TEST_F(KeyMailTest, AServiceKeyLinkRevealsTheRecipientsOwnServiceKey) {
  ASSERT_TRUE(mail.email_service_key(as(bob), bob.user.id, false, "https://k.example", "192.0.2.9",
                                     retry_after));
  ASSERT_EQ(mailer.sent.size(), 1u);
  EXPECT_EQ(mailer.sent[0].subject, "Your Keyward service key");
  EXPECT_EQ(mailer.sent[0].body.find(bob.service_key), std::string::npos);
  auto revealed = mail.redeem(as(bob), bob.user.id, link_token());
  ASSERT_TRUE(revealed);
  EXPECT_EQ(revealed->what, RevealedCredential::kUserServiceKey);
  EXPECT_EQ(revealed->subject_id, bob.user.id);
  EXPECT_EQ(revealed->value, bob.service_key);
  EXPECT_EQ(testing::audit_records(memory, "user.service_key.email").size(), 1u);
}

TEST_F(KeyMailTest, WithKeyInMessageOnTheMessageCarriesTheKeyAndNoLink) {
  put_key_in_message();
  ASSERT_TRUE(email_api_key(ada));
  ASSERT_EQ(mailer.sent.size(), 1u);
  EXPECT_NE(mailer.sent[0].body.find(acme.api_key), std::string::npos);
  EXPECT_EQ(mailer.sent[0].body.find("#token="), std::string::npos);
  EXPECT_TRUE(testing::audit_records(memory, "credential.link.create").empty());
  const auto emailed = testing::audit_records(memory, "org.api_key.email");
  ASSERT_EQ(emailed.size(), 1u);
  EXPECT_EQ(emailed[0].detail, "key in message to Ada@Example.com");
  // The key is never written to the audit log, whatever the mode.
  for (const auto& r : testing::audit_records(memory)) {
    EXPECT_EQ(r.detail.find(acme.api_key), std::string::npos);
  }
}

TEST_F(KeyMailTest, RotateAndEmailReplacesTheKeyFirst) {
  put_key_in_message();
  ASSERT_TRUE(email_api_key(ada, /*rotate=*/true));
  const std::string fresh = orgs.reveal_credentials(acme.org.id)->api_key;
  EXPECT_NE(fresh, acme.api_key);
  EXPECT_FALSE(api_key_works(acme.api_key));
  EXPECT_TRUE(api_key_works(fresh));
  ASSERT_EQ(mailer.sent.size(), 1u);
  EXPECT_NE(mailer.sent[0].body.find(fresh), std::string::npos);
  EXPECT_EQ(mailer.sent[0].body.find(acme.api_key), std::string::npos);
  EXPECT_NE(mailer.sent[0].body.find("the previous key no longer works"), std::string::npos);
  EXPECT_EQ(testing::audit_records(memory, "org.api_key.rotate").size(), 1u);
  const auto emailed = testing::audit_records(memory, "org.api_key.email");
  ASSERT_EQ(emailed.size(), 1u);
  EXPECT_NE(emailed[0].detail.find("after rotation"), std::string::npos);
}

TEST_F(KeyMailTest, RotateAndEmailALinkRevealsTheNewKey) {
  ASSERT_TRUE(email_api_key(ada, /*rotate=*/true));
  EXPECT_FALSE(api_key_works(acme.api_key));
  auto revealed = mail.redeem(as(ada), ada.user.id, link_token());
  ASSERT_TRUE(revealed);
  EXPECT_NE(revealed->value, acme.api_key);
  EXPECT_TRUE(api_key_works(revealed->value));
}

TEST_F(KeyMailTest, RotateAndEmailAServiceKeyRetiresTheOldOne) {
  ASSERT_TRUE(mail.email_service_key(as(bob), bob.user.id, true, "https://k.example", "192.0.2.9",
                                     retry_after));
  const AuthResult old_key =
      authenticator.authenticate({basic(bob.user.username, bob.service_key), acme.api_key});
  EXPECT_FALSE(old_key.principal);
  EXPECT_EQ(old_key.failure.reason, "rotated user service key");
  auto revealed = mail.redeem(as(bob), bob.user.id, link_token());
  ASSERT_TRUE(revealed);
  EXPECT_TRUE(authenticator.authenticate({basic(bob.user.username, revealed->value), acme.api_key})
                  .principal);
  EXPECT_EQ(testing::audit_records(memory, "user.service_key.rotate").size(), 1u);
}

TEST_F(KeyMailTest, EachRecipientGetsAtMostTheHourlyLimit) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(email_api_key(ada));
    clock.advance(10min);
  }
  // The first of the three leaves the hour 30 minutes from now.
  const auto refused = email_api_key(ada);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kResourceExhausted);
  EXPECT_EQ(retry_after, 30min);
  EXPECT_NE(refused.error().message.find("try again in 1800 seconds"), std::string::npos);
  EXPECT_EQ(mailer.sent.size(), 3u);
  // A refused request rotates nothing either.
  EXPECT_FALSE(email_api_key(ada, /*rotate=*/true));
  EXPECT_TRUE(api_key_works(acme.api_key));

  // Someone else may still be emailed from the same address.
  EXPECT_TRUE(email_api_key(bob));
  clock.advance(30min);
  EXPECT_TRUE(email_api_key(ada));
}

TEST_F(KeyMailTest, TheRecipientLimitCountsEveryKindOfKeyEmailFromAnyAddress) {
  // The limit protects a mailbox: changing client address or asking for another key is no way
  // round it.
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(email_api_key(ada, false, "192.0.2." + std::to_string(i)));
  EXPECT_FALSE(mail.email_service_key(as(ada), ada.user.id, false, "https://k.example",
                                      "192.0.2.200", retry_after));
}

TEST_F(KeyMailTest, EachClientAddressGetsAtMostTheHourlyLimit) {
  std::vector<CreatedUser> people;
  for (int i = 0; i < 6; ++i) {
    people.push_back(*accounts.create(actor, {"p" + std::to_string(i) + "@example.com",
                                              Membership{acme.org.id, Role::kMember}, false}));
  }
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(email_api_key(people[static_cast<size_t>(i)]));
  const auto refused = email_api_key(people[5]);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kResourceExhausted);
  EXPECT_EQ(retry_after, 1h);
  EXPECT_TRUE(email_api_key(people[5], false, "198.51.100.8"));  // another client
  clock.advance(1h);
  EXPECT_TRUE(email_api_key(people[5]));
}

TEST_F(KeyMailTest, AMailerFailureWithoutRotationLeavesTheKeyAsItWasAndIsAudited) {
  mailer.refuse = true;
  const auto failed = email_api_key(ada);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::kUpstreamFailed);
  EXPECT_NE(failed.error().message.find("could not be sent"), std::string::npos);
  EXPECT_EQ(failed.error().message.find("rotated"), std::string::npos);
  EXPECT_TRUE(api_key_works(acme.api_key));
  EXPECT_EQ(orgs.reveal_credentials(acme.org.id)->api_key, acme.api_key);
  // Recorded before it was sent, and the failure after.
  const auto emailed = testing::audit_records(memory, "org.api_key.email");
  ASSERT_EQ(emailed.size(), 2u);
  EXPECT_EQ(emailed[0].outcome, AuditOutcome::kSuccess);
  EXPECT_EQ(emailed[1].outcome, AuditOutcome::kFailure);
  EXPECT_NE(emailed[1].detail.find("not delivered"), std::string::npos);
  EXPECT_NE(emailed[1].detail.find("connection refused"), std::string::npos);
}

TEST_F(KeyMailTest, AKeyIsNeverMailedWithoutItsAuditRecord) {
  put_key_in_message();
  store.fail_next_writes(1);  // the audit record's write
  const auto failed = email_api_key(ada);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::kUnavailable);
  EXPECT_TRUE(mailer.sent.empty());
  EXPECT_TRUE(testing::audit_records(memory, "org.api_key.email").empty());
  ASSERT_TRUE(email_api_key(ada));
  EXPECT_EQ(mailer.sent.size(), 1u);
}

TEST_F(KeyMailTest, AMailerFailureAfterRotationKeepsTheRotationAndSaysSo) {
  // What KeyMail promises: the rotation stands (the old key may be compromised, which is why
  // someone asked), and the answer tells the caller where to find the new key.
  mailer.refuse = true;
  const auto failed = email_api_key(ada, /*rotate=*/true);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::kUpstreamFailed);
  EXPECT_NE(failed.error().message.find("the key was rotated all the same"), std::string::npos);
  EXPECT_FALSE(api_key_works(acme.api_key));
  EXPECT_TRUE(api_key_works(orgs.reveal_credentials(acme.org.id)->api_key));
}

TEST_F(KeyMailTest, AStorageFailureSendsNothingAndChangesNothing) {
  store.fail_next_writes(1);  // the rotation's write
  EXPECT_FALSE(email_api_key(ada, /*rotate=*/true));
  EXPECT_TRUE(mailer.sent.empty());
  EXPECT_TRUE(api_key_works(acme.api_key));

  store.fail_next_writes(1);  // the link's write
  EXPECT_FALSE(email_api_key(ada));
  EXPECT_TRUE(mailer.sent.empty());
  EXPECT_TRUE(testing::audit_records(memory, "credential.link.create").empty());
  // Messages that were never sent do not count against the limit.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(email_api_key(ada));
}

}  // namespace
}  // namespace keyward::service

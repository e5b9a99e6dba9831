// Key policies as a system administrator uses them: nonsense is refused rule by rule, a change
// touches no existing key, the compliance report names the keys that fell behind, and every key
// Keyward generates or accepts afterwards satisfies the policy in force.
#include "service/policy_service.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "core/key_policy.h"
#include "service/account_service.h"
#include "service/application_service.h"
#include "service/organization_service.h"
#include "unit/service/audit_records.h"
#include "unit/service/service_fixture.h"

namespace keyward::service {
namespace {

bool any_mentions(const std::vector<std::string>& details, std::string_view needle) {
  return std::ranges::any_of(
      details, [&](const std::string& d) { return d.find(needle) != std::string::npos; });
}

class PolicyServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    auto made = orgs.create(actor, "Acme");
    ASSERT_TRUE(made);
    acme = *made;
    auto user = AccountService(context()).create(
        actor, {"ada@example.com", Membership{acme.org.id, Role::kAdmin}, false});
    ASSERT_TRUE(user);
    ada = *user;
    auto app = apps.register_application(actor, acme.org.id, {"shop", "Java", "/shop", {}, {}});
    ASSERT_TRUE(app);
    shop = app->app;
  }

  bool api_key_works(const std::string& api_key) {
    return authenticator.authenticate({basic("ada@example.com", ada.service_key), api_key})
        .principal.has_value();
  }
  // A valid policy change to `org` and `application`, as the administrator would make it.
  SystemSettings set(KeyPolicy org, KeyPolicy application) {
    SystemSettings s = policies.get();
    s.org_api_key = org;
    s.application_key = application;
    auto saved = policies.set(actor, s);
    EXPECT_TRUE(saved) << saved.error().message;
    return saved.value_or(SystemSettings{});
  }
  const KeyCompliance* find(const std::vector<KeyCompliance>& report, std::string_view kind) {
    const auto it = std::ranges::find_if(
        report, [&](const KeyCompliance& k) { return k.kind == kind && k.org_id == acme.org.id; });
    return it == report.end() ? nullptr : &*it;
  }

  PolicyService policies{context()};
  OrganizationService orgs{context()};
  ApplicationService apps{context()};
  CreatedOrganization acme;
  CreatedUser ada;
  Application shop;
};

TEST_F(PolicyServiceTest, BeforeAnyChangeTheDefaultsApply) {
  EXPECT_EQ(policies.get().org_api_key, kDefaultKeyPolicy);
  EXPECT_EQ(policies.get().application_key, kDefaultKeyPolicy);
  EXPECT_FALSE(policies.get().email_key_in_message);
}

TEST_F(PolicyServiceTest, NonsenseIsRefusedWithOneDetailPerBrokenRuleAndChangesNothing) {
  SystemSettings s;
  s.org_api_key = {10, -1, 0, 0};       // too short, and a negative minimum
  s.application_key = {32, 20, 20, 0};  // minimums adding past the length
  s.mask_invalid_ips = true;            // valid, but the whole change is refused
  const auto refused = policies.set(actor, s);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kInvalidArgument);
  const auto& details = refused.error().details;
  ASSERT_EQ(details.size(), 3u);
  EXPECT_TRUE(any_mentions(details, "org_api_key: length must be between 16 and 128 (got 10)"));
  EXPECT_TRUE(any_mentions(details, "org_api_key: min_numerals must not be negative"));
  EXPECT_TRUE(any_mentions(details, "application_key: min_numerals + min_upper + min_lower (40)"));
  // The message alone already says what to fix first.
  EXPECT_NE(refused.error().message.find(details.front()), std::string::npos);

  EXPECT_EQ(policies.get().version, 0);
  EXPECT_FALSE(policies.get().mask_invalid_ips);
  EXPECT_EQ(memory.get_settings()->version, 0);
  EXPECT_TRUE(testing::audit_records(memory, "system.settings.update").empty());
}

TEST_F(PolicyServiceTest, AbsurdLengthsAreRefused) {
  for (int length : {0, 15, 129, 100'000, -5}) {
    SystemSettings s;
    s.application_key = {length, 0, 0, 0};
    const auto refused = policies.set(actor, s);
    ASSERT_FALSE(refused) << length;
    EXPECT_TRUE(any_mentions(
        refused.error().details,
        "application_key: length must be between 16 and 128 (got " + std::to_string(length) + ")"))
        << length;
  }
  EXPECT_EQ(policies.get().version, 0);
}

TEST_F(PolicyServiceTest, AValidChangeIsStoredVersionedAndAuditedOnce) {
  SystemSettings s;
  s.org_api_key = {40, 3, 3, 3};
  s.application_key = {20, 0, 0, 20};
  s.email_key_in_message = true;
  s.version = 77;  // ignored: the store decides
  const auto saved = policies.set(actor, s);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved->version, 1);
  EXPECT_EQ(policies.get().org_api_key, (KeyPolicy{40, 3, 3, 3}));  // this node sees it at once
  EXPECT_EQ(memory.get_settings()->application_key, (KeyPolicy{20, 0, 0, 20}));
  EXPECT_TRUE(memory.get_settings()->email_key_in_message);

  const auto records = testing::audit_records(memory, "system.settings.update");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].actor, actor.label);
  EXPECT_EQ(records[0].target, "settings");
  EXPECT_EQ(records[0].outcome, AuditOutcome::kSuccess);
  EXPECT_NE(records[0].detail.find("org API keys: 40 characters, 3 numerals"), std::string::npos);
  EXPECT_NE(records[0].detail.find("key in email: on"), std::string::npos);

  EXPECT_EQ(set(kDefaultKeyPolicy, kDefaultKeyPolicy).version, 2);
}

TEST_F(PolicyServiceTest, AStorageFailureLeavesThePolicyAsItWas) {
  store.fail_next_writes(1);
  SystemSettings s;
  s.org_api_key = {64, 0, 0, 0};
  const auto failed = policies.set(actor, s);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::kUnavailable);
  EXPECT_EQ(policies.get().org_api_key, kDefaultKeyPolicy);
  EXPECT_EQ(memory.get_settings()->version, 0);
  EXPECT_TRUE(testing::audit_records(memory, "system.settings.update").empty());
}

TEST_F(PolicyServiceTest, APolicyChangeDoesNotChangeExistingKeys) {
  const std::string app_key = *apps.reveal_key(acme.org.id, shop.id).value();
  set({64, 10, 10, 10}, {64, 10, 10, 10});
  EXPECT_TRUE(api_key_works(acme.api_key));
  EXPECT_EQ(orgs.reveal_credentials(acme.org.id)->api_key, acme.api_key);
  EXPECT_EQ(*apps.reveal_key(acme.org.id, shop.id).value(), app_key);
  EXPECT_EQ(memory.get_organization(acme.org.id)->version, acme.org.version);
}

TEST_F(PolicyServiceTest, ComplianceNamesTheKeysThatNoLongerComply) {
  auto before = policies.compliance();
  ASSERT_TRUE(before);
  ASSERT_NE(find(*before, "org_api_key"), nullptr);
  ASSERT_NE(find(*before, "application_key"), nullptr);
  EXPECT_TRUE(find(*before, "org_api_key")->violations.empty());
  EXPECT_TRUE(find(*before, "application_key")->violations.empty());

  // Longer organization API keys from now on; application keys as they were.
  set({40, 2, 2, 2}, kDefaultKeyPolicy);
  auto after = policies.compliance();
  ASSERT_TRUE(after);
  const KeyCompliance* org_key = find(*after, "org_api_key");
  ASSERT_NE(org_key, nullptr);
  EXPECT_EQ(org_key->org_name, "Acme");
  EXPECT_EQ(org_key->violations,
            std::vector<std::string>{"must be at least 40 characters long, has 32"});
  const KeyCompliance* app_key = find(*after, "application_key");
  ASSERT_NE(app_key, nullptr);
  EXPECT_EQ(app_key->app_id, shop.id);
  EXPECT_EQ(app_key->app_name, "shop");
  EXPECT_TRUE(app_key->violations.empty());

  // Rotating brings the key back into line.
  ASSERT_TRUE(orgs.rotate_api_key(actor, acme.org.id));
  EXPECT_TRUE(find(*policies.compliance(), "org_api_key")->violations.empty());
}

TEST_F(PolicyServiceTest, GeneratedKeysSatisfyThePolicyInForce) {
  const KeyPolicy org_policy{48, 10, 10, 10};
  const KeyPolicy app_policy{20, 0, 0, 20};  // lower-case letters only
  set(org_policy, app_policy);

  auto rotated = orgs.rotate_api_key(actor, acme.org.id);
  ASSERT_TRUE(rotated);
  EXPECT_EQ(rotated->size(), 48u);
  EXPECT_TRUE(policy_violations(org_policy, *rotated).empty()) << *rotated;
  EXPECT_TRUE(api_key_works(*rotated));

  auto app_key = apps.rotate_key(actor, acme.org.id, shop.id);
  ASSERT_TRUE(app_key);
  EXPECT_EQ(app_key->size(), 20u);
  EXPECT_TRUE(std::ranges::all_of(*app_key, [](char c) { return c >= 'a' && c <= 'z'; }))
      << *app_key;
  EXPECT_EQ(*apps.reveal_key(acme.org.id, shop.id).value(), *app_key);

  // New organizations and applications too.
  auto other = orgs.create(actor, "Other");
  ASSERT_TRUE(other);
  EXPECT_TRUE(policy_violations(org_policy, other->api_key).empty()) << other->api_key;
  auto app = apps.register_application(actor, acme.org.id, {"api", "Node", "", {}, {}});
  ASSERT_TRUE(app);
  const auto new_app_key = apps.reveal_key(acme.org.id, app->app.id);
  ASSERT_TRUE(new_app_key && *new_app_key);
  EXPECT_TRUE(policy_violations(app_policy, **new_app_key).empty()) << **new_app_key;

  auto report = policies.compliance();
  ASSERT_TRUE(report);
  for (const auto& k : *report) {
    if (k.org_id == acme.org.id && k.app_id == shop.id) {
      EXPECT_TRUE(k.violations.empty());
    }
  }
}

TEST_F(PolicyServiceTest, AChosenApiKeyThatBreaksThePolicyIsRefusedNamingEveryRule) {
  const auto refused = orgs.set_api_key(actor, acme.org.id, "short-key");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kPolicyViolation);
  EXPECT_EQ(refused.error().details,
            (std::vector<std::string>{
                "must be at least 32 characters long, has 9", "needs at least 2 numerals, has 0",
                "needs at least 2 upper-case letters, has 0",
                "may contain only letters A-Z, a-z and digits 0-9, has 1 other character"}));
  EXPECT_NE(refused.error().message.find("must be at least 32 characters long"), std::string::npos);
  EXPECT_NE(refused.error().message.find("and more (see details)"), std::string::npos);
  // Nothing changed.
  EXPECT_TRUE(api_key_works(acme.api_key));
  EXPECT_FALSE(api_key_works("short-key"));
  EXPECT_EQ(memory.get_organization(acme.org.id)->version, acme.org.version);
  EXPECT_TRUE(testing::audit_records(memory, "org.api_key.set").empty());
}

TEST_F(PolicyServiceTest, AChosenApiKeyIsCheckedAgainstThePolicyInForceNotTheDefault) {
  set({40, 2, 2, 2}, kDefaultKeyPolicy);
  const std::string default_shaped = "Ab12Cd34efghijklmnopqrstuvwxyzAB";  // 32: fine by default
  const auto refused = orgs.set_api_key(actor, acme.org.id, default_shaped);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().details,
            std::vector<std::string>{"must be at least 40 characters long, has 32"});
  EXPECT_TRUE(api_key_works(acme.api_key));

  const std::string compliant = default_shaped + "CDEFGHIJ";
  ASSERT_TRUE(orgs.set_api_key(actor, acme.org.id, compliant));
  EXPECT_TRUE(api_key_works(compliant));
  EXPECT_FALSE(api_key_works(acme.api_key));
}

TEST_F(PolicyServiceTest, AChosenApplicationKeyThatBreaksThePolicyIsRefusedAndChangesNothing) {
  const std::string before = *apps.reveal_key(acme.org.id, shop.id).value();
  const auto refused =
      apps.set_key(actor, acme.org.id, shop.id, "abcdefghijklmnopqrstuvwxyzabcdef");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kPolicyViolation);
  EXPECT_EQ(refused.error().details,
            (std::vector<std::string>{"needs at least 2 numerals, has 0",
                                      "needs at least 2 upper-case letters, has 0"}));
  EXPECT_EQ(*apps.reveal_key(acme.org.id, shop.id).value(), before);
  EXPECT_TRUE(testing::audit_records(memory, "application.key.set").empty());
}

}  // namespace
}  // namespace keyward::service

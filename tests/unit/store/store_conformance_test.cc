// The contract of store/store.h, checked against every Store implementation.
#include <functional>
#include <map>
#include <memory>

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

class StoreConformance : public ::testing::TestWithParam<Implementation> {
 protected:
  void SetUp() override {
    handle_ = GetParam().open();
    ASSERT_NE(handle_.store, nullptr);
  }
  Store& store() { return *handle_.store; }

  Organization stored_org(std::string name = "Acme") {
    Organization org = make.organization(std::move(name));
    WriteBatch b;
    b.organizations.push_back(org);
    EXPECT_TRUE(store().apply(b));
    return org;
  }

  Status put(const Organization& o) {
    WriteBatch b;
    b.organizations.push_back(o);
    return store().apply(b);
  }
  Status put(const User& u) {
    WriteBatch b;
    b.users.push_back(u);
    return store().apply(b);
  }
  Status put(const NamedKey& k) {
    WriteBatch b;
    b.keys.push_back(k);
    return store().apply(b);
  }
  Status put(const Application& a) {
    WriteBatch b;
    b.applications.push_back(a);
    return store().apply(b);
  }

  EntityFactory make;
  StoreHandle handle_;
};

void expect_same(const Organization& a, const Organization& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.api_key, b.api_key);
  EXPECT_EQ(a.api_key_enabled, b.api_key_enabled);
  EXPECT_EQ(a.agent_username, b.agent_username);
  EXPECT_EQ(a.agent_key, b.agent_key);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.version, b.version);
}

void expect_same(const User& a, const User& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.username, b.username);
  EXPECT_EQ(a.password_hash, b.password_hash);
  EXPECT_EQ(a.service_key, b.service_key);
  EXPECT_EQ(a.system_admin, b.system_admin);
  EXPECT_EQ(a.memberships, b.memberships);
  EXPECT_EQ(a.failed_logins, b.failed_logins);
  EXPECT_EQ(a.locked_until, b.locked_until);
  EXPECT_EQ(a.password_change_required, b.password_change_required);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.version, b.version);
}

void expect_same(const NamedKey& a, const NamedKey& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.org_id, b.org_id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.scopes, b.scopes);
  EXPECT_EQ(a.token_hash, b.token_hash);
  EXPECT_EQ(a.public_token, b.public_token);
  EXPECT_EQ(a.hint, b.hint);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.expires_at, b.expires_at);
  EXPECT_EQ(a.grace_ends_at, b.grace_ends_at);
  EXPECT_EQ(a.revoked_at, b.revoked_at);
  EXPECT_EQ(a.last_used_at, b.last_used_at);
  EXPECT_EQ(a.rolled_from, b.rolled_from);
  EXPECT_EQ(a.disabled_at, b.disabled_at);
  EXPECT_EQ(a.version, b.version);
}

TEST_P(StoreConformance, OrganizationRoundTripsEveryField) {
  const Organization org = stored_org();
  auto got = store().get_organization(org.id);
  ASSERT_TRUE(got) << got.error().message;
  expect_same(*got, org);
}

TEST_P(StoreConformance, MissingEntitiesAreNotFound) {
  const Uuid nobody = Uuid::parse("00000000-0000-4000-8000-000000000001").value();
  EXPECT_EQ(store().get_organization(nobody).error().code, Errc::kNotFound);
  EXPECT_EQ(store().get_user(nobody).error().code, Errc::kNotFound);
  EXPECT_EQ(store().find_user("nobody@example.com").error().code, Errc::kNotFound);
  EXPECT_EQ(store().get_key(nobody).error().code, Errc::kNotFound);
  EXPECT_EQ(store().get_application(nobody).error().code, Errc::kNotFound);
}

TEST_P(StoreConformance, CreatingAnExistingIdFailsWithAlreadyExists) {
  const Organization org = stored_org();
  Organization again = org;
  again.api_key = make.secret();
  again.agent_key = make.secret();
  again.agent_username = "someone-else";
  EXPECT_EQ(put(again).error().code, Errc::kAlreadyExists);
}

TEST_P(StoreConformance, UpdateAtTheNextVersionReplacesTheEntity) {
  Organization org = stored_org();
  org.name = "Acme Renamed";
  org.api_key_enabled = false;
  org.version = 2;
  ASSERT_TRUE(put(org));
  expect_same(*store().get_organization(org.id), org);
}

TEST_P(StoreConformance, StaleUpdateIsAConflictAndChangesNothing) {
  Organization org = stored_org();
  Organization first = org, second = org;
  first.name = "First";
  first.version = 2;
  second.name = "Second";
  second.version = 2;
  ASSERT_TRUE(put(first));
  const auto lost = put(second);
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, Errc::kConflict);
  EXPECT_EQ(store().get_organization(org.id)->name, "First");
}

TEST_P(StoreConformance, UpdateOfAMissingEntityIsAConflict) {
  Organization org = make.organization();
  org.version = 5;
  EXPECT_EQ(put(org).error().code, Errc::kConflict);
}

TEST_P(StoreConformance, CredentialsOfOrganizationsAreUnique) {
  const Organization a = stored_org("A");
  Organization same_api_key = make.organization("B");
  same_api_key.api_key.lookup = a.api_key.lookup;
  EXPECT_EQ(put(same_api_key).error().code, Errc::kAlreadyExists);
  Organization same_agent_key = make.organization("C");
  same_agent_key.agent_key.lookup = a.agent_key.lookup;
  EXPECT_EQ(put(same_agent_key).error().code, Errc::kAlreadyExists);
  Organization same_agent = make.organization("D");
  same_agent.agent_username = a.agent_username;
  EXPECT_EQ(put(same_agent).error().code, Errc::kAlreadyExists);
  EXPECT_EQ(store().list_organizations()->size(), 1u);
}

TEST_P(StoreConformance, UserRoundTripsWithMembershipsAndLockState) {
  const Organization a = stored_org("A");
  const Organization b = stored_org("B");
  User user = make.user("ada@example.com", a.id, Role::kAdmin);
  user.memberships.push_back({b.id, Role::kMember});
  user.system_admin = true;
  user.failed_logins = 3;
  user.locked_until = make.at(900);
  user.password_change_required = true;
  ASSERT_TRUE(put(user));
  expect_same(*store().get_user(user.id), user);
  expect_same(*store().find_user("ada@example.com"), user);
  const auto all = store().list_users();
  ASSERT_EQ(all->size(), 1u);
  expect_same(all->front(), user);
}

TEST_P(StoreConformance, UpdatingAUserReplacesItsMemberships) {
  const Organization a = stored_org("A");
  const Organization b = stored_org("B");
  User user = make.user("ada@example.com", a.id, Role::kAdmin);
  ASSERT_TRUE(put(user));
  user.memberships = {{b.id, Role::kMember}};
  user.version = 2;
  ASSERT_TRUE(put(user));
  EXPECT_EQ(store().get_user(user.id)->memberships, user.memberships);
}

TEST_P(StoreConformance, UsernamesAreUniqueAndFoundRegardlessOfCase) {
  const Organization org = stored_org();
  ASSERT_TRUE(put(make.user("Ada@Example.com", org.id)));
  EXPECT_EQ(put(make.user("ada@example.COM", org.id)).error().code, Errc::kAlreadyExists);
  auto found = store().find_user("ADA@EXAMPLE.COM");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->username, "Ada@Example.com");
}

TEST_P(StoreConformance, ServiceKeysAreUnique) {
  const Organization org = stored_org();
  const User ada = make.user("ada@example.com", org.id);
  ASSERT_TRUE(put(ada));
  User bob = make.user("bob@example.com", org.id);
  bob.service_key.lookup = ada.service_key.lookup;
  EXPECT_EQ(put(bob).error().code, Errc::kAlreadyExists);
}

TEST_P(StoreConformance, MembershipOfAnUnknownOrganizationIsNotFound) {
  const Uuid ghost = Uuid::parse("00000000-0000-4000-8000-0000000000aa").value();
  EXPECT_EQ(put(make.user("ada@example.com", ghost)).error().code, Errc::kNotFound);
  EXPECT_EQ(store().find_user("ada@example.com").error().code, Errc::kNotFound);
}

TEST_P(StoreConformance, KeyRoundTripsEveryField) {
  const Organization org = stored_org();
  NamedKey key = make.key(org.id, KeyKind::kPublic);
  key.expires_at = make.at(5000);
  key.grace_ends_at = make.at(4000);
  key.rolled_from = Uuid::parse("00000000-0000-4000-8000-0000000000bb").value();
  key.last_used_at = make.at(100);
  key.disabled_at = make.at(200);
  ASSERT_TRUE(put(key));
  expect_same(*store().get_key(key.id), key);
}

TEST_P(StoreConformance, AKeyIsDisabledAndEnabledAgainByAnUpdate) {
  const Organization org = stored_org();
  NamedKey key = make.key(org.id);
  ASSERT_TRUE(put(key));
  key.disabled_at = make.at(300);
  key.version = 2;
  ASSERT_TRUE(put(key));
  EXPECT_EQ(store().get_key(key.id)->disabled_at, make.at(300));
  EXPECT_EQ(store().list_keys(org.id)->front().disabled_at, make.at(300));
  key.disabled_at.reset();
  key.version = 3;
  ASSERT_TRUE(put(key));
  expect_same(*store().get_key(key.id), key);
}

TEST_P(StoreConformance, KeyWithoutOptionalDatesRoundTrips) {
  const Organization org = stored_org();
  const NamedKey key = make.key(org.id);
  ASSERT_TRUE(put(key));
  expect_same(*store().get_key(key.id), key);
}

TEST_P(StoreConformance, KeysNeedTheirOrganizationAndUniqueTokens) {
  const Organization org = stored_org();
  const Uuid ghost = Uuid::parse("00000000-0000-4000-8000-0000000000cc").value();
  EXPECT_EQ(put(make.key(ghost)).error().code, Errc::kNotFound);
  const NamedKey first = make.key(org.id);
  ASSERT_TRUE(put(first));
  NamedKey twin = make.key(org.id);
  twin.token_hash = first.token_hash;
  EXPECT_EQ(put(twin).error().code, Errc::kAlreadyExists);
}

TEST_P(StoreConformance, KeyListsAreByOrganizationInCreationOrder) {
  const Organization a = stored_org("A");
  const Organization b = stored_org("B");
  const NamedKey k1 = make.key(a.id), k2 = make.key(b.id), k3 = make.key(a.id);
  for (const auto& k : {k1, k2, k3}) ASSERT_TRUE(put(k));
  const auto of_a = store().list_keys(a.id);
  ASSERT_EQ(of_a->size(), 2u);
  EXPECT_EQ((*of_a)[0].id, k1.id);
  EXPECT_EQ((*of_a)[1].id, k3.id);
}

TEST_P(StoreConformance, UnrevokedKeysSpanOrganizationsAndLeaveOutRevokedOnes) {
  const Organization a = stored_org("A");
  const Organization b = stored_org("B");
  NamedKey revoked = make.key(a.id);
  const NamedKey live = make.key(b.id);
  ASSERT_TRUE(put(revoked));
  ASSERT_TRUE(put(live));
  revoked.revoked_at = make.at(50);
  revoked.version = 2;
  ASSERT_TRUE(put(revoked));
  std::vector<IndexedKeyRow> keys;
  ASSERT_TRUE(store().scan_unrevoked_keys([&](const IndexedKeyRow& k) { keys.push_back(k); }));
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys.front().id, live.id);
  EXPECT_EQ(keys.front().org_id, live.org_id);
  EXPECT_EQ(keys.front().kind, live.kind);
  EXPECT_EQ(keys.front().scopes, live.scopes);
  EXPECT_EQ(keys.front().token_hash, live.token_hash);
  EXPECT_EQ(keys.front().expires_at, live.expires_at);
  EXPECT_EQ(keys.front().version, live.version);
  EXPECT_FALSE(keys.front().disabled);
  EXPECT_EQ(store().list_keys(a.id)->size(), 1u);  // still listed for its organization
}

TEST_P(StoreConformance, UnrevokedKeysSayWhichAreDisabled) {
  const Organization org = stored_org();
  NamedKey disabled = make.key(org.id);
  disabled.disabled_at = make.at(10);
  const NamedKey enabled = make.key(org.id);
  ASSERT_TRUE(put(disabled));
  ASSERT_TRUE(put(enabled));
  std::vector<IndexedKeyRow> keys;
  ASSERT_TRUE(store().scan_unrevoked_keys([&](const IndexedKeyRow& k) { keys.push_back(k); }));
  ASSERT_EQ(keys.size(), 2u);
  for (const auto& k : keys) EXPECT_EQ(k.disabled, k.id == disabled.id) << k.id.to_string();
}

TEST_P(StoreConformance, ABatchIsAppliedWhollyOrNotAtAll) {
  const Organization existing = stored_org("Existing");
  const auto journal_before = *store().last_change();
  WriteBatch batch;
  Organization fresh = make.organization("Fresh");
  batch.organizations.push_back(fresh);
  NamedKey bad = make.key(fresh.id);
  batch.keys.push_back(bad);
  NamedKey conflicting = make.key(existing.id);
  conflicting.version = 7;  // no such key at version 6: the whole batch must fail
  batch.keys.push_back(conflicting);
  ASSERT_FALSE(store().apply(batch));
  EXPECT_EQ(store().get_organization(fresh.id).error().code, Errc::kNotFound);
  EXPECT_EQ(store().get_key(bad.id).error().code, Errc::kNotFound);
  EXPECT_EQ(*store().last_change(), journal_before);
}

TEST_P(StoreConformance, ABatchCanCreateAnOrganizationWithItsKeysAndUsers) {
  WriteBatch batch;
  const Organization org = make.organization();
  batch.organizations.push_back(org);
  batch.keys.push_back(make.key(org.id, KeyKind::kPublic));
  batch.users.push_back(make.user("ada@example.com", org.id, Role::kAdmin));
  ASSERT_TRUE(store().apply(batch));
  EXPECT_EQ(store().list_keys(org.id)->size(), 1u);
  EXPECT_EQ(store().find_user("ada@example.com")->memberships.front().org_id, org.id);
}

TEST_P(StoreConformance, ApplicationsRoundTripAndAreUniquePerNameAndLanguage) {
  const Organization org = stored_org();
  const Application app = make.application(org.id);
  ASSERT_TRUE(put(app));
  const auto got = store().get_application(app.id);
  EXPECT_EQ(got->name, app.name);
  EXPECT_EQ(got->language, app.language);
  EXPECT_EQ(got->org_id, org.id);
  EXPECT_EQ(got->created_at, app.created_at);
  EXPECT_EQ(got->last_seen_at, app.last_seen_at);
  EXPECT_EQ(put(make.application(org.id)).error().code, Errc::kAlreadyExists);
  Application other_language = make.application(org.id);
  other_language.language = "Node";
  EXPECT_TRUE(put(other_language));
  EXPECT_EQ(store().list_applications(org.id)->size(), 2u);
}

TEST_P(StoreConformance, EveryWriteIsJournaledInOrder) {
  EXPECT_EQ(*store().last_change(), 0);
  const Organization org = stored_org();
  const NamedKey key = make.key(org.id);
  ASSERT_TRUE(put(key));
  const User user = make.user("ada@example.com", org.id);
  ASSERT_TRUE(put(user));
  const auto all = store().changes_after(0, 100);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].kind, EntityKind::kOrganization);
  EXPECT_EQ((*all)[0].id, org.id);
  EXPECT_EQ((*all)[1].kind, EntityKind::kKey);
  EXPECT_EQ((*all)[1].id, key.id);
  EXPECT_EQ((*all)[2].kind, EntityKind::kUser);
  EXPECT_LT((*all)[0].seq, (*all)[1].seq);
  EXPECT_LT((*all)[1].seq, (*all)[2].seq);
  EXPECT_EQ(*store().last_change(), (*all)[2].seq);
  const auto page = store().changes_after((*all)[0].seq, 1);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ(page->front().id, key.id);
  EXPECT_TRUE(store().changes_after((*all)[2].seq, 10)->empty());
}

TEST_P(StoreConformance, PruningDropsOldEntriesAndTellsReadersThatFellBehind) {
  stored_org("A");
  stored_org("B");
  const Organization c = stored_org("C");
  const auto all = *store().changes_after(0, 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(*store().pruned_through(), 0);

  ASSERT_EQ(*store().prune_changes(all[1].seq), 2u);
  EXPECT_EQ(*store().pruned_through(), all[1].seq);
  EXPECT_EQ(*store().last_change(), all[2].seq);  // the position survives pruning
  const auto rest = store().changes_after(all[1].seq, 10);
  ASSERT_TRUE(rest) << rest.error().message;
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ(rest->front().id, c.id);
  // A reader still at the first entry missed the second: it is told to reload, not given a gap.
  const auto behind = store().changes_after(all[0].seq, 10);
  ASSERT_FALSE(behind);
  EXPECT_EQ(behind.error().code, Errc::kNotFound);
  EXPECT_NE(behind.error().message.find("reload"), std::string::npos);

  EXPECT_EQ(*store().prune_changes(all[0].seq), 0u);  // the pruning point never moves back
  EXPECT_EQ(*store().pruned_through(), all[1].seq);
  // Pruning past the end stops at the last position, so positions yet to come are never lost.
  ASSERT_EQ(*store().prune_changes(all[2].seq + 100), 1u);
  EXPECT_EQ(*store().pruned_through(), all[2].seq);
  EXPECT_EQ(*store().last_change(), all[2].seq);
  EXPECT_TRUE(store().changes_after(all[2].seq, 10)->empty());
  const Organization d = stored_org("D");
  const auto after = store().changes_after(all[2].seq, 10);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->front().id, d.id);
  EXPECT_GT(after->front().seq, all[2].seq);
}

TEST_P(StoreConformance, UsageOnlyEverMovesLastUsedForward) {
  const Organization org = stored_org();
  const NamedKey key = make.key(org.id);
  ASSERT_TRUE(put(key));
  const auto journal = *store().last_change();
  const KeyUsage later{key.id, make.at(200)};
  const KeyUsage earlier{key.id, make.at(100)};
  const KeyUsage unknown{Uuid::parse("00000000-0000-4000-8000-0000000000dd").value(), make.at(1)};
  ASSERT_TRUE(store().record_usage(std::vector{later, unknown}));
  ASSERT_TRUE(store().record_usage(std::vector{earlier}));
  const auto got = store().get_key(key.id);
  EXPECT_EQ(got->last_used_at, make.at(200));
  EXPECT_EQ(got->version, 1);                  // usage is not a change
  EXPECT_EQ(*store().last_change(), journal);  // and is not journaled
}

TEST_P(StoreConformance, WritingAKeyKeepsItsRecordedUsage) {
  const Organization org = stored_org();
  NamedKey key = make.key(org.id);
  ASSERT_TRUE(put(key));
  ASSERT_TRUE(store().record_usage(std::vector{KeyUsage{key.id, make.at(300)}}));
  key.revoked_at = make.at(400);
  key.version = 2;  // the caller's copy has no last_used_at
  ASSERT_TRUE(put(key));
  EXPECT_EQ(store().get_key(key.id)->last_used_at, make.at(300));
}

// A key with every control, as the key service makes one.
NamedKey controlled(NamedKey key, Timestamp set_at) {
  key.controls.scopes = {"invoices:read", "reports.export"};
  key.controls.rate_limits = {{100, 1}, {10'000, 86'400}};
  key.controls.credits = Credits{1000, CreditRefill{1000, 86'400}, set_at};
  key.controls.allowed_ips = {*IpNetwork::parse("203.0.113.0/24"),
                              *IpNetwork::parse("2001:db8::/32")};
  return key;
}

TEST_P(StoreConformance, AKeysControlsComeBackAsTheyWereWrittenAndLoadIntoTheIndex) {
  const Organization org = stored_org();
  const NamedKey key = controlled(make.key(org.id), make.at(10));
  ASSERT_TRUE(put(key));
  const auto got = store().get_key(key.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->controls, key.controls);
  bool seen = false;
  ASSERT_TRUE(store().scan_unrevoked_keys([&](const IndexedKeyRow& row) {
    if (row.id != key.id) return;
    seen = true;
    EXPECT_EQ(row.controls, key.controls);
  }));
  EXPECT_TRUE(seen);
  // A key without controls has none.
  const NamedKey plain = make.key(org.id);
  ASSERT_TRUE(put(plain));
  EXPECT_TRUE(store().get_key(plain.id)->controls.empty());
}

TEST_P(StoreConformance, SpentCreditsAreSubtractedNeverBelowZeroAndRefillsStartAPeriod) {
  const Organization org = stored_org();
  const NamedKey key = controlled(make.key(org.id), make.at(10));
  ASSERT_TRUE(put(key));
  const auto journal = *store().last_change();

  auto spent = store().spend_credits(std::vector{CreditSpend{key.id, 300, make.at(10), 1000}});
  ASSERT_TRUE(spent);
  ASSERT_EQ(spent->size(), 1u);
  EXPECT_EQ(spent->front().remaining, 700);
  // Two nodes' spending adds up, and the count stops at zero.
  spent = store().spend_credits(std::vector{CreditSpend{key.id, 500, make.at(10), 1000},
                                            CreditSpend{key.id, 500, make.at(10), 1000}});
  EXPECT_EQ(spent->back().remaining, 0);
  // A refill the store has not recorded: the new period's count, less what it spent.
  spent = store().spend_credits(std::vector{CreditSpend{key.id, 5, make.at(20), 1000}});
  EXPECT_EQ(spent->front().remaining, 995);
  EXPECT_EQ(spent->front().set_at, make.at(20));
  // Spending reported late for the period before changes nothing.
  spent = store().spend_credits(std::vector{CreditSpend{key.id, 50, make.at(10), 1000}});
  EXPECT_EQ(spent->front().remaining, 995);

  const auto balances = store().credit_balances();
  ASSERT_TRUE(balances);
  ASSERT_EQ(balances->size(), 1u);
  EXPECT_EQ(balances->front().remaining, 995);
  EXPECT_EQ(store().get_key(key.id)->version, 1);  // spending is not a change
  EXPECT_EQ(*store().last_change(), journal);      // and is not journaled
}

// One write carries every spending key's count, more than one statement's worth (256 in the SQL
// stores), and each key gets its own spending and nobody else's.
TEST_P(StoreConformance, SpendingOfManyKeysInOneWriteReachesEachKey) {
  const Organization org = stored_org();
  std::vector<CreditSpend> spends;
  for (int i = 0; i < 300; ++i) {
    const NamedKey key = controlled(make.key(org.id), make.at(10));
    ASSERT_TRUE(put(key));
    spends.push_back({key.id, i + 1, make.at(10), 1000});
  }
  const auto spent = store().spend_credits(spends);
  ASSERT_TRUE(spent);
  ASSERT_EQ(spent->size(), spends.size());
  std::map<Uuid, std::int64_t> remaining;
  for (const auto& b : *spent) remaining[b.key_id] = b.remaining;
  for (const auto& s : spends) EXPECT_EQ(remaining[s.key_id], 1000 - s.spent);
  const auto balances = store().credit_balances();
  ASSERT_TRUE(balances);
  ASSERT_EQ(balances->size(), spends.size());
  for (const auto& b : *balances) EXPECT_EQ(b.remaining, remaining[b.key_id]);
}

TEST_P(StoreConformance, AWriteForAnotherReasonKeepsTheSpentCountAndOneThatSetsItReplacesIt) {
  const Organization org = stored_org();
  NamedKey key = controlled(make.key(org.id), make.at(10));
  ASSERT_TRUE(put(key));
  ASSERT_TRUE(store().spend_credits(std::vector{CreditSpend{key.id, 400, make.at(10), 1000}}));
  key.name = "renamed";  // the caller's copy still says 1000
  key.version = 2;
  ASSERT_TRUE(put(key));
  EXPECT_EQ(store().get_key(key.id)->controls.credits->remaining, 600);
  key.controls.credits->remaining = 50;  // an administrator sets the count afresh
  key.controls.credits->set_at = make.at(30);
  key.version = 3;
  ASSERT_TRUE(put(key));
  EXPECT_EQ(store().get_key(key.id)->controls.credits->remaining, 50);
  key.controls.credits.reset();  // and removes the credits
  key.version = 4;
  ASSERT_TRUE(put(key));
  EXPECT_FALSE(store().get_key(key.id)->controls.credits);
  EXPECT_TRUE(store().credit_balances()->empty());
}

TEST_P(StoreConformance, OrganizationsAreListedInCreationOrder) {
  const Organization first = stored_org("First");
  const Organization second = stored_org("Second");
  const auto orgs = store().list_organizations();
  ASSERT_EQ(orgs->size(), 2u);
  EXPECT_EQ((*orgs)[0].id, first.id);
  EXPECT_EQ((*orgs)[1].id, second.id);
}

INSTANTIATE_TEST_SUITE_P(AllStores, StoreConformance, ::testing::ValuesIn(implementations()),
                         implementation_name);

}  // namespace
}  // namespace keyward::store

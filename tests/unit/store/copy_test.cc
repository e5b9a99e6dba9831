// Copying an installation into every kind of store: everything arrives, credentials as stored,
// and a target that already holds data is refused untouched.
#include "store/copy.h"

#include <gtest/gtest.h>

#include "store/memory/memory_store.h"
#include "unit/store/entities.h"
#include "unit/store/implementations.h"

namespace keyward::store {
namespace {

using testing::EntityFactory;
using testing::Implementation;
using testing::implementation_name;
using testing::implementations;
using testing::StoreHandle;

class StoreCopy : public ::testing::TestWithParam<Implementation> {
 protected:
  void SetUp() override {
    handle_ = GetParam().open();
    ASSERT_NE(handle_.store, nullptr);
    org = make.organization();
    user = make.user("ada@example.com", org.id, Role::kAdmin);
    live = make.key(org.id);
    live.disabled_at = make.at(5);
    revoked = make.key(org.id, KeyKind::kPublic);
    app = make.application(org.id);
    WriteBatch b;
    b.organizations.push_back(org);
    b.users.push_back(user);
    b.keys = {live, revoked};
    b.applications.push_back(app);
    for (int i = 0; i < 3; ++i) b.traces.push_back(make.trace(app, "hash-" + std::to_string(i)));
    for (const char* action : {"org.create", "key.create", "key.delete"}) {
      AuditEvent e;
      e.at = make.at(10);
      e.actor = "command";
      e.org_id = org.id;
      e.action = action;
      e.target = "org:" + org.id.to_string();
      b.audit.push_back(e);
    }
    active.id = Uuid::parse("10000000-0000-4000-8000-000000000001").value();
    active.token_hash = make.digest();
    active.csrf_hash = make.digest();
    active.user_id = user.id;
    active.created_at = make.at(0);
    active.expires_at = make.at(3600);
    Session expired = active;
    expired.id = Uuid::parse("10000000-0000-4000-8000-000000000002").value();
    expired.token_hash = make.digest();
    expired.expires_at = make.at(60);
    b.sessions = {active, expired};
    ASSERT_TRUE(source.apply(b));
    // History: versions above 1, a recorded use, saved settings.
    revoked.revoked_at = make.at(50);
    revoked.version = 2;
    SystemSettings settings;
    settings.org_api_key.length = 40;
    settings.version = 1;
    WriteBatch later;
    later.keys.push_back(revoked);
    later.settings = settings;
    ASSERT_TRUE(source.apply(later));
    ASSERT_TRUE(source.record_usage(std::vector{KeyUsage{live.id, make.at(120)}}));
  }
  Store& target() { return *handle_.store; }

  EntityFactory make;
  MemoryStore source;
  StoreHandle handle_;
  Organization org;
  User user;
  NamedKey live, revoked;
  Application app;
  Session active;
};

TEST_P(StoreCopy, EverythingArrivesWithCredentialsAsStored) {
  const auto counts = copy_store(source, target(), make.at(100));
  ASSERT_TRUE(counts) << counts.error().message;
  EXPECT_EQ(counts->organizations, 1u);
  EXPECT_EQ(counts->users, 1u);
  EXPECT_EQ(counts->keys, 2u);
  EXPECT_EQ(counts->applications, 1u);
  EXPECT_EQ(counts->traces, 3u);
  EXPECT_EQ(counts->sessions, 1u);  // the expired one stays behind
  EXPECT_EQ(counts->audit_records, 3u);

  const auto got_org = target().get_organization(org.id);
  ASSERT_TRUE(got_org);
  EXPECT_EQ(got_org->api_key, org.api_key);
  EXPECT_EQ(got_org->agent_key, org.agent_key);
  const auto got_user = target().find_user("ada@example.com");
  ASSERT_TRUE(got_user);
  EXPECT_EQ(got_user->service_key, user.service_key);
  EXPECT_EQ(got_user->memberships, user.memberships);
  const auto got_live = target().get_key(live.id);
  EXPECT_EQ(got_live->token_hash, live.token_hash);
  EXPECT_EQ(got_live->last_used_at, make.at(120));
  EXPECT_EQ(got_live->disabled_at, make.at(5));
  EXPECT_EQ(target().get_key(revoked.id)->revoked_at, make.at(50));
  size_t unrevoked = 0;
  ASSERT_TRUE(target().scan_unrevoked_keys([&](const IndexedKeyRow&) { ++unrevoked; }));
  EXPECT_EQ(unrevoked, 1u);
  EXPECT_EQ(target().get_settings()->org_api_key.length, 40);
  EXPECT_EQ(target().get_session(active.id)->token_hash, active.token_hash);
  TraceQuery traces;
  traces.org_id = org.id;
  EXPECT_EQ(target().query_traces(traces)->total, 3u);
  const auto audit = target().list_audit(AuditQuery{});
  ASSERT_EQ(audit->size(), 3u);
  EXPECT_EQ((*audit)[0].action, "key.delete");  // newest first, in the original order
  EXPECT_EQ((*audit)[2].action, "org.create");

  // The copy is a new history: every entity at version 1, so the next change is version 2.
  EXPECT_EQ(target().get_key(revoked.id)->version, 1);
  NamedKey renamed = *target().get_key(live.id);
  renamed.name = "renamed";
  renamed.version = 2;
  WriteBatch b;
  b.keys.push_back(renamed);
  EXPECT_TRUE(target().apply(b));
}

TEST_P(StoreCopy, ATargetThatHoldsDataIsRefusedAndLeftAlone) {
  ASSERT_TRUE(copy_store(source, target(), make.at(100)));
  const auto journal = *target().last_change();
  const auto again = copy_store(source, target(), make.at(100));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::kAlreadyExists);
  EXPECT_NE(again.error().message.find("already holds"), std::string::npos);
  EXPECT_EQ(*target().last_change(), journal);
  EXPECT_FALSE(*is_empty(target()));
}

TEST_P(StoreCopy, ANewStoreIsEmpty) { EXPECT_TRUE(*is_empty(target())); }

INSTANTIATE_TEST_SUITE_P(AllStores, StoreCopy, ::testing::ValuesIn(implementations()),
                         implementation_name);

}  // namespace
}  // namespace keyward::store

#include "service/key_table.h"

#include <random>
#include <thread>
#include <unordered_map>

#include <gtest/gtest.h>

#include "unit/store/entities.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

class KeyTableTest : public ::testing::Test {
 protected:
  NamedKey revoked(NamedKey key, Timestamp at) {
    key.revoked_at = at;
    ++key.version;
    return key;
  }

  testing::EntityFactory make;
  testing::SeededRandom make_random{7};
  const Uuid org = Uuid::random(make_random);
  KeyTable table;
};

TEST_F(KeyTableTest, FindsAKeyByItsTokenHash) {
  NamedKey key = make.key(org);
  key.expires_at = make.at(100);
  table.put(key);
  const auto found = table.find(key.token_hash, make.at(10));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->key_id, key.id);
  EXPECT_EQ(found->org_id, org);
  EXPECT_EQ(found->kind, KeyKind::kSecret);
  EXPECT_EQ(found->scopes, key.scopes);
  EXPECT_EQ(found->ends_at, make.at(100));
  EXPECT_TRUE(found->usable);
  EXPECT_FALSE(table.find(make.digest(), make.at(10)));
  EXPECT_EQ(table.size(), 1u);
}

TEST_F(KeyTableTest, AKeyEndsAtItsExpiryOrTheEndOfItsGraceWhicheverIsFirst) {
  NamedKey key = make.key(org);
  key.expires_at = make.at(100);
  key.grace_ends_at = make.at(50);
  table.put(key);
  EXPECT_EQ(table.find(key.token_hash, make.at(10))->ends_at, make.at(50));
  EXPECT_TRUE(table.find(key.token_hash, make.at(49))->usable);
  // Still found, so the audit log can say "expired key", but no longer usable.
  EXPECT_FALSE(table.find(key.token_hash, make.at(50))->usable);
}

TEST_F(KeyTableTest, ADeletedKeyIsGoneAndAStaleCopyCannotBringItBack) {
  const NamedKey key = make.key(org);
  table.put(key);
  table.put(revoked(key, make.at(10)));
  EXPECT_FALSE(table.find(key.token_hash, make.at(11)));
  table.put(key);  // version 1, arriving late from the journal
  EXPECT_FALSE(table.find(key.token_hash, make.at(11)));
  EXPECT_EQ(table.size(), 0u);
}

TEST_F(KeyTableTest, ADisabledKeyIsFoundButNotUsableUntilEnabledAgain) {
  NamedKey key = make.key(org);
  key.expires_at = make.at(100);
  table.put(key);
  NamedKey disabled = key;
  disabled.disabled_at = make.at(5);
  disabled.version = 2;
  table.put(disabled);
  // Found, with everything the audit log needs, but not usable; its use is not recorded.
  const auto found = table.use(key.token_hash, make.at(10));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->key_id, key.id);
  EXPECT_EQ(found->org_id, org);
  EXPECT_EQ(found->ends_at, make.at(100));
  EXPECT_TRUE(found->disabled);
  EXPECT_FALSE(found->usable);
  EXPECT_FALSE(table.last_used(key.token_hash));
  EXPECT_EQ(table.size(), 1u);  // a disabled key is no tombstone

  table.put(key);  // version 1, arriving late from the journal: still disabled
  EXPECT_FALSE(table.find(key.token_hash, make.at(10))->usable);

  NamedKey enabled = disabled;
  enabled.disabled_at.reset();
  enabled.version = 3;
  table.put(enabled);
  const auto again = table.use(key.token_hash, make.at(20));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->disabled);
  EXPECT_TRUE(again->usable);
  EXPECT_EQ(table.last_used(key.token_hash), make.at(20));
}

TEST_F(KeyTableTest, ADisabledKeyPastItsEndIsExpiredNotDisabled) {
  NamedKey key = make.key(org);
  key.expires_at = make.at(100);
  key.disabled_at = make.at(5);
  table.put(key);
  EXPECT_TRUE(table.find(key.token_hash, make.at(99))->disabled);
  const auto ended = table.find(key.token_hash, make.at(100));
  ASSERT_TRUE(ended);
  EXPECT_FALSE(ended->disabled);
  EXPECT_FALSE(ended->usable);
}

TEST_F(KeyTableTest, TheDisabledFlagComesFromTheStoresRowsToo) {
  store::IndexedKeyRow row;
  row.id = Uuid::random(make_random);
  row.org_id = org;
  row.token_hash = make.digest();
  row.disabled = true;
  table.put(row);
  EXPECT_FALSE(table.find(row.token_hash, make.at(1))->usable);
  row.disabled = false;
  row.version = 2;
  table.put(row);
  EXPECT_TRUE(table.find(row.token_hash, make.at(1))->usable);
}

TEST_F(KeyTableTest, DeletingADisabledKeyLeavesATombstone) {
  NamedKey key = make.key(org);
  key.disabled_at = make.at(1);
  table.put(key);
  table.put(revoked(key, make.at(2)));
  EXPECT_FALSE(table.find(key.token_hash, make.at(3)));
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.prune(make.at(2) + 601s, 600s, 3600s), 1u);
}

TEST_F(KeyTableTest, PruningForgetsTombstonesAndLongExpiredKeysOnly) {
  const NamedKey deleted = make.key(org);
  table.put(deleted);
  table.put(revoked(deleted, make.at(0)));
  NamedKey expired = make.key(org);
  expired.expires_at = make.at(0);
  table.put(expired);
  NamedKey rolled = make.key(org);
  rolled.grace_ends_at = make.at(500);
  table.put(rolled);
  const NamedKey live = make.key(org);
  table.put(live);

  EXPECT_EQ(table.prune(make.at(100), 600s, 3600s), 0u);   // all still within their life
  EXPECT_EQ(table.prune(make.at(601), 600s, 3600s), 1u);   // the tombstone
  EXPECT_EQ(table.prune(make.at(3601), 600s, 3600s), 1u);  // the expired key
  EXPECT_EQ(table.prune(make.at(4101), 600s, 3600s), 1u);  // the rolled key, an hour past grace
  EXPECT_FALSE(table.find(expired.token_hash, make.at(4101)));
  EXPECT_FALSE(table.find(rolled.token_hash, make.at(4101)));
  EXPECT_TRUE(table.find(live.token_hash, make.at(4101)));
  EXPECT_EQ(table.size(), 1u);
}

TEST_F(KeyTableTest, RecordsTheUseOfUsableKeysOnly) {
  NamedKey key = make.key(org);
  key.expires_at = make.at(100);
  table.put(key);
  EXPECT_FALSE(table.last_used(key.token_hash));
  ASSERT_TRUE(table.use(key.token_hash, make.at(10) + 400ms));
  EXPECT_EQ(table.last_used(key.token_hash), make.at(10));  // to the second
  ASSERT_TRUE(table.use(key.token_hash, make.at(20)));
  ASSERT_TRUE(table.use(key.token_hash, make.at(15)));  // never goes back
  EXPECT_EQ(table.last_used(key.token_hash), make.at(20));
  ASSERT_TRUE(table.use(key.token_hash, make.at(200)));  // found, expired: not a use
  EXPECT_EQ(table.last_used(key.token_hash), make.at(20));
}

TEST_F(KeyTableTest, UsageIsDueOnceItIsAGranularityPastWhatTheStoreHolds) {
  NamedKey key = make.key(org);
  key.last_used_at = make.at(100);  // what the store holds
  table.put(key);
  std::vector<PendingUse> due;
  table.use(key.token_hash, make.at(130));
  table.collect_usage(due, 10, 60s);
  EXPECT_TRUE(due.empty());
  table.collect_usage(due, 10, 60s, /*all=*/true);  // at shutdown everything newer goes
  ASSERT_EQ(due.size(), 1u);
  due.clear();
  table.use(key.token_hash, make.at(160));
  table.collect_usage(due, 10, 60s);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].key_id, key.id);
  EXPECT_EQ(due[0].used_at, make.at(160));
  table.mark_persisted(due);
  due.clear();
  table.collect_usage(due, 10, 60s, /*all=*/true);
  EXPECT_TRUE(due.empty());
}

TEST_F(KeyTableTest, AFirstUseIsAlwaysDue) {
  const NamedKey key = make.key(org);
  table.put(key);
  table.use(key.token_hash, make.at(1));
  std::vector<PendingUse> due;
  table.collect_usage(due, 10, 3600s);
  EXPECT_EQ(due.size(), 1u);
}

TEST_F(KeyTableTest, CollectingIsBoundedAndResumesWhereItStopped) {
  std::vector<NamedKey> keys;
  for (int i = 0; i < 25; ++i) {
    keys.push_back(make.key(org));
    table.put(keys.back());
    table.use(keys.back().token_hash, make.at(5));
  }
  std::vector<PendingUse> due;
  table.collect_usage(due, 10, 60s);
  EXPECT_EQ(due.size(), 10u);
  table.mark_persisted(due);
  table.collect_usage(due, 10, 60s);
  table.mark_persisted(due);
  table.collect_usage(due, 10, 60s);
  table.mark_persisted(due);
  EXPECT_EQ(due.size(), 25u);
  std::vector<Uuid> ids;
  for (const auto& d : due) ids.push_back(d.key_id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::unique(ids.begin(), ids.end()), ids.end()) << "a key was collected twice";
}

// Random inserts, deletions and prunes against a plain map: every key the model holds is found,
// every other is not, whatever the table did to its slots and buckets along the way.
TEST_F(KeyTableTest, StaysConsistentWithAModelThroughGrowthAndRemoval) {
  std::mt19937_64 rng(11);
  std::unordered_map<Uuid, NamedKey, UuidHash> model;
  std::vector<NamedKey> ever;
  for (int step = 0; step < 60'000; ++step) {
    const auto dice = rng() % 10;
    if (dice < 6 || model.empty()) {
      NamedKey key = make.key(org);
      table.put(key);
      model.emplace(key.id, key);
      ever.push_back(key);
    } else {
      auto it = model.begin();
      std::advance(it, static_cast<long>(rng() % std::min<size_t>(model.size(), 64)));
      table.put(revoked(it->second, make.at(0)));
      model.erase(it);
    }
    if (step % 20'000 == 19'999) table.prune(make.at(10'000), 60s, 60s);
  }
  EXPECT_EQ(table.size(), model.size());
  for (const auto& key : ever) {
    EXPECT_EQ(table.find(key.token_hash, make.at(1)).has_value(), model.contains(key.id));
  }
}

TEST_F(KeyTableTest, SwapReplacesTheContents) {
  const NamedKey old_key = make.key(org);
  table.put(old_key);
  KeyTable fresh;
  const NamedKey new_key = make.key(org);
  fresh.put(new_key);
  table.swap(fresh);
  EXPECT_FALSE(table.find(old_key.token_hash, make.at(1)));
  EXPECT_TRUE(table.find(new_key.token_hash, make.at(1)));
  EXPECT_TRUE(fresh.find(old_key.token_hash, make.at(1)));
}

TEST_F(KeyTableTest, AMillionKeysTakeUnderAHundredBytesEach) {
  constexpr int kKeys = 1'000'000;
  store::IndexedKeyRow row;
  row.org_id = org;
  for (int i = 0; i < kKeys; ++i) {
    row.token_hash = make.digest();
    row.id = Uuid::random(make_random);
    table.put(row);
  }
  EXPECT_LT(table.memory_bytes() / kKeys, 100u) << table.memory_bytes() << " bytes";
}

// Readers never see a half-written key: lookups of keys that stay put keep succeeding while
// another thread adds and deletes thousands of others (run under ThreadSanitizer too).
TEST_F(KeyTableTest, LookupsRunConcurrentlyWithWrites) {
  std::vector<NamedKey> stable;
  for (int i = 0; i < 1000; ++i) {
    stable.push_back(make.key(org));
    table.put(stable.back());
  }
  std::vector<NamedKey> churn;
  for (int i = 0; i < 20'000; ++i) churn.push_back(make.key(org));
  std::atomic<bool> done{false};
  std::atomic<int> misses{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      size_t i = 0;
      while (!done.load()) {
        if (!table.use(stable[i++ % stable.size()].token_hash, make.at(1))) ++misses;
      }
    });
  }
  for (auto& key : churn) table.put(key);
  for (auto& key : churn) table.put(revoked(key, make.at(0)));
  table.prune(make.at(100'000), 1s, 1s);
  done = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(misses.load(), 0);
  EXPECT_EQ(table.size(), stable.size());
}

}  // namespace
}  // namespace keyward::service

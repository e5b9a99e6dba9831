#include "service/usage_flusher.h"

#include <gtest/gtest.h>

#include "store/memory/memory_store.h"
#include "support/fault_injecting_store.h"
#include "unit/store/entities.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

class UsageFlusherTest : public ::testing::Test {
 protected:
  NamedKey stored_key() {
    NamedKey key = make.key(org.id);
    store::WriteBatch b;
    b.keys.push_back(key);
    EXPECT_TRUE(memory.apply(b));
    keys.put(key);
    return key;
  }
  void SetUp() override {
    store::WriteBatch b;
    b.organizations.push_back(org);
    ASSERT_TRUE(memory.apply(b));
  }

  testing::EntityFactory make;
  const Organization org = make.organization();
  store::MemoryStore memory;
  testing::FaultInjectingStore store{memory};
  KeyTable keys;
};

TEST_F(UsageFlusherTest, WritesTheLatestUseOfEachKey) {
  const NamedKey a = stored_key();
  const NamedKey b = stored_key();
  keys.use(a.token_hash, make.at(10));
  keys.use(a.token_hash, make.at(30));
  keys.use(b.token_hash, make.at(20));
  UsageFlusher flusher(store, keys);
  EXPECT_EQ(*flusher.flush(), 2u);
  EXPECT_EQ(memory.get_key(a.id)->last_used_at, make.at(30));
  EXPECT_EQ(memory.get_key(b.id)->last_used_at, make.at(20));
  EXPECT_EQ(*flusher.flush(), 0u);  // nothing new
}

TEST_F(UsageFlusherTest, WritesAgainOnlyOnceAUseIsAGranularityNewer) {
  const NamedKey key = stored_key();
  UsageFlusher flusher(store, keys, {.granularity = 60s});
  keys.use(key.token_hash, make.at(10));
  ASSERT_EQ(*flusher.flush(), 1u);
  keys.use(key.token_hash, make.at(69));
  EXPECT_EQ(*flusher.flush(), 0u);
  EXPECT_EQ(memory.get_key(key.id)->last_used_at, make.at(10));
  keys.use(key.token_hash, make.at(70));
  EXPECT_EQ(*flusher.flush(), 1u);
  EXPECT_EQ(memory.get_key(key.id)->last_used_at, make.at(70));
}

TEST_F(UsageFlusherTest, AFlushWritesAtMostOneBatch) {
  for (int i = 0; i < 7; ++i) keys.use(stored_key().token_hash, make.at(5));
  UsageFlusher flusher(store, keys, {.batch = 3});
  EXPECT_EQ(*flusher.flush(), 3u);
  EXPECT_EQ(*flusher.flush(), 3u);
  EXPECT_EQ(*flusher.flush(), 1u);
  EXPECT_EQ(*flusher.flush(), 0u);
}

TEST_F(UsageFlusherTest, AFailedFlushKeepsTheUsageForTheNextOne) {
  const NamedKey key = stored_key();
  keys.use(key.token_hash, make.at(10));
  UsageFlusher flusher(store, keys);
  store.fail_next_writes(1);
  EXPECT_FALSE(flusher.flush());
  EXPECT_FALSE(memory.get_key(key.id)->last_used_at);
  EXPECT_EQ(*flusher.flush(), 1u);
  EXPECT_EQ(memory.get_key(key.id)->last_used_at, make.at(10));
}

TEST_F(UsageFlusherTest, AtShutdownEverythingNewerIsWrittenWhateverTheGranularity) {
  std::vector<NamedKey> used;
  for (int i = 0; i < 10; ++i) {
    used.push_back(stored_key());
    keys.use(used.back().token_hash, make.at(10));
  }
  UsageFlusher flusher(store, keys, {.batch = 4, .granularity = 3600s});
  // First uses are always due.
  ASSERT_EQ(*flusher.flush(), 4u);
  ASSERT_EQ(*flusher.flush(), 4u);
  ASSERT_EQ(*flusher.flush(), 2u);
  for (const auto& key : used) keys.use(key.token_hash, make.at(20));
  EXPECT_EQ(*flusher.flush(), 0u);  // not an hour newer
  ASSERT_TRUE(flusher.flush_all());
  for (const auto& key : used) EXPECT_EQ(memory.get_key(key.id)->last_used_at, make.at(20));
}

}  // namespace
}  // namespace keyward::service

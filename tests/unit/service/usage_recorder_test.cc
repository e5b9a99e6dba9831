#include "service/usage_recorder.h"

#include <gtest/gtest.h>

#include "store/memory/memory_store.h"
#include "support/fault_injecting_store.h"
#include "unit/store/entities.h"

namespace keyward::service {
namespace {

TEST(UsageRecorder, FlushWritesTheLatestUseOfEachKey) {
  testing::EntityFactory make;
  store::MemoryStore memory;
  const Organization org = make.organization();
  const NamedKey key = make.key(org.id);
  store::WriteBatch b;
  b.organizations.push_back(org);
  b.keys.push_back(key);
  ASSERT_TRUE(memory.apply(b));
  UsageRecorder usage;
  usage.record(key.id, make.at(10));
  usage.record(key.id, make.at(30));
  usage.record(key.id, make.at(20));
  EXPECT_EQ(usage.pending(), 1u);
  ASSERT_TRUE(usage.flush(memory));
  EXPECT_EQ(usage.pending(), 0u);
  EXPECT_EQ(memory.get_key(key.id)->last_used_at, make.at(30));
}

TEST(UsageRecorder, AFailedFlushKeepsTheUsageForTheNextOne) {
  testing::EntityFactory make;
  store::MemoryStore memory;
  testing::FaultInjectingStore store(memory);
  const Organization org = make.organization();
  const NamedKey key = make.key(org.id);
  store::WriteBatch b;
  b.organizations.push_back(org);
  b.keys.push_back(key);
  ASSERT_TRUE(memory.apply(b));
  UsageRecorder usage;
  usage.record(key.id, make.at(10));
  store.fail_next_writes(1);
  EXPECT_FALSE(usage.flush(store));
  EXPECT_EQ(usage.pending(), 1u);
  ASSERT_TRUE(usage.flush(store));
  EXPECT_EQ(memory.get_key(key.id)->last_used_at, make.at(10));
}

}  // namespace
}  // namespace keyward::service

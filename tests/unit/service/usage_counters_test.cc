#include "service/usage_counters.h"

#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "service/settings_cache.h"
#include "service/usage_count_flusher.h"
#include "store/memory/memory_store.h"
#include "support/fault_injecting_store.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

const Uuid kOrg = *Uuid::parse("00000000-0000-4000-8000-00000000000a");
const Timestamp kHour = from_epoch_ms(1'800'000'000'000);  // on the hour

Uuid key(int n) {
  std::array<std::uint8_t, 16> bytes{};
  bytes[0] = static_cast<std::uint8_t>(n >> 8);
  bytes[1] = static_cast<std::uint8_t>(n);
  bytes[15] = 1;
  return Uuid::from_bytes(bytes);
}

// What was drained, added up per (key, hour): shards may each hold part of one.
std::map<std::pair<Uuid, Timestamp>, store::KeyUsageHour> drain(UsageCounters& counters) {
  std::vector<store::KeyUsageHour> rows;
  counters.drain(rows);
  std::map<std::pair<Uuid, Timestamp>, store::KeyUsageHour> out;
  for (const auto& r : rows) {
    auto [it, fresh] = out.try_emplace({r.key_id, r.hour}, r);
    if (!fresh) it->second.counts.add(r.counts);
  }
  return out;
}

TEST(UsageCountersTest, EachOutcomeCountsInItsKeysHour) {
  UsageCounters counters;
  counters.count(key(1), kOrg, UsageOutcome::kValid, kHour + 10min, "203.0.113.7");
  counters.count(key(1), kOrg, UsageOutcome::kRateLimited, kHour + 20min, "");
  counters.count(key(1), kOrg, UsageOutcome::kRefused, kHour + 59min + 59s, "198.51.100.1");
  counters.count(key(1), kOrg, UsageOutcome::kUsageExceeded, kHour + 1h, "");
  counters.count(key(2), kOrg, UsageOutcome::kValid, kHour, "");
  const auto rows = drain(counters);
  ASSERT_EQ(rows.size(), 3u);
  const auto& first = rows.at({key(1), kHour});
  EXPECT_EQ(first.counts, (UsageCounts{1, 1, 0, 1}));
  EXPECT_EQ(first.org_id, kOrg);
  // The last use is the valid one, with its address; a refusal is not a use.
  EXPECT_EQ(first.last_used_at, kHour + 10min);
  EXPECT_EQ(first.last_used_ip, "203.0.113.7");
  const auto& next = rows.at({key(1), kHour + 1h});
  EXPECT_EQ(next.counts, (UsageCounts{0, 0, 1, 0}));
  EXPECT_EQ(next.last_used_at, std::nullopt);
  EXPECT_EQ(rows.at({key(2), kHour}).counts.valid, 1);
  // A drain empties the counters.
  EXPECT_TRUE(drain(counters).empty());
}

TEST(UsageCountersTest, TheNewestValidUseKeepsItsAddress) {
  UsageCounters counters;
  counters.count(key(1), kOrg, UsageOutcome::kValid, kHour + 5min, "203.0.113.1");
  counters.count(key(1), kOrg, UsageOutcome::kValid, kHour + 9min, "2001:db8::1");
  counters.count(key(1), kOrg, UsageOutcome::kValid, kHour + 7min, "203.0.113.2");  // late
  const auto rows = drain(counters);
  EXPECT_EQ(rows.at({key(1), kHour}).last_used_at, kHour + 9min);
  EXPECT_EQ(rows.at({key(1), kHour}).last_used_ip, "2001:db8::1");
}

TEST(UsageCountersTest, AFullTableDropsNewKeysCountsAndSaysHowMany) {
  UsageCounters counters({.shards = 1, .max_cells = 64});
  // Three quarters of 64 cells fit.
  for (int i = 0; i < 60; ++i) counters.count(key(i), kOrg, UsageOutcome::kValid, kHour, "");
  counters.count(key(0), kOrg, UsageOutcome::kValid, kHour, "");  // held: still counted
  EXPECT_EQ(counters.take_dropped(), 60u - 48u);
  const auto rows = drain(counters);
  EXPECT_EQ(rows.size(), 48u);
  EXPECT_EQ(rows.at({key(0), kHour}).counts.valid, 2);
  // The next period starts empty.
  counters.count(key(59), kOrg, UsageOutcome::kValid, kHour, "");
  EXPECT_EQ(counters.take_dropped(), 0u);
}

TEST(UsageCountersTest, ATableGrowsForABurstAndLosesNothing) {
  UsageCounters counters({.shards = 2, .max_cells = 16384});
  for (int i = 0; i < 5000; ++i) {
    counters.count(key(i), kOrg, UsageOutcome::kRefused, kHour, "");
    counters.count(key(i), kOrg, UsageOutcome::kValid, kHour, "");
  }
  EXPECT_EQ(counters.take_dropped(), 0u);
  const auto rows = drain(counters);
  ASSERT_EQ(rows.size(), 5000u);
  for (const auto& [id, row] : rows) EXPECT_EQ(row.counts, (UsageCounts{1, 0, 0, 1}));
}

// What one I/O thread sees in a drain period at 80,000 verifications a second over as many keys:
// the default bound holds them all.
TEST(UsageCountersTest, TheDefaultBoundHoldsFortyThousandKeysInOneDrain) {
  UsageCounters counters;
  for (int i = 0; i < 40000; ++i) counters.count(key(i), kOrg, UsageOutcome::kValid, kHour, "");
  EXPECT_EQ(counters.take_dropped(), 0u);
  EXPECT_EQ(drain(counters).size(), 40000u);
}

TEST(UsageCountersTest, ThreadsCountingWhileDrainsRunLoseNothing) {
  UsageCounters counters({.shards = 4, .max_cells = 1024});
  constexpr int kThreads = 8, kEach = 20000;
  std::atomic<int> running{kThreads};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        counters.count(key(i % 10), kOrg, UsageOutcome::kValid, kHour, t % 2 ? "a" : "b");
      }
      --running;
    });
  }
  std::int64_t total = 0;
  const auto add = [&] {
    for (const auto& [id, row] : drain(counters)) total += row.counts.valid;
  };
  while (running.load() > 0) add();
  for (auto& t : threads) t.join();
  add();
  EXPECT_EQ(total, std::int64_t{kThreads} * kEach);
  EXPECT_EQ(counters.take_dropped(), 0u);
}

TEST(UsageCountersTest, AKeysOutcomeIsWhatItsLookupSaid) {
  IndexedKey k;
  k.usable = true;
  EXPECT_EQ(usage_outcome(k), UsageOutcome::kValid);
  k.admission.verdict = ControlVerdict::kRateLimited;
  EXPECT_EQ(usage_outcome(k), UsageOutcome::kRateLimited);
  k.admission.verdict = ControlVerdict::kUsageExceeded;
  EXPECT_EQ(usage_outcome(k), UsageOutcome::kUsageExceeded);
  k.admission.verdict = ControlVerdict::kInsufficientScope;
  EXPECT_EQ(usage_outcome(k), UsageOutcome::kRefused);
  k.admission.verdict = ControlVerdict::kIpNotAllowed;
  EXPECT_EQ(usage_outcome(k), UsageOutcome::kRefused);
  k.admission.verdict = ControlVerdict::kPassed;
  k.usable = false;  // disabled or expired
  EXPECT_EQ(usage_outcome(k), UsageOutcome::kRefused);
}

TEST(UsageCountFlusherTest, WritesTheCountsMaskingTheAddressWhenThePolicySays) {
  store::MemoryStore store;
  UsageCounters counters;
  SettingsCache settings;
  UsageCountFlusher flusher(store, counters, settings);
  counters.count(key(1), kOrg, UsageOutcome::kValid, kHour + 1min, "203.0.113.77");
  ASSERT_TRUE(flusher.flush());
  auto rows = store.key_usage(key(1), Timestamp{});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].last_used_ip, "203.0.113.77");

  SystemSettings masked;
  masked.mask_invalid_ips = true;
  masked.version = 1;
  settings.put(masked);
  counters.count(key(1), kOrg, UsageOutcome::kValid, kHour + 2min, "203.0.113.78");
  ASSERT_TRUE(flusher.flush());
  rows = store.key_usage(key(1), Timestamp{});
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].counts.valid, 2);
  EXPECT_EQ((*rows)[0].last_used_ip, "203.0.113.0/24");
  EXPECT_EQ(flusher.flush(), std::size_t{0});  // nothing new: nothing written
}

TEST(UsageCountFlusherTest, CountsAStoreRefusedAreWrittenWithTheNextFlush) {
  store::MemoryStore memory;
  testing::FaultInjectingStore store(memory);
  UsageCounters counters;
  SettingsCache settings;
  UsageCountFlusher flusher(store, counters, settings);
  counters.count(key(1), kOrg, UsageOutcome::kValid, kHour, "");
  store.fail_next_writes(1);
  EXPECT_FALSE(flusher.flush());
  counters.count(key(1), kOrg, UsageOutcome::kRefused, kHour, "");
  ASSERT_TRUE(flusher.flush());
  const auto rows = memory.key_usage(key(1), Timestamp{});
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].counts, (UsageCounts{1, 0, 0, 1}));
  EXPECT_EQ(flusher.take_dropped(), 0u);
}

}  // namespace
}  // namespace keyward::service

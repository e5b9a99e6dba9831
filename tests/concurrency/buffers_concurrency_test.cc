// The buffers request threads write into while the node's timer flushes them to SQLite: key
// usage, buffered audit records and the authentication-failure limiter. Nothing recorded is lost
// or duplicated by a concurrent flush, and the limiter counts every event. Run under
// ThreadSanitizer by `make test`.
#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "service/audit_log.h"
#include "service/key_table.h"
#include "service/usage_flusher.h"
#include "service/window_limiter.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"
#include "unit/service/audit_records.h"
#include "unit/store/entities.h"

namespace keyward::service {
namespace {

constexpr int kWriters = 4;

std::unique_ptr<store::SqliteStore> open_store(const testing::TempDir& dir) {
  auto s = store::SqliteStore::open(dir / "keyward.db");
  EXPECT_TRUE(s) << s.error().message;
  return std::move(*s);
}

// Four request threads record uses in the index while the flusher writes them out: every key's
// latest use reaches the store, whatever the interleaving.
TEST(BuffersConcurrency, UsageFlushedWhileRecordedKeepsTheLatestUseOfEveryKey) {
  testing::TempDir dir;
  auto store = open_store(dir);
  testing::EntityFactory make;
  const Organization org = make.organization();
  std::vector<NamedKey> keys;
  store::WriteBatch b;
  b.organizations.push_back(org);
  for (int i = 0; i < 50; ++i) keys.push_back(make.key(org.id));
  b.keys = keys;
  ASSERT_TRUE(store->apply(b));
  KeyTable table;
  for (const auto& key : keys) table.put(key);

  UsageFlusher usage(*store, table, {.batch = 7, .granularity = std::chrono::seconds(1)});
  std::atomic<bool> recording{true};
  std::atomic<int> failed_flushes{0};
  std::thread flusher([&] {
    while (recording.load()) {
      if (!usage.flush()) failed_flushes.fetch_add(1);
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 2000; ++i) {
        const auto& key = keys[static_cast<size_t>(i + w) % keys.size()];
        table.use(key.token_hash, make.at(i * kWriters + w));
      }
    });
  }
  for (auto& t : writers) t.join();
  recording.store(false);
  flusher.join();
  ASSERT_TRUE(usage.flush_all());
  EXPECT_EQ(failed_flushes.load(), 0);
  // The latest use of key k is the largest i*kWriters+w with (i + w) % 50 == k.
  for (size_t k = 0; k < keys.size(); ++k) {
    std::int64_t latest = -1;
    for (int w = 0; w < kWriters; ++w) {
      for (int i = 0; i < 2000; ++i) {
        if (static_cast<size_t>(i + w) % keys.size() == k)
          latest = std::max<std::int64_t>(latest, i * kWriters + w);
      }
    }
    const auto stored = store->get_key(keys[k].id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->last_used_at, make.at(latest)) << "key " << k;
  }
}

TEST(BuffersConcurrency, AuditRecordsFlushedWhileRecordedAllArriveOnce) {
  testing::TempDir dir;
  auto store = open_store(dir);
  AuditLog log(*store, 100'000);
  std::atomic<bool> recording{true};
  std::thread flusher([&] {
    while (recording.load()) ASSERT_TRUE(log.flush());
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 500; ++i) {
        AuditEvent e;
        e.at = from_epoch_ms(1'800'000'000'000);
        e.actor = "anonymous";
        e.action = "auth.failure";
        e.target = "GET /api/v1/auth";
        e.outcome = AuditOutcome::kFailure;
        e.client_ip = "203.0.113.9";
        e.detail = std::to_string(w) + "/" + std::to_string(i);
        log.record(std::move(e));
      }
    });
  }
  for (auto& t : writers) t.join();
  recording.store(false);
  flusher.join();
  ASSERT_TRUE(log.flush());
  EXPECT_EQ(log.dropped(), 0u);
  std::set<std::string> seen;
  size_t total = 0;
  for (const auto& e : testing::audit_records(*store, "auth.failure")) {
    seen.insert(e.detail);
    ++total;
  }
  EXPECT_EQ(total, static_cast<size_t>(kWriters * 500));
  EXPECT_EQ(seen.size(), total) << "a record was written twice";
}

TEST(BuffersConcurrency, TheLimiterCountsEveryConcurrentFailure) {
  const Timestamp now = from_epoch_ms(1'800'000'000'000);
  WindowLimiter limiter(kWriters * 250, std::chrono::seconds(60));
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 250; ++i) {
        (void)limiter.blocked("203.0.113.9", now);
        limiter.add("203.0.113.9", now);
        // Other clients failing at the same time.
        limiter.add("198.51." + std::to_string(w) + "." + std::to_string(i), now);
      }
    });
  }
  for (auto& t : writers) t.join();
  // Exactly the limit was reached: not one event was lost to a race.
  EXPECT_TRUE(limiter.blocked("203.0.113.9", now));
  WindowLimiter one_short(kWriters * 250 + 1, std::chrono::seconds(60));
  writers.clear();
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&] {
      for (int i = 0; i < 250; ++i) one_short.add("203.0.113.9", now);
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_FALSE(one_short.blocked("203.0.113.9", now));
}

}  // namespace
}  // namespace keyward::service

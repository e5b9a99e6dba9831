// The ChangeListener against a real server: every committed write wakes it, rolled-back ones do
// not, and it notices and survives a lost connection, whether the server says so
// (pg_terminate_backend) or goes silent (its backend stopped with SIGSTOP).
#include "store/postgres/change_listener.h"

#include <thread>

#include <gtest/gtest.h>

#include "store/postgres/postgres_store.h"
#include "support/test_postgres.h"
#include "unit/store/entities.h"
#include <signal.h>

namespace keyward::store::postgres {
namespace {

using namespace std::chrono_literals;
using Event = ChangeListener::Event;
using testing::EntityFactory;
using testing::TestDatabase;

// Waits up to `within` for an event of `kind`, skipping others; the last event seen otherwise.
Event wait_for(ChangeListener& listener, Event::Kind kind, std::chrono::milliseconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  Event e;
  while (std::chrono::steady_clock::now() < deadline) {
    e = listener.wait(std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now()));
    if (e.kind == kind) return e;
  }
  return e;
}

Status put_org(Store& store, EntityFactory& make) {
  WriteBatch b;
  b.organizations.push_back(make.organization());
  return store.apply(b);
}

class ChangeListenerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = PostgresStore::open(database.uri());
    ASSERT_TRUE(s) << s.error().message;
    store = std::move(*s);
    ChangeListener::Options options;
    options.heartbeat = 200ms;
    options.heartbeat_timeout = 300ms;
    auto l = ChangeListener::create(database.uri(), options);
    ASSERT_TRUE(l) << l.error().message;
    listener = std::move(*l);
    ASSERT_EQ(wait_for(*listener, Event::kConnected, 5s).kind, Event::kConnected);
  }

  TestDatabase database;
  std::unique_ptr<PostgresStore> store;
  std::unique_ptr<ChangeListener> listener;
  EntityFactory make;
};

TEST_F(ChangeListenerTest, EveryCommittedWriteWakesItWithItsJournalPosition) {
  ASSERT_TRUE(put_org(*store, make));
  const auto first = wait_for(*listener, Event::kNotified, 2s);
  ASSERT_EQ(first.kind, Event::kNotified);
  EXPECT_EQ(first.position, *store->last_change());
  ASSERT_TRUE(put_org(*store, make));
  const auto second = wait_for(*listener, Event::kNotified, 2s);
  ASSERT_EQ(second.kind, Event::kNotified);
  EXPECT_EQ(second.position, *store->last_change());
  EXPECT_GT(second.position, first.position);
}

TEST_F(ChangeListenerTest, AWriteThatFailedNotifiesNobody) {
  Organization stale = make.organization();
  stale.version = 3;  // no version 2 to replace: the batch fails
  WriteBatch b;
  b.organizations.push_back(stale);
  ASSERT_FALSE(store->apply(b));
  EXPECT_EQ(listener->wait(500ms).kind, Event::kTimeout);
}

TEST_F(ChangeListenerTest, ReconnectsAfterItsBackendIsTerminated) {
  const int pid = listener->backend_pid();
  ASSERT_NE(pid, 0);
  testing::postgres_admin("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  const auto lost = wait_for(*listener, Event::kDisconnected, 2s);
  ASSERT_EQ(lost.kind, Event::kDisconnected);
  EXPECT_FALSE(listener->connected());
  EXPECT_FALSE(lost.reason.empty());
  ASSERT_EQ(wait_for(*listener, Event::kConnected, 5s).kind, Event::kConnected);
  EXPECT_NE(listener->backend_pid(), pid);
  ASSERT_TRUE(put_org(*store, make));
  EXPECT_EQ(wait_for(*listener, Event::kNotified, 2s).kind, Event::kNotified);
}

// A connection that goes quiet (a frozen server, a dropped network) is noticed by the heartbeat.
TEST_F(ChangeListenerTest, NoticesASilentConnectionByItsHeartbeat) {
  const int pid = listener->backend_pid();
  ASSERT_EQ(::kill(pid, SIGSTOP), 0);
  const auto started = std::chrono::steady_clock::now();
  const auto lost = wait_for(*listener, Event::kDisconnected, 5s);
  const auto took = std::chrono::steady_clock::now() - started;
  ::kill(pid, SIGCONT);
  testing::postgres_admin("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  ASSERT_EQ(lost.kind, Event::kDisconnected);
  EXPECT_NE(lost.reason.find("heartbeat"), std::string::npos) << lost.reason;
  // Heartbeat 200 ms + its timeout 300 ms, with room for a busy machine; TCP alone would take
  // hours to notice.
  EXPECT_LT(took, 3s);
  ASSERT_EQ(wait_for(*listener, Event::kConnected, 5s).kind, Event::kConnected);
}

TEST_F(ChangeListenerTest, StopEndsAWaitAtOnce) {
  std::thread stopper([&] {
    std::this_thread::sleep_for(100ms);
    listener->stop();
  });
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(listener->wait(10s).kind, Event::kStopped);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  stopper.join();
  EXPECT_EQ(listener->wait(10s).kind, Event::kStopped);
}

TEST(ChangeListener, AnUnreachableServerIsReportedAndRetriedWithoutThePassword) {
  ChangeListener::Options options;
  options.reconnect_min = 50ms;
  auto l = ChangeListener::create(
      "postgresql://ada:s3cret-pw@127.0.0.1:1/keyward?connect_timeout=2", options);
  ASSERT_TRUE(l) << l.error().message;
  const auto first = (*l)->wait(1s);
  ASSERT_EQ(first.kind, Event::kDisconnected);
  EXPECT_FALSE(first.reason.empty());
  EXPECT_EQ(first.reason.find("s3cret-pw"), std::string::npos) << first.reason;
  EXPECT_FALSE((*l)->connected());
  EXPECT_EQ(wait_for(**l, Event::kDisconnected, 2s).kind, Event::kDisconnected);  // retried
}

}  // namespace
}  // namespace keyward::store::postgres

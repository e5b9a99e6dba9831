// The buffered side of the audit log, which takes authentication failures off the request path:
// nothing is lost to a failed write that can be retried, and a flood cannot exhaust memory.
#include "service/audit_log.h"

#include <gtest/gtest.h>

#include "store/memory/memory_store.h"
#include "support/fault_injecting_store.h"
#include "support/seeded_random.h"
#include "unit/service/audit_records.h"

namespace keyward::service {
namespace {

AuditEvent failure(std::string detail) {
  AuditEvent e;
  e.at = from_epoch_ms(1'800'000'000'000);
  e.actor = "anonymous";
  e.action = "auth.failure";
  e.target = "GET /api/v1/orgs/{orgId}/keys";
  e.outcome = AuditOutcome::kFailure;
  e.client_ip = "203.0.113.9";
  e.detail = std::move(detail);
  return e;
}

std::vector<std::string> details(store::Store& store) {
  std::vector<std::string> out;
  for (const auto& e : testing::audit_records(store)) out.push_back(e.detail);
  return out;
}

class AuditLogTest : public ::testing::Test {
 protected:
  store::MemoryStore memory;
  testing::FaultInjectingStore store{memory};
};

TEST_F(AuditLogTest, RecordsWaitForTheFlushThenAppearInOrder) {
  AuditLog log(store);
  log.record(failure("one"));
  log.record(failure("two"));
  EXPECT_TRUE(details(memory).empty());  // nothing on the request's path
  ASSERT_TRUE(log.flush());
  EXPECT_EQ(details(memory), (std::vector<std::string>{"one", "two"}));
  const auto stored = testing::audit_records(memory);
  EXPECT_EQ(stored[0].action, "auth.failure");
  EXPECT_EQ(stored[0].client_ip, "203.0.113.9");
  EXPECT_EQ(stored[0].outcome, AuditOutcome::kFailure);
  // A second flush writes them only once.
  ASSERT_TRUE(log.flush());
  EXPECT_EQ(details(memory).size(), 2u);
}

TEST_F(AuditLogTest, FlushingNothingWritesNothing) {
  AuditLog log(store);
  store.fail_next_writes(1);
  EXPECT_TRUE(log.flush());  // the injected failure was not reached
  log.record(failure("x"));
  EXPECT_FALSE(log.flush());
}

TEST_F(AuditLogTest, AFailedFlushKeepsTheRecordsForTheNextOne) {
  AuditLog log(store);
  log.record(failure("one"));
  log.record(failure("two"));
  store.fail_next_writes(1);
  const Status failed = log.flush();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::kUnavailable);
  EXPECT_TRUE(details(memory).empty());
  EXPECT_EQ(log.dropped(), 0u);
  ASSERT_TRUE(log.flush());
  EXPECT_EQ(details(memory), (std::vector<std::string>{"one", "two"}));
}

TEST_F(AuditLogTest, BeyondTheBoundTheOldestAreDroppedAndTheGapIsRecorded) {
  AuditLog log(store, 3);
  for (const char* d : {"1", "2", "3", "4", "5"}) log.record(failure(d));
  EXPECT_EQ(log.dropped(), 2u);
  ASSERT_TRUE(log.flush());
  const auto stored = testing::audit_records(memory);
  ASSERT_EQ(stored.size(), 4u);
  EXPECT_EQ(stored[0].detail, "3");
  EXPECT_EQ(stored[2].detail, "5");
  EXPECT_EQ(stored[3].action, "audit.dropped");
  EXPECT_EQ(stored[3].outcome, AuditOutcome::kFailure);
  EXPECT_NE(stored[3].detail.find("2 records"), std::string::npos) << stored[3].detail;
  // A flush makes room again, and a gap is reported once.
  log.record(failure("6"));
  ASSERT_TRUE(log.flush());
  EXPECT_EQ(details(memory).back(), "6");
  EXPECT_EQ(log.dropped(), 2u);
}

TEST_F(AuditLogTest, RecordsKeptAfterAFailedFlushShareTheBoundWithNewOnes) {
  AuditLog log(store, 3);
  log.record(failure("1"));
  log.record(failure("2"));
  store.fail_next_writes(1);
  ASSERT_FALSE(log.flush());
  log.record(failure("3"));
  log.record(failure("4"));  // no room: the oldest, 1, makes way
  EXPECT_EQ(log.dropped(), 1u);
  ASSERT_TRUE(log.flush());
  EXPECT_EQ(
      details(memory),
      (std::vector<std::string>{
          "2", "3", "4", "1 record of a refused request was dropped: too many came at once"}));
}

TEST_F(AuditLogTest, WriteNowWritesAtOnceOrSaysItCouldNot) {
  AuditLog log(store);
  AuditEvent reveal = failure("revealed");
  reveal.action = "org.credentials.reveal";
  reveal.outcome = AuditOutcome::kSuccess;
  ASSERT_TRUE(log.write_now(reveal));
  EXPECT_EQ(details(memory), (std::vector<std::string>{"revealed"}));
  store.fail_next_writes(1);
  EXPECT_FALSE(log.write_now(reveal));
  EXPECT_EQ(details(memory).size(), 1u);
}

TEST_F(AuditLogTest, ListReadsTheStoreNewestFirstFilteredByOrganization) {
  AuditLog log(store);
  testing::SeededRandom random(1);
  const Uuid org = Uuid::random(random);
  AuditEvent mine = failure("mine");
  mine.org_id = org;
  log.record(failure("other"));
  log.record(mine);
  ASSERT_TRUE(log.flush());
  store::AuditQuery everything;
  const auto all = log.list(everything);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->front().detail, "mine");
  store::AuditQuery only_org;
  only_org.org_id = org;
  const auto filtered = log.list(only_org);
  ASSERT_TRUE(filtered);
  ASSERT_EQ(filtered->size(), 1u);
  EXPECT_EQ(filtered->front().detail, "mine");
}

}  // namespace
}  // namespace keyward::service

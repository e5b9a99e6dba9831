#include "service/credit_flusher.h"

#include <gtest/gtest.h>

#include "service/key_service.h"
#include "unit/service/service_fixture.h"

namespace keyward::service {
namespace {

class CreditFlusherTest : public testing::ServiceTest {
 protected:
  void SetUp() override { org_id = new_organization("Acme"); }

  IssuedKey with_credits(std::int64_t count) {
    KeyControls controls;
    controls.credits = Credits{count, std::nullopt, clock.now()};
    auto issued = keys.create(actor, org_id, {"metered", KeyKind::kSecret, {}, {}}, controls);
    EXPECT_TRUE(issued) << issued.error().message;
    return *issued;
  }
  void spend(const IssuedKey& key, int times) {
    for (int i = 0; i < times; ++i) ASSERT_TRUE(authenticator.verify_key(key.token));
  }
  std::int64_t stored(const IssuedKey& key) {
    return memory.get_key(key.key.id)->controls.credits->remaining;
  }

  KeyService keys{context()};
  Uuid org_id;
};

// On a node alone, spending that is a small share of a key's count waits, for at most
// kLongestWait flushes; spending that is not is written at the next flush.
TEST_F(CreditFlusherTest, AloneSmallSpendingWaitsAFewFlushesAndLargeSpendingDoesNot) {
  CreditFlusher flusher(store, index.keys(), clock, /*shared=*/false);
  const IssuedKey large = with_credits(1'000'000);
  const IssuedKey small = with_credits(100);
  spend(large, 5);
  spend(small, 5);
  ASSERT_EQ(flusher.flush(), 1u);
  EXPECT_EQ(stored(small), 95);
  EXPECT_EQ(stored(large), 1'000'000);
  for (std::uint32_t i = 2; i < CreditFlusher::kLongestWait; ++i) {
    ASSERT_TRUE(flusher.flush());
    EXPECT_EQ(stored(large), 1'000'000);
  }
  ASSERT_EQ(flusher.flush(), 1u);  // the kLongestWait-th
  EXPECT_EQ(stored(large), 999'995);
}

TEST_F(CreditFlusherTest, AtShutdownNothingWaits) {
  CreditFlusher flusher(store, index.keys(), clock, false);
  const IssuedKey large = with_credits(1'000'000);
  spend(large, 3);
  ASSERT_TRUE(flusher.flush());
  EXPECT_EQ(stored(large), 1'000'000);
  ASSERT_EQ(flusher.flush_all(), 1u);
  EXPECT_EQ(stored(large), 999'997);
}

// Other nodes learn a count from the store, so when they share it every flush writes.
TEST_F(CreditFlusherTest, SharedEveryFlushWritesEverything) {
  CreditFlusher flusher(store, index.keys(), clock, /*shared=*/true);
  const IssuedKey large = with_credits(1'000'000);
  spend(large, 2);
  ASSERT_EQ(flusher.flush(), 1u);
  EXPECT_EQ(stored(large), 999'998);
}

}  // namespace
}  // namespace keyward::service

// The webhook half of store/store.h's contract, against every Store: endpoints under the version
// rule, events fanned out to subscribed endpoints in the batch's transaction, the outbox's
// claims and leases, and the record of every try.
#include <algorithm>
#include <set>
#include <thread>

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

class WebhookConformance : public ::testing::TestWithParam<Implementation> {
 protected:
  void SetUp() override {
    handle_ = GetParam().open();
    ASSERT_NE(handle_.store, nullptr);
    org = make.organization("Acme");
    other_org = make.organization("Globex");
    WriteBatch b;
    b.organizations = {org, other_org};
    ASSERT_TRUE(store().apply(b));
  }
  Store& store() { return *handle_.store; }

  Uuid next_id() {
    return Uuid::parse("20000000-0000-4000-8000-" + std::to_string(100000000000 + counter_++))
        .value();
  }

  WebhookEndpoint endpoint(const Uuid& org_id, std::initializer_list<WebhookEventType> types,
                           std::int64_t created_second = 0) {
    WebhookEndpoint e;
    e.id = next_id();
    e.org_id = org_id;
    e.url = "https://hooks.example.com/" + e.id.to_string();
    for (const auto t : types) e.events.add(t);
    e.secret_sealed = make.secret().sealed;
    e.created_at = make.at(created_second);
    return e;
  }

  WebhookEvent event(const Uuid& org_id, WebhookEventType type, std::int64_t second = 0) {
    WebhookEvent e;
    e.id = next_id();
    e.org_id = org_id;
    e.type = type;
    e.payload = R"({"type": ")" + std::string(to_string(type)) + R"(", "data": {}})";
    e.created_at = make.at(second);
    return e;
  }

  Status put(const WebhookEndpoint& e) {
    WriteBatch b;
    b.webhooks.push_back(e);
    return store().apply(b);
  }
  Status raise(const WebhookEvent& e) {
    WriteBatch b;
    b.webhook_events.push_back(e);
    return store().apply(b);
  }
  std::vector<WebhookDelivery> claim(std::int64_t second, std::size_t limit = 100) {
    auto claimed = store().claim_webhook_deliveries(make.at(second), make.at(second + 60), limit);
    EXPECT_TRUE(claimed) << claimed.error().message;
    return claimed ? *claimed : std::vector<WebhookDelivery>{};
  }
  static WebhookAttempt attempt_for(const WebhookDelivery& d, AttemptOutcome outcome,
                                    Timestamp at) {
    WebhookAttempt a;
    a.endpoint_id = d.endpoint_id;
    a.event_id = d.event.id;
    a.type = d.event.type;
    a.attempt = d.attempt;
    a.at = at;
    a.outcome = outcome;
    return a;
  }

  EntityFactory make;
  StoreHandle handle_;
  Organization org, other_org;
  int counter_ = 0;
};

TEST_P(WebhookConformance, AnEndpointRoundTripsAndIsListedByCreationUntilDeleted) {
  auto later = endpoint(org.id, {WebhookEventType::kKeyDeleted}, 10);
  auto first = endpoint(org.id, {WebhookEventType::kKeyCreated, WebhookEventType::kKeyLeaked}, 5);
  ASSERT_TRUE(put(later));
  ASSERT_TRUE(put(first));
  ASSERT_TRUE(put(endpoint(other_org.id, {WebhookEventType::kKeyCreated})));

  auto got = store().get_webhook(first.id);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->id, first.id);
  EXPECT_EQ(got->org_id, org.id);
  EXPECT_EQ(got->url, first.url);
  EXPECT_EQ(got->events, first.events);
  EXPECT_EQ(got->secret_sealed, first.secret_sealed);
  EXPECT_EQ(got->created_at, first.created_at);
  EXPECT_FALSE(got->deleted_at);
  EXPECT_EQ(got->version, 1);

  auto listed = store().list_webhooks(org.id);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, first.id);
  EXPECT_EQ((*listed)[1].id, later.id);

  first.deleted_at = make.at(20);
  first.version = 2;
  ASSERT_TRUE(put(first));
  listed = store().list_webhooks(org.id);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, later.id);
  got = store().get_webhook(first.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->deleted_at, make.at(20));
}

TEST_P(WebhookConformance, EndpointsFollowTheVersionRule) {
  auto e = endpoint(org.id, {WebhookEventType::kKeyCreated});
  ASSERT_TRUE(put(e));
  EXPECT_EQ(put(e).error().code, Errc::kAlreadyExists);
  e.version = 3;  // skipped 2
  EXPECT_EQ(put(e).error().code, Errc::kConflict);
  EXPECT_EQ(store().get_webhook(next_id()).error().code, Errc::kNotFound);
}

TEST_P(WebhookConformance, AnEventBecomesOneDeliveryPerSubscribedEndpointOfItsOrganization) {
  const auto created = endpoint(org.id, {WebhookEventType::kKeyCreated});
  const auto both = endpoint(org.id, {WebhookEventType::kKeyCreated, WebhookEventType::kKeyRolled});
  const auto rolled_only = endpoint(org.id, {WebhookEventType::kKeyRolled});
  const auto elsewhere = endpoint(other_org.id, {WebhookEventType::kKeyCreated});
  for (const auto& e : {created, both, rolled_only, elsewhere}) ASSERT_TRUE(put(e));

  const auto ev = event(org.id, WebhookEventType::kKeyCreated);
  ASSERT_TRUE(raise(ev));
  const auto due = claim(0);
  ASSERT_EQ(due.size(), 2u);
  std::set<Uuid> endpoints;
  for (const auto& d : due) {
    endpoints.insert(d.endpoint_id);
    EXPECT_EQ(d.event.id, ev.id);
    EXPECT_EQ(d.event.org_id, org.id);
    EXPECT_EQ(d.event.type, WebhookEventType::kKeyCreated);
    EXPECT_EQ(d.event.payload, ev.payload);
    EXPECT_EQ(d.event.created_at, ev.created_at);
    EXPECT_EQ(d.attempt, 1);
  }
  EXPECT_EQ(endpoints, (std::set<Uuid>{created.id, both.id}));
}

TEST_P(WebhookConformance, AnEventIsWrittenWithItsBatchOrNotAtAll) {
  ASSERT_TRUE(put(endpoint(org.id, {WebhookEventType::kKeyCreated})));
  const auto key = make.key(org.id);
  WriteBatch b;
  b.keys.push_back(key);
  b.webhook_events.push_back(event(org.id, WebhookEventType::kKeyCreated));
  ASSERT_TRUE(store().apply(b));
  EXPECT_EQ(claim(0).size(), 1u);

  // The same key again: the batch fails, and its event with it.
  WriteBatch again;
  again.keys.push_back(key);
  again.webhook_events.push_back(event(org.id, WebhookEventType::kKeyCreated));
  ASSERT_FALSE(store().apply(again));
  EXPECT_TRUE(claim(30).empty()) << "the failed batch raised its event";
}

TEST_P(WebhookConformance, AClaimedDeliveryIsLeasedAndNotClaimedAgainUntilTheLeaseEnds) {
  ASSERT_TRUE(put(endpoint(org.id, {WebhookEventType::kKeyCreated})));
  ASSERT_TRUE(raise(event(org.id, WebhookEventType::kKeyCreated, 10)));
  EXPECT_TRUE(claim(9).empty()) << "claimed before it was due";
  const auto first = claim(10);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].attempt, 1);
  EXPECT_TRUE(claim(10).empty());
  EXPECT_TRUE(claim(69).empty()) << "claimed again within the lease";
  const auto after_lease = claim(70);  // the first worker died: someone else takes it
  ASSERT_EQ(after_lease.size(), 1u);
  EXPECT_EQ(after_lease[0].attempt, 2);
}

TEST_P(WebhookConformance, ClaimsTakeTheOldestDueFirstUpToTheLimit) {
  ASSERT_TRUE(put(endpoint(org.id, {WebhookEventType::kKeyCreated})));
  const auto late = event(org.id, WebhookEventType::kKeyCreated, 5);
  const auto early = event(org.id, WebhookEventType::kKeyCreated, 1);
  ASSERT_TRUE(raise(late));
  ASSERT_TRUE(raise(early));
  const auto one = claim(10, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].event.id, early.id);
  const auto other = claim(10, 1);
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].event.id, late.id);
}

TEST_P(WebhookConformance, ConcurrentClaimsNeverReturnTheSameDelivery) {
  ASSERT_TRUE(put(endpoint(org.id, {WebhookEventType::kKeyCreated})));
  constexpr int kEvents = 40;
  for (int i = 0; i < kEvents; ++i)
    ASSERT_TRUE(raise(event(org.id, WebhookEventType::kKeyCreated)));
  std::vector<std::vector<WebhookDelivery>> claimed(4);
  std::vector<std::thread> workers;
  for (auto& mine : claimed) {
    workers.emplace_back([&] {
      for (;;) {
        auto got = store().claim_webhook_deliveries(make.at(0), make.at(60), 3);
        if (!got || got->empty()) return;
        mine.insert(mine.end(), got->begin(), got->end());
      }
    });
  }
  for (auto& w : workers) w.join();
  std::set<Uuid> seen;
  std::size_t total = 0;
  for (const auto& mine : claimed) {
    for (const auto& d : mine) {
      EXPECT_TRUE(seen.insert(d.event.id).second) << "claimed twice";
      ++total;
    }
  }
  EXPECT_EQ(total, static_cast<std::size_t>(kEvents));
}

TEST_P(WebhookConformance, TriesAreRecordedAndSettleTheirDelivery) {
  ASSERT_TRUE(put(endpoint(org.id, {WebhookEventType::kKeyCreated})));
  ASSERT_TRUE(raise(event(org.id, WebhookEventType::kKeyCreated)));
  auto d = claim(0);
  ASSERT_EQ(d.size(), 1u);

  auto retrying = attempt_for(d[0], AttemptOutcome::kRetrying, make.at(1));
  retrying.response_code = 503;
  retrying.error = "the endpoint answered 503";
  retrying.next_attempt_at = make.at(6);
  ASSERT_TRUE(store().record_webhook_attempt(retrying));
  EXPECT_TRUE(claim(5).empty()) << "due before its next try";
  d = claim(6);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].attempt, 2);

  auto refused = attempt_for(d[0], AttemptOutcome::kRetrying, make.at(7));
  refused.error = "Couldn't connect to server";  // no HTTP answer
  refused.next_attempt_at = make.at(40);
  ASSERT_TRUE(store().record_webhook_attempt(refused));
  d = claim(40);
  ASSERT_EQ(d.size(), 1u);
  auto delivered = attempt_for(d[0], AttemptOutcome::kDelivered, make.at(41));
  delivered.response_code = 204;
  ASSERT_TRUE(store().record_webhook_attempt(delivered));
  EXPECT_TRUE(claim(10'000).empty()) << "a delivered event is not delivered again";

  auto tries = store().list_webhook_attempts({.endpoint_id = d[0].endpoint_id});
  ASSERT_TRUE(tries) << tries.error().message;
  ASSERT_EQ(tries->size(), 3u);
  EXPECT_EQ((*tries)[0].outcome, AttemptOutcome::kDelivered);
  EXPECT_EQ((*tries)[0].response_code, 204);
  EXPECT_EQ((*tries)[0].attempt, 3);
  EXPECT_EQ((*tries)[0].at, make.at(41));
  EXPECT_FALSE((*tries)[0].next_attempt_at);
  EXPECT_EQ((*tries)[1].outcome, AttemptOutcome::kRetrying);
  EXPECT_FALSE((*tries)[1].response_code);
  EXPECT_EQ((*tries)[1].error, "Couldn't connect to server");
  EXPECT_EQ((*tries)[1].next_attempt_at, make.at(40));
  EXPECT_EQ((*tries)[2].response_code, 503);
  EXPECT_EQ((*tries)[2].event_id, d[0].event.id);
  EXPECT_EQ((*tries)[2].type, WebhookEventType::kKeyCreated);
  EXPECT_GT((*tries)[0].id, (*tries)[1].id);

  auto page = store().list_webhook_attempts(
      {.endpoint_id = d[0].endpoint_id, .before_id = (*tries)[0].id, .limit = 1});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, (*tries)[1].id);
}

// Tries older than the cutoff are pruned in batches, oldest first; newer ones are still listed,
// and a try recorded after pruning gets a new id.
TEST_P(WebhookConformance, OldTriesArePrunedInBatchesAndNewerOnesStayListed) {
  ASSERT_TRUE(put(endpoint(org.id, {WebhookEventType::kKeyCreated})));
  ASSERT_TRUE(raise(event(org.id, WebhookEventType::kKeyCreated)));
  const auto d = claim(0);
  ASSERT_EQ(d.size(), 1u);
  for (int second = 1; second <= 5; ++second) {
    auto retrying = attempt_for(d[0], AttemptOutcome::kRetrying, make.at(second));
    retrying.next_attempt_at = make.at(10'000);
    ASSERT_TRUE(store().record_webhook_attempt(retrying));
  }
  PruneCutoffs cutoffs{.dead_before = Timestamp{}, .audit_before = Timestamp{}, .limit = 2};
  cutoffs.webhook_attempts_before = make.at(4);
  std::vector<std::size_t> per_call;
  for (;;) {
    const auto counts = store().prune_expired(cutoffs);
    ASSERT_TRUE(counts) << counts.error().message;
    per_call.push_back(counts->webhook_attempts);
    if (!counts->maybe_more(cutoffs.limit)) break;
  }
  EXPECT_EQ(per_call, (std::vector<std::size_t>{2, 1}));  // the tries at 1, 2 and 3
  auto tries = store().list_webhook_attempts({.endpoint_id = d[0].endpoint_id});
  ASSERT_TRUE(tries);
  ASSERT_EQ(tries->size(), 2u);
  EXPECT_EQ((*tries)[0].at, make.at(5));
  EXPECT_EQ((*tries)[1].at, make.at(4));
  ASSERT_TRUE(
      store().record_webhook_attempt(attempt_for(d[0], AttemptOutcome::kDelivered, make.at(6))));
  tries = store().list_webhook_attempts({.endpoint_id = d[0].endpoint_id});
  ASSERT_TRUE(tries);
  ASSERT_EQ(tries->size(), 3u);
  EXPECT_GT((*tries)[0].id, (*tries)[1].id);
  // The epoch (the default) keeps every try.
  const auto kept = store().prune_expired({Timestamp{}, Timestamp{}, 100});
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->webhook_attempts, 0u);
}

TEST_P(WebhookConformance, AFailedTryEndsTheDeliveryAndALateRecordDoesNotSettleANewerClaim) {
  ASSERT_TRUE(put(endpoint(org.id, {WebhookEventType::kKeyCreated})));
  ASSERT_TRUE(raise(event(org.id, WebhookEventType::kKeyCreated)));
  const auto first = claim(0);
  ASSERT_EQ(first.size(), 1u);
  const auto second = claim(60);  // the lease ended: another worker has it now
  ASSERT_EQ(second.size(), 1u);
  // The first worker's record arrives late: it is kept, but the row stays the second's.
  ASSERT_TRUE(store().record_webhook_attempt(
      attempt_for(first[0], AttemptOutcome::kDelivered, make.at(61))));
  const auto third = claim(120);
  ASSERT_EQ(third.size(), 1u) << "a late record settled a newer claim";
  EXPECT_EQ(third[0].attempt, 3);

  // The retry period is over: a failed try ends the delivery for good.
  ASSERT_TRUE(
      store().record_webhook_attempt(attempt_for(third[0], AttemptOutcome::kFailed, make.at(121))));
  EXPECT_TRUE(claim(100'000).empty());
  auto tries = store().list_webhook_attempts({.endpoint_id = third[0].endpoint_id});
  ASSERT_TRUE(tries);
  ASSERT_EQ(tries->size(), 2u);
  EXPECT_EQ((*tries)[0].outcome, AttemptOutcome::kFailed);
}

TEST_P(WebhookConformance, DeletingAnEndpointDropsItsPendingDeliveries) {
  auto gone = endpoint(org.id, {WebhookEventType::kKeyCreated});
  const auto kept = endpoint(org.id, {WebhookEventType::kKeyCreated});
  ASSERT_TRUE(put(gone));
  ASSERT_TRUE(put(kept));
  ASSERT_TRUE(raise(event(org.id, WebhookEventType::kKeyCreated)));
  gone.deleted_at = make.at(1);
  gone.version = 2;
  ASSERT_TRUE(put(gone));
  ASSERT_TRUE(raise(event(org.id, WebhookEventType::kKeyCreated, 2)));
  const auto due = claim(10);
  ASSERT_EQ(due.size(), 2u);
  for (const auto& d : due) EXPECT_EQ(d.endpoint_id, kept.id);
}

INSTANTIATE_TEST_SUITE_P(AllStores, WebhookConformance, ::testing::ValuesIn(implementations()),
                         implementation_name);

}  // namespace
}  // namespace keyward::store

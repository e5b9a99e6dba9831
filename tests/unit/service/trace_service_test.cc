#include "service/trace_service.h"

#include <gtest/gtest.h>

#include "service/application_service.h"
#include "unit/service/service_fixture.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

class TraceServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    org_id = new_organization("Acme");
    other_org_id = new_organization("Globex");
    app_id = register_app(org_id, "shop");
    second_app_id = register_app(org_id, "blog");
    other_app_id = register_app(other_org_id, "shop");
  }

  Uuid register_app(const Uuid& org, const std::string& name) {
    ApplicationRegistration spec;
    spec.name = name;
    spec.language = "Java";
    auto r = ApplicationService(context()).register_application(actor, org, spec);
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->app.id : Uuid();
  }

  static ReportedTrace finding(std::string hash, std::string title = "SQL Injection") {
    ReportedTrace f;
    f.title = std::move(title);
    f.rule_name = "sql-injection";
    f.severity = Severity::kHigh;
    f.hash = std::move(hash);
    f.category = "Injection";
    f.confidence = "High";
    f.impact = "High";
    f.likelihood = "Medium";
    return f;
  }

  // Every trace the store holds for the organization, in no order callers rely on.
  std::vector<Trace> stored(const Uuid& org) {
    store::TraceQuery q;
    q.org_id = org;
    q.limit = 10'000;
    auto page = memory.query_traces(q);
    EXPECT_TRUE(page) << page.error().message;
    return page ? page->items : std::vector<Trace>{};
  }

  std::optional<Trace> stored_by_hash(const std::string& hash) {
    for (auto& t : stored(org_id)) {
      if (t.hash == hash) return t;
    }
    return std::nullopt;
  }

  Result<ReportOutcome> report(std::vector<ReportedTrace> findings) {
    return traces.report(org_id, app_id, findings);
  }

  void expect_invalid_at_index_2(ReportedTrace bad) {
    const auto r = report({finding("h0"), finding("h1"), std::move(bad), finding("h3")});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
    EXPECT_TRUE(r.error().message.starts_with("traces[2]: ")) << r.error().message;
    EXPECT_TRUE(stored(org_id).empty()) << "findings 0 and 1 were written";
  }

  TraceService traces{context()};
  Uuid org_id;
  Uuid other_org_id;
  Uuid app_id;
  Uuid second_app_id;
  Uuid other_app_id;
};

TEST_F(TraceServiceTest, ANewFindingCreatesAReportedTraceSeenNow) {
  auto f = finding("abc123");
  f.tags = {"owasp", "pci"};
  const auto r = report({f});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->received, 1u);
  EXPECT_EQ(r->created, 1u);
  EXPECT_EQ(r->updated, 0u);

  const auto all = stored(org_id);
  ASSERT_EQ(all.size(), 1u);
  const Trace& t = all[0];
  EXPECT_FALSE(t.id.is_nil());
  EXPECT_EQ(t.org_id, org_id);
  EXPECT_EQ(t.app_id, app_id);
  EXPECT_EQ(t.hash, "abc123");
  EXPECT_EQ(t.title, "SQL Injection");
  EXPECT_EQ(t.rule_name, "sql-injection");
  EXPECT_EQ(t.severity, Severity::kHigh);
  EXPECT_EQ(t.status, TraceStatus::kReported);
  EXPECT_EQ(t.category, "Injection");
  EXPECT_EQ(t.confidence, "High");
  EXPECT_EQ(t.impact, "High");
  EXPECT_EQ(t.likelihood, "Medium");
  EXPECT_EQ(t.tags, (std::vector<std::string>{"owasp", "pci"}));
  EXPECT_EQ(t.first_seen_at, clock.now());
  EXPECT_EQ(t.last_seen_at, clock.now());
  EXPECT_EQ(t.times_received, 1);
}

TEST_F(TraceServiceTest, ANewFindingMayComeWithAStatus) {
  auto f = finding("h");
  f.status = TraceStatus::kConfirmed;
  ASSERT_TRUE(report({f}));
  EXPECT_EQ(stored_by_hash("h")->status, TraceStatus::kConfirmed);
}

TEST_F(TraceServiceTest, ReportingTheSameHashAgainUpdatesTheTraceInsteadOfDuplicatingIt) {
  auto f = finding("h");
  f.status = TraceStatus::kSuspicious;
  ASSERT_TRUE(report({f}));
  const Trace before = *stored_by_hash("h");
  const Timestamp first = clock.now();

  clock.advance(2h);
  auto again = finding("h", "SQL Injection in /login");
  again.severity = Severity::kCritical;
  again.rule_name = "sql-injection-v2";
  again.category = "Injection (SQL)";
  again.confidence = "Low";
  again.tags = {"new-tag"};
  // No status given: the one set earlier stays.
  const auto r = report({again});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->received, 1u);
  EXPECT_EQ(r->created, 0u);
  EXPECT_EQ(r->updated, 1u);

  const auto all = stored(org_id);
  ASSERT_EQ(all.size(), 1u);
  const Trace& t = all[0];
  EXPECT_EQ(t.id, before.id);
  EXPECT_EQ(t.first_seen_at, first);
  EXPECT_EQ(t.last_seen_at, first + 2h);
  EXPECT_EQ(t.times_received, 2);
  EXPECT_EQ(t.status, TraceStatus::kSuspicious);
  EXPECT_EQ(t.title, "SQL Injection in /login");
  EXPECT_EQ(t.rule_name, "sql-injection-v2");
  EXPECT_EQ(t.severity, Severity::kCritical);
  EXPECT_EQ(t.category, "Injection (SQL)");
  EXPECT_EQ(t.confidence, "Low");
  EXPECT_EQ(t.tags, std::vector<std::string>{"new-tag"});
}

TEST_F(TraceServiceTest, AStatusInARepeatReportReplacesTheEarlierOne) {
  ASSERT_TRUE(report({finding("h")}));
  clock.advance(1min);
  auto fixed = finding("h");
  fixed.status = TraceStatus::kFixed;
  ASSERT_TRUE(report({fixed}));
  EXPECT_EQ(stored_by_hash("h")->status, TraceStatus::kFixed);
  clock.advance(1min);
  ASSERT_TRUE(report({finding("h")}));
  const auto t = stored_by_hash("h");
  EXPECT_EQ(t->status, TraceStatus::kFixed);
  EXPECT_EQ(t->times_received, 3);
}

TEST_F(TraceServiceTest, TheSameHashTwiceInOneReportIsOneTraceReceivedTwice) {
  const auto r = report({finding("h", "first"), finding("other"), finding("h", "latest")});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->received, 3u);
  EXPECT_EQ(r->created, 2u);
  EXPECT_EQ(r->updated, 0u);
  EXPECT_EQ(stored(org_id).size(), 2u);
  const auto t = stored_by_hash("h");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->times_received, 2);
  EXPECT_EQ(t->title, "latest");
  EXPECT_EQ(stored_by_hash("other")->times_received, 1);

  clock.advance(1min);
  ASSERT_TRUE(report({finding("h"), finding("h")}));
  EXPECT_EQ(stored_by_hash("h")->times_received, 4);
  EXPECT_EQ(stored(org_id).size(), 2u);
}

TEST_F(TraceServiceTest, AHashIsUniquePerApplicationNotPerOrganization) {
  ASSERT_TRUE(report({finding("h")}));
  ASSERT_TRUE(traces.report(org_id, second_app_id, {finding("h")}));
  const auto all = stored(org_id);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_NE(all[0].id, all[1].id);
  EXPECT_NE(all[0].app_id, all[1].app_id);
  EXPECT_EQ(all[0].times_received, 1);
  EXPECT_EQ(all[1].times_received, 1);
}

TEST_F(TraceServiceTest, AnEmptyHashAnywhereRefusesTheWholeReport) {
  expect_invalid_at_index_2(finding(""));
}

TEST_F(TraceServiceTest, ATooLongTitleRefusesTheWholeReport) {
  expect_invalid_at_index_2(finding("h2", std::string(kMaxTitleLength + 1, 't')));
}

TEST_F(TraceServiceTest, AnEmptyTitleRefusesTheWholeReport) {
  expect_invalid_at_index_2(finding("h2", ""));
}

TEST_F(TraceServiceTest, ABadTagRefusesTheWholeReport) {
  auto f = finding("h2");
  f.tags = {"fine", "bad\ntag"};
  expect_invalid_at_index_2(f);
}

TEST_F(TraceServiceTest, TooManyTagsRefuseTheWholeReport) {
  auto f = finding("h2");
  for (size_t i = 0; i <= kMaxTags; ++i) f.tags.push_back("t" + std::to_string(i));
  expect_invalid_at_index_2(f);
}

TEST_F(TraceServiceTest, ATooLongHashOrFieldRefusesTheWholeReport) {
  expect_invalid_at_index_2(finding(std::string(kMaxHashLength + 1, 'h')));
  auto f = finding("h2");
  f.category = std::string(kMaxTraceFieldLength + 1, 'c');
  expect_invalid_at_index_2(f);
  f = finding("h2");
  f.rule_name = "";
  expect_invalid_at_index_2(f);
  f = finding("h2");
  f.likelihood = "lo\x01w";
  expect_invalid_at_index_2(f);
}

TEST_F(TraceServiceTest, TheErrorNamesTheFirstBadFinding) {
  const auto r = report({finding("h0"), finding(""), finding("", "")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "traces[1]: hash must not be empty");
}

TEST_F(TraceServiceTest, AnInvalidRepeatLeavesTheExistingTraceAlone) {
  ASSERT_TRUE(report({finding("h")}));
  const Trace before = *stored_by_hash("h");
  clock.advance(1min);
  const auto r = report({finding("h", "changed"), finding("")});
  ASSERT_FALSE(r);
  const Trace after = *stored_by_hash("h");
  EXPECT_EQ(after.title, before.title);
  EXPECT_EQ(after.times_received, 1);
  EXPECT_EQ(after.last_seen_at, before.last_seen_at);
}

TEST_F(TraceServiceTest, AReportMayCarryAtMostMaxTracesPerReport) {
  std::vector<ReportedTrace> findings;
  for (size_t i = 0; i <= kMaxTracesPerReport; ++i) findings.push_back(finding(std::to_string(i)));
  const auto r = report(findings);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
  EXPECT_TRUE(stored(org_id).empty());

  findings.pop_back();
  const auto ok = report(findings);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->created, kMaxTracesPerReport);
  EXPECT_EQ(stored(org_id).size(), kMaxTracesPerReport);
}

TEST_F(TraceServiceTest, AnotherOrganizationsApplicationIsNotFound) {
  const auto r = traces.report(org_id, other_app_id, {finding("h")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kNotFound);
  EXPECT_TRUE(stored(org_id).empty());
  EXPECT_TRUE(stored(other_org_id).empty());
}

TEST_F(TraceServiceTest, AnUnknownApplicationIsNotFound) {
  const auto r = traces.report(org_id, Uuid::random(random), {finding("h")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kNotFound);
}

TEST_F(TraceServiceTest, AStorageFailureFailsTheReportAndStoresNothing) {
  store.fail_next_writes(1);
  const auto r = report({finding("h0"), finding("h1")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kUnavailable);
  EXPECT_TRUE(stored(org_id).empty());
  // The agent's retry records it once.
  ASSERT_TRUE(report({finding("h0"), finding("h1")}));
  EXPECT_EQ(stored(org_id).size(), 2u);
  EXPECT_EQ(stored_by_hash("h0")->times_received, 1);
}

// BUG (src/service/trace_service.cc, report()): when the store cannot read the application
// (kUnavailable), report() answers kNotFound "application not found", because
// `if (!app || app->org_id != org_id)` treats every read error as absence. An agent is told its
// application does not exist when storage was merely unavailable; ApplicationService::get passes
// the storage error on. Expected kUnavailable, actual kNotFound.
TEST_F(TraceServiceTest, AStorageReadFailureIsUnavailableNotNotFound) {
  store.fail_next_reads(1);
  const auto r = report({finding("h")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kUnavailable);
}

TEST_F(TraceServiceTest, GetFindsATraceOfTheOrganizationAndApplication) {
  ASSERT_TRUE(report({finding("h")}));
  const Trace t = *stored_by_hash("h");
  const auto by_org = traces.get(org_id, t.id, std::nullopt);
  ASSERT_TRUE(by_org) << by_org.error().message;
  EXPECT_EQ(by_org->hash, "h");
  const auto by_app = traces.get(org_id, t.id, app_id);
  ASSERT_TRUE(by_app) << by_app.error().message;
  EXPECT_EQ(by_app->id, t.id);
}

TEST_F(TraceServiceTest, GetWithTheWrongOrganizationOrApplicationIsNotFound) {
  ASSERT_TRUE(report({finding("h")}));
  const Trace t = *stored_by_hash("h");
  EXPECT_EQ(traces.get(other_org_id, t.id, std::nullopt).error().code, Errc::kNotFound);
  EXPECT_EQ(traces.get(other_org_id, t.id, app_id).error().code, Errc::kNotFound);
  EXPECT_EQ(traces.get(org_id, t.id, second_app_id).error().code, Errc::kNotFound);
  EXPECT_EQ(traces.get(org_id, Uuid::random(random), std::nullopt).error().code, Errc::kNotFound);
}

}  // namespace
}  // namespace keyward::service

// The application and trace half of store/store.h's contract, against every Store.
#include <functional>
#include <memory>

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

class TraceConformance : public ::testing::TestWithParam<Implementation> {
 protected:
  void SetUp() override {
    handle_ = GetParam().open();
    ASSERT_NE(handle_.store, nullptr);
    org = make.organization();
    other_org = make.organization("Other");
    WriteBatch b;
    b.organizations = {org, other_org};
    ASSERT_TRUE(store().apply(b));
  }
  Store& store() { return *handle_.store; }
  Application stored_app(std::string name, const Organization& owner) {
    Application app = make.application(owner.id, std::move(name));
    WriteBatch b;
    b.applications.push_back(app);
    EXPECT_TRUE(store().apply(b));
    return app;
  }
  Trace stored_trace(const Application& app, std::string hash, Severity s = Severity::kHigh) {
    Trace t = make.trace(app, std::move(hash), s);
    WriteBatch b;
    b.traces.push_back(t);
    const auto applied = store().apply(b);
    EXPECT_TRUE(applied) << applied.error().message;
    return t;
  }
  static std::vector<std::string> names(const Page<Application>& page) {
    std::vector<std::string> out;
    for (const auto& a : page.items) out.push_back(a.name);
    return out;
  }
  static std::vector<std::string> hashes(const Page<Trace>& page) {
    std::vector<std::string> out;
    for (const auto& t : page.items) out.push_back(t.hash);
    return out;
  }

  EntityFactory make;
  Organization org, other_org;
  StoreHandle handle_;
};

TEST_P(TraceConformance, ApplicationDetailsRoundTrip) {
  Application app = stored_app("shop", org);
  const auto got = store().get_application(app.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->path, "/shop");
  EXPECT_EQ(got->importance, 3);
  EXPECT_EQ(got->tags, app.tags);
  EXPECT_FALSE(got->archived);
  app.archived = true;
  app.tags.clear();
  app.version = 2;
  WriteBatch b;
  b.applications.push_back(app);
  ASSERT_TRUE(store().apply(b));
  EXPECT_TRUE(store().get_application(app.id)->archived);
  EXPECT_TRUE(store().get_application(app.id)->tags.empty());
}

TEST_P(TraceConformance, FindsAnApplicationByExactNameAndLanguage) {
  const Application app = stored_app("shop", org);
  EXPECT_EQ(store().find_application(org.id, "shop", "Java")->id, app.id);
  EXPECT_EQ(store().find_application(org.id, "Shop", "Java").error().code, Errc::kNotFound);
  EXPECT_EQ(store().find_application(org.id, "shop", "Node").error().code, Errc::kNotFound);
  EXPECT_EQ(store().find_application(other_org.id, "shop", "Java").error().code, Errc::kNotFound);
}

TEST_P(TraceConformance, ApplicationQueriesFilterSortAndPage) {
  for (auto name : {"beta", "Alpha", "gamma", "alphabet"}) stored_app(name, org);
  stored_app("alpha-elsewhere", other_org);
  Application archived = stored_app("alpha-old", org);
  archived.archived = true;
  archived.version = 2;
  WriteBatch b;
  b.applications.push_back(archived);
  ASSERT_TRUE(store().apply(b));

  ApplicationQuery q;
  q.org_id = org.id;
  auto all = store().query_applications(q);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total, 4u);
  EXPECT_EQ(names(*all), (std::vector<std::string>{"Alpha", "alphabet", "beta", "gamma"}));

  q.text = "ALPHA";
  EXPECT_EQ(names(*store().query_applications(q)), (std::vector<std::string>{"Alpha", "alphabet"}));
  q.include_archived = true;
  EXPECT_EQ(store().query_applications(q)->total, 3u);

  ApplicationQuery paged;
  paged.org_id = org.id;
  paged.descending = true;
  paged.offset = 1;
  paged.limit = 2;
  const auto page = store().query_applications(paged);
  EXPECT_EQ(page->total, 4u);
  EXPECT_EQ(names(*page), (std::vector<std::string>{"beta", "alphabet"}));
  paged.offset = 10;
  EXPECT_TRUE(store().query_applications(paged)->items.empty());
  EXPECT_EQ(store().query_applications(paged)->total, 4u);
}

TEST_P(TraceConformance, TracesRoundTripAndAreUniqueByHashWithinAnApplication) {
  const Application shop = stored_app("shop", org);
  const Application blog = stored_app("blog", org);
  const Trace t = stored_trace(shop, "h1");
  const auto got = store().get_trace(t.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->title, t.title);
  EXPECT_EQ(got->rule_name, t.rule_name);
  EXPECT_EQ(got->severity, t.severity);
  EXPECT_EQ(got->status, t.status);
  EXPECT_EQ(got->hash, "h1");
  EXPECT_EQ(got->category, t.category);
  EXPECT_EQ(got->confidence, t.confidence);
  EXPECT_EQ(got->impact, t.impact);
  EXPECT_EQ(got->likelihood, t.likelihood);
  EXPECT_EQ(got->tags, t.tags);
  EXPECT_EQ(got->first_seen_at, t.first_seen_at);
  EXPECT_EQ(got->times_received, 1);
  WriteBatch dup;
  dup.traces.push_back(make.trace(shop, "h1"));
  EXPECT_EQ(store().apply(dup).error().code, Errc::kAlreadyExists);
  stored_trace(blog, "h1");  // the same hash in another application is another trace
}

TEST_P(TraceConformance, ATraceNeedsItsApplication) {
  Application ghost = make.application(org.id, "ghost");
  WriteBatch b;
  b.traces.push_back(make.trace(ghost, "h"));
  EXPECT_EQ(store().apply(b).error().code, Errc::kNotFound);
}

TEST_P(TraceConformance, ReportingAgainUpdatesTheSameTrace) {
  const Application shop = stored_app("shop", org);
  Trace t = stored_trace(shop, "h1");
  t.times_received = 2;
  t.last_seen_at = make.at(999);
  t.version = 2;
  WriteBatch b;
  b.traces.push_back(t);
  ASSERT_TRUE(store().apply(b));
  const auto got = store().get_trace(t.id);
  EXPECT_EQ(got->times_received, 2);
  EXPECT_EQ(got->last_seen_at, make.at(999));
}

TEST_P(TraceConformance, FindsTracesByHash) {
  const Application shop = stored_app("shop", org);
  const Application blog = stored_app("blog", org);
  stored_trace(shop, "a");
  stored_trace(shop, "b");
  stored_trace(blog, "a");
  const std::vector<std::string> wanted{"a", "b", "missing"};
  const auto found = store().find_traces(shop.id, wanted);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->size(), 2u);
  for (const auto& t : *found) EXPECT_EQ(t.app_id, shop.id);
}

TEST_P(TraceConformance, TraceQueriesFilterSortAndPage) {
  const Application shop = stored_app("shop", org);
  const Application blog = stored_app("blog", org);
  stored_trace(shop, "crit", Severity::kCritical);
  stored_trace(shop, "low", Severity::kLow);
  Trace fixed = make.trace(blog, "fixed", Severity::kMedium);
  fixed.status = TraceStatus::kFixed;
  fixed.rule_name = "xss";
  fixed.title = "Cross-Site Scripting in /comments";
  WriteBatch b;
  b.traces.push_back(fixed);
  ASSERT_TRUE(store().apply(b));
  stored_trace(stored_app("elsewhere", other_org), "other");

  TraceQuery q;
  q.org_id = org.id;
  auto all = store().query_traces(q);
  EXPECT_EQ(all->total, 3u);
  EXPECT_EQ(hashes(*all), (std::vector<std::string>{"fixed", "low", "crit"}));  // newest first

  q.app_id = shop.id;
  EXPECT_EQ(store().query_traces(q)->total, 2u);
  q.app_id.reset();
  q.severities = {Severity::kCritical, Severity::kMedium};
  EXPECT_EQ(hashes(*store().query_traces(q)), (std::vector<std::string>{"fixed", "crit"}));
  q.severities.clear();
  q.statuses = {TraceStatus::kFixed};
  EXPECT_EQ(hashes(*store().query_traces(q)), (std::vector<std::string>{"fixed"}));
  q.statuses.clear();
  q.rule_names = {"sql-injection"};
  EXPECT_EQ(store().query_traces(q)->total, 2u);
  q.rule_names.clear();
  q.text = "SCRIPTING";
  EXPECT_EQ(hashes(*store().query_traces(q)), (std::vector<std::string>{"fixed"}));
  q.text = "xss";  // matches the rule name too
  EXPECT_EQ(store().query_traces(q)->total, 1u);
  q.text.clear();
  q.order = TraceOrder::kSeverity;
  EXPECT_EQ(hashes(*store().query_traces(q)), (std::vector<std::string>{"crit", "fixed", "low"}));
  q.descending = false;
  q.offset = 1;
  q.limit = 1;
  const auto page = store().query_traces(q);
  EXPECT_EQ(page->total, 3u);
  EXPECT_EQ(hashes(*page), (std::vector<std::string>{"fixed"}));
}

TEST_P(TraceConformance, CountsTracesBySeverityPerApplication) {
  const Application shop = stored_app("shop", org);
  const Application blog = stored_app("blog", org);
  stored_app("quiet", org);
  stored_trace(shop, "a", Severity::kCritical);
  Trace fixed = make.trace(shop, "b", Severity::kCritical);
  fixed.status = TraceStatus::kFixed;
  WriteBatch b;
  b.traces.push_back(fixed);
  ASSERT_TRUE(store().apply(b));
  stored_trace(shop, "c", Severity::kNote);
  stored_trace(blog, "d", Severity::kLow);
  stored_trace(stored_app("x", other_org), "e", Severity::kLow);
  const auto counts = store().count_traces(org.id);
  ASSERT_TRUE(counts);
  ASSERT_EQ(counts->size(), 2u);
  for (const auto& c : *counts) {
    if (c.app_id == shop.id) {
      EXPECT_EQ(c.by_severity[static_cast<size_t>(Severity::kCritical)], 2u);
      EXPECT_EQ(c.open_by_severity[static_cast<size_t>(Severity::kCritical)], 1u);
      EXPECT_EQ(c.by_severity[static_cast<size_t>(Severity::kNote)], 1u);
      EXPECT_EQ(c.total(), 3u);
    } else {
      EXPECT_EQ(c.app_id, blog.id);
      EXPECT_EQ(c.total(), 1u);
    }
  }
}

TEST_P(TraceConformance, TracesAreNotJournaled) {
  const Application shop = stored_app("shop", org);
  const auto before = *store().last_change();
  stored_trace(shop, "a");
  EXPECT_EQ(*store().last_change(), before);
}

INSTANTIATE_TEST_SUITE_P(AllStores, TraceConformance, ::testing::ValuesIn(implementations()),
                         implementation_name);

}  // namespace
}  // namespace keyward::store

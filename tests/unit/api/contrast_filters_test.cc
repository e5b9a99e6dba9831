#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/contrast/filter_input.h"
#include "api/contrast/filters.h"

namespace keyward::api::contrast {
namespace {

using Strings = std::vector<std::string>;

// A request's parameters: a query string and a JSON body ("" for none), kept alive for the
// FilterInput that reads them.
class Request {
 public:
  explicit Request(std::string_view query, std::string_view body = "")
      : query_(http::Query::parse(query)),
        body_(body.empty() ? boost::json::value() : boost::json::parse(body)),
        in_(query_, body_) {}
  const FilterInput& in() const { return in_; }

 private:
  http::Query query_;
  boost::json::value body_;
  FilterInput in_;
};

Strings list(std::string_view query, std::string_view body, std::string_view name) {
  return Request(query, body).in().list(name);
}

std::optional<std::string> text(std::string_view query, std::string_view body,
                                std::string_view name) {
  return Request(query, body).in().text(name);
}

// --- FilterInput::list ---

TEST(FilterInputListTest, ReadsEveryFormOfAList) {
  const Strings high_low{"HIGH", "LOW"};
  EXPECT_EQ(list("severities=HIGH,LOW", "", "severities"), high_low);
  EXPECT_EQ(list("severities=HIGH&severities=LOW", "", "severities"), high_low);
  EXPECT_EQ(list("severities[0]=HIGH&severities[1]=LOW", "", "severities"), high_low);
  EXPECT_EQ(list("severities%5B0%5D=HIGH&severities%5B1%5D=LOW", "", "severities"), high_low);
  EXPECT_EQ(list("", R"({"severities":["HIGH","LOW"]})", "severities"), high_low);
  EXPECT_EQ(list("", R"({"severities":"HIGH,LOW"})", "severities"), high_low);
  EXPECT_EQ(list("", R"({"severities":["HIGH,LOW"]})", "severities"), high_low);
}

TEST(FilterInputListTest, TrimsAndDropsEmptyItems) {
  EXPECT_EQ(list("severities=+HIGH+,,LOW,", "", "severities"), (Strings{"HIGH", "LOW"}));
  EXPECT_EQ(list("", R"({"severities":[" HIGH ", "", "LOW"]})", "severities"),
            (Strings{"HIGH", "LOW"}));
  EXPECT_TRUE(list("severities=", "", "severities").empty());
  EXPECT_TRUE(list("severities=,", "", "severities").empty());
}

TEST(FilterInputListTest, NullEmptyAndMissingAreAbsent) {
  EXPECT_TRUE(list("", R"({"Severities": null})", "severities").empty());
  EXPECT_TRUE(list("", R"({"severities": ""})", "severities").empty());
  EXPECT_TRUE(list("", R"({"severities": []})", "severities").empty());
  EXPECT_TRUE(list("", R"({"other": ["HIGH"]})", "severities").empty());
  EXPECT_TRUE(list("", "", "severities").empty());
  EXPECT_TRUE(list("", "[1,2]", "severities").empty());  // a body that is not an object
}

TEST(FilterInputListTest, NamesMatchInAnyCase) {
  EXPECT_EQ(list("SEVERITIES=HIGH", "", "severities"), Strings{"HIGH"});
  EXPECT_EQ(list("", R"({"Severities":["HIGH"]})", "severities"), Strings{"HIGH"});
  EXPECT_EQ(list("vulntypes=xss", "", "vulnTypes"), Strings{"xss"});
}

TEST(FilterInputListTest, ValuesKeepTheirCase) {
  EXPECT_EQ(list("vulnTypes=SQL-Injection", "", "vulnTypes"), Strings{"SQL-Injection"});
}

TEST(FilterInputListTest, ReadsQueryAndBodyTogether) {
  EXPECT_EQ(list("severities=HIGH", R"({"severities":["LOW","NOTE"]})", "severities"),
            (Strings{"HIGH", "LOW", "NOTE"}));
}

TEST(FilterInputListTest, NumbersAndBooleansInTheBodyReadAsText) {
  EXPECT_EQ(list("", R"({"ids":[1, 2, true]})", "ids"), (Strings{"1", "2", "true"}));
}

// --- FilterInput::text ---

TEST(FilterInputTextTest, ReadsTheFirstValue) {
  EXPECT_EQ(text("filterText=sql", "", "filterText"), "sql");
  EXPECT_EQ(text("filterText=a&filterText=b", "", "filterText"), "a");
  EXPECT_EQ(text("filterText=two+words", "", "filterText"), "two words");
  EXPECT_EQ(text("", R"({"filterText":"sql"})", "filterText"), "sql");
}

TEST(FilterInputTextTest, AnEmptyQueryValueIsAbsent) {
  EXPECT_EQ(text("filterText=", "", "filterText"), std::nullopt);
  EXPECT_EQ(text("filterText", "", "filterText"), std::nullopt);
  EXPECT_EQ(text("", R"({"filterText":""})", "filterText"), std::nullopt);
  EXPECT_EQ(text("", R"({"filterText":null})", "filterText"), std::nullopt);
  EXPECT_EQ(text("", R"({"filterText":[]})", "filterText"), std::nullopt);
  // An empty query value falls through to the body.
  EXPECT_EQ(text("filterText=", R"({"filterText":"sql"})", "filterText"), "sql");
}

TEST(FilterInputTextTest, TheQueryWinsOverTheBody) {
  EXPECT_EQ(text("filterText=query", R"({"filterText":"body"})", "filterText"), "query");
}

TEST(FilterInputTextTest, ABodyArrayGivesItsFirstItem) {
  EXPECT_EQ(text("", R"({"filterText":["sql","xss"]})", "filterText"), "sql");
}

TEST(FilterInputTextTest, BodyKeysMatchInAnyCase) {
  EXPECT_EQ(text("", R"({"applicationID":"abc"})", "applicationId"), "abc");
  EXPECT_EQ(text("", R"({"APPLICATIONID":"abc"})", "applicationId"), "abc");
  EXPECT_EQ(text("applicationID=abc", "", "applicationId"), "abc");
}

TEST(FilterInputTextTest, ANullBodyKeyDoesNotHideALaterSpelling) {
  EXPECT_EQ(text("", R"({"applicationID":null,"applicationId":"abc"})", "applicationId"), "abc");
}

TEST(FilterInputTextTest, BooleansAndNumbersInTheBodyReadAsText) {
  EXPECT_EQ(text("", R"({"includeArchived":true})", "includeArchived"), "true");
  EXPECT_EQ(text("", R"({"limit":25})", "limit"), "25");
}

// --- FilterInput::integer ---

TEST(FilterInputIntegerTest, ReadsAWholeNumberInRange) {
  const auto q = Request("limit=25").in().integer("limit", 0, 100);
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(*q, 25);
  const auto b = Request("", R"({"limit":7})").in().integer("limit", 0, 100);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(*b, 7);
  EXPECT_EQ(*Request("limit=0").in().integer("limit", 0, 100), 0);
  EXPECT_EQ(*Request("limit=100").in().integer("limit", 0, 100), 100);
}

TEST(FilterInputIntegerTest, AbsentIsNoValueNotAnError) {
  for (const char* query : {"", "limit=", "other=5"}) {
    const auto r = Request(query).in().integer("limit", 0, 100);
    ASSERT_TRUE(r) << query;
    EXPECT_EQ(*r, std::nullopt) << query;
  }
  const auto r = Request("", R"({"limit":null})").in().integer("limit", 0, 100);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, std::nullopt);
}

TEST(FilterInputIntegerTest, OutOfRangeOrNonNumericIsAnErrorNamingTheParameter) {
  for (const char* query : {"limit=101", "limit=-1", "limit=abc", "limit=5x", "limit=1.5",
                            "limit=99999999999999999999999"}) {
    const auto r = Request(query).in().integer("limit", 0, 100);
    ASSERT_FALSE(r) << query;
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument) << query;
    EXPECT_NE(r.error().message.find("limit"), std::string::npos) << r.error().message;
  }
  const auto b = Request("", R"({"offset":"ten"})").in().integer("offset", 0, 100);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, Errc::kInvalidArgument);
  EXPECT_NE(b.error().message.find("offset"), std::string::npos) << b.error().message;
}

// --- FilterInput::bare ---

TEST(FilterInputBareTest, ListsQueryItemsWithoutAnEqualsSign) {
  const Request r("sqli&limit=5&login+form&expand=");
  EXPECT_EQ(r.in().bare(), (Strings{"sqli", "login form"}));
  EXPECT_TRUE(Request("limit=5").in().bare().empty());
}

// --- application_query ---

const Uuid kQueriedOrg = *Uuid::parse("0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44");
const Uuid kQueriedApp = *Uuid::parse("1c7d2c1f-9f1b-4d4f-8b62-1d2e8fa03b55");

store::ApplicationQuery app_query(std::string_view query, std::string_view body = "") {
  const Request r(query, body);
  auto q = application_query(r.in(), kQueriedOrg);
  EXPECT_TRUE(q) << q.error().message;
  return q ? *q : store::ApplicationQuery{};
}

TEST(ApplicationQueryTest, DefaultsToEveryUnarchivedApplicationByNameFirstPage) {
  const auto q = app_query("");
  EXPECT_EQ(q.org_id, kQueriedOrg);
  EXPECT_EQ(q.text, "");
  EXPECT_FALSE(q.include_archived);
  EXPECT_EQ(q.order, store::ApplicationOrder::kName);
  EXPECT_FALSE(q.descending);
  EXPECT_EQ(q.offset, 0u);
  EXPECT_EQ(q.limit, kDefaultPageSize);
}

TEST(ApplicationQueryTest, FilterText) {
  EXPECT_EQ(app_query("filterText=shop").text, "shop");
  EXPECT_EQ(app_query("filtertext=shop").text, "shop");
  EXPECT_EQ(app_query("", R"({"filterText":"shop"})").text, "shop");
}

TEST(ApplicationQueryTest, IncludeArchivedInAnyCase) {
  EXPECT_TRUE(app_query("includeArchived=true").include_archived);
  EXPECT_TRUE(app_query("includeArchived=True").include_archived);
  EXPECT_TRUE(app_query("includeArchived=TRUE").include_archived);
  EXPECT_FALSE(app_query("includeArchived=False").include_archived);
  EXPECT_FALSE(app_query("includeArchived=false").include_archived);
  EXPECT_FALSE(app_query("includeArchived=").include_archived);
  EXPECT_FALSE(app_query("includeArchived=maybe").include_archived);
  EXPECT_TRUE(app_query("", R"({"includeArchived":true})").include_archived);
  EXPECT_FALSE(app_query("", R"({"includeArchived":false})").include_archived);
}

TEST(ApplicationQueryTest, SortFieldsAndDirection) {
  struct Case {
    const char* sort;
    store::ApplicationOrder order;
    bool descending;
  };
  for (const Case& c : {Case{"appName", store::ApplicationOrder::kName, false},
                        Case{"-appName", store::ApplicationOrder::kName, true},
                        Case{"name", store::ApplicationOrder::kName, false},
                        Case{"lastSeen", store::ApplicationOrder::kLastSeen, false},
                        Case{"-lastSeen", store::ApplicationOrder::kLastSeen, true},
                        Case{"last_seen", store::ApplicationOrder::kLastSeen, false},
                        Case{"created", store::ApplicationOrder::kCreated, false},
                        Case{"-created", store::ApplicationOrder::kCreated, true},
                        Case{"importance", store::ApplicationOrder::kImportance, false},
                        Case{"-Importance", store::ApplicationOrder::kImportance, true},
                        Case{"bogus", store::ApplicationOrder::kName, false},
                        Case{"", store::ApplicationOrder::kName, false}}) {
    const auto q = app_query(std::string("sort=") + c.sort);
    EXPECT_EQ(q.order, c.order) << c.sort;
    EXPECT_EQ(q.descending, c.descending) << c.sort;
  }
}

// BUG? (src/api/contrast/filters.cc, application_query): filters.h says "Unknown sort fields fall
// back to the default order", which for applications is name ascending, but "sort=-bogus" gives
// name *descending*: the '-' of an unknown field is kept. trace_query resets the direction for
// unknown fields; application_query does not. Expected descending == false, actual true.
TEST(ApplicationQueryTest, AnUnknownDescendingSortFallsBackToTheDefaultOrder) {
  const auto q = app_query("sort=-bogus");
  EXPECT_EQ(q.order, store::ApplicationOrder::kName);
  EXPECT_FALSE(q.descending);
}

TEST(ApplicationQueryTest, LimitAndOffset) {
  EXPECT_EQ(app_query("limit=0").limit, kDefaultPageSize);
  EXPECT_EQ(app_query("limit=").limit, kDefaultPageSize);
  EXPECT_EQ(app_query("limit=5").limit, 5u);
  EXPECT_EQ(app_query("limit=1000").limit, kMaxPageSize);
  EXPECT_EQ(app_query("offset=40").offset, 40u);
  EXPECT_EQ(app_query("", R"({"limit":20,"offset":60})").offset, 60u);
  EXPECT_EQ(app_query("", R"({"limit":20,"offset":60})").limit, 20u);
}

TEST(ApplicationQueryTest, ALimitOrOffsetOutOfRangeIsRefused) {
  for (const char* query :
       {"limit=5000", "limit=1001", "limit=-1", "limit=ten", "offset=-1", "offset=x"}) {
    const Request r(query);
    const auto q = application_query(r.in(), kQueriedOrg);
    ASSERT_FALSE(q) << query;
    EXPECT_EQ(q.error().code, Errc::kInvalidArgument) << query;
  }
  const Request r("limit=5000");
  EXPECT_NE(application_query(r.in(), kQueriedOrg).error().message.find("limit"),
            std::string::npos);
}

// --- trace_query ---

store::TraceQuery tq(std::string_view query, std::string_view body = "",
                     std::optional<Uuid> app = std::nullopt) {
  const Request r(query, body);
  auto q = trace_query(r.in(), kQueriedOrg, app);
  EXPECT_TRUE(q) << q.error().message;
  return q ? *q : store::TraceQuery{};
}

Error trace_query_error(std::string_view query, std::string_view body = "") {
  const Request r(query, body);
  auto q = trace_query(r.in(), kQueriedOrg, std::nullopt);
  EXPECT_FALSE(q) << query << " " << body;
  return q ? Error{} : q.error();
}

// Compares what a store would be asked, field by field.
void expect_same_query(const store::TraceQuery& a, const store::TraceQuery& b) {
  EXPECT_EQ(a.org_id, b.org_id);
  EXPECT_EQ(a.app_id, b.app_id);
  EXPECT_EQ(a.severities, b.severities);
  EXPECT_EQ(a.statuses, b.statuses);
  EXPECT_EQ(a.rule_names, b.rule_names);
  EXPECT_EQ(a.text, b.text);
  EXPECT_EQ(a.order, b.order);
  EXPECT_EQ(a.descending, b.descending);
  EXPECT_EQ(a.offset, b.offset);
  EXPECT_EQ(a.limit, b.limit);
}

TEST(TraceQueryTest, DefaultsToEverythingNewestFirst) {
  const auto q = tq("");
  EXPECT_EQ(q.org_id, kQueriedOrg);
  EXPECT_EQ(q.app_id, std::nullopt);
  EXPECT_TRUE(q.severities.empty());
  EXPECT_TRUE(q.statuses.empty());
  EXPECT_TRUE(q.rule_names.empty());
  EXPECT_EQ(q.text, "");
  EXPECT_EQ(q.order, store::TraceOrder::kLastSeen);
  EXPECT_TRUE(q.descending);
  EXPECT_EQ(q.offset, 0u);
  EXPECT_EQ(q.limit, kDefaultPageSize);
  EXPECT_EQ(tq("", "", kQueriedApp).app_id, kQueriedApp);
}

TEST(TraceQueryTest, SeveritiesInAnyCaseAndForm) {
  const std::vector<Severity> critical_high{Severity::kCritical, Severity::kHigh};
  EXPECT_EQ(tq("severities=CRITICAL,HIGH").severities, critical_high);
  EXPECT_EQ(tq("severities=critical&severities=High").severities, critical_high);
  EXPECT_EQ(tq("severities[0]=Critical&severities[1]=high").severities, critical_high);
  EXPECT_EQ(tq("", R"({"severities":["CRITICAL","HIGH"]})").severities, critical_high);
  EXPECT_EQ(tq("", R"({"severities":"critical, high"})").severities, critical_high);
  EXPECT_EQ(tq("severities=MEDIUM,LOW,NOTE").severities,
            (std::vector<Severity>{Severity::kMedium, Severity::kLow, Severity::kNote}));
  EXPECT_TRUE(tq("severities=").severities.empty());
}

TEST(TraceQueryTest, AnUnknownSeverityIsAnErrorNamingIt) {
  const Error e = trace_query_error("severities=HIGH,URGENT");
  EXPECT_EQ(e.code, Errc::kInvalidArgument);
  EXPECT_NE(e.message.find("URGENT"), std::string::npos) << e.message;
  EXPECT_EQ(trace_query_error("", R"({"severities":["bogus"]})").code, Errc::kInvalidArgument);
}

TEST(TraceQueryTest, StatusInEveryForm) {
  EXPECT_EQ(tq("status=NotAProblem").statuses, std::vector<TraceStatus>{TraceStatus::kNotAProblem});
  EXPECT_EQ(tq("status=NOT_A_PROBLEM").statuses,
            std::vector<TraceStatus>{TraceStatus::kNotAProblem});
  EXPECT_EQ(tq("status=Not+a+Problem").statuses,
            std::vector<TraceStatus>{TraceStatus::kNotAProblem});
  EXPECT_EQ(tq("status=Reported,Fixed").statuses,
            (std::vector<TraceStatus>{TraceStatus::kReported, TraceStatus::kFixed}));
  EXPECT_EQ(tq("status=reported&status=CONFIRMED").statuses,
            (std::vector<TraceStatus>{TraceStatus::kReported, TraceStatus::kConfirmed}));
  EXPECT_EQ(tq("", R"({"status":["Suspicious","Remediated"]})").statuses,
            (std::vector<TraceStatus>{TraceStatus::kSuspicious, TraceStatus::kRemediated}));
}

TEST(TraceQueryTest, AnUnknownStatusIsAnErrorNamingIt) {
  const Error e = trace_query_error("status=Reported,Closed");
  EXPECT_EQ(e.code, Errc::kInvalidArgument);
  EXPECT_NE(e.message.find("Closed"), std::string::npos) << e.message;
}

TEST(TraceQueryTest, VulnTypesAreRuleNames) {
  EXPECT_EQ(tq("vulnTypes=sql-injection,xss").rule_names, (Strings{"sql-injection", "xss"}));
  EXPECT_EQ(tq("", R"({"vulnTypes":["sql-injection"]})").rule_names, Strings{"sql-injection"});
}

TEST(TraceQueryTest, FilterTextOrABareQueryItem) {
  EXPECT_EQ(tq("filterText=login").text, "login");
  EXPECT_EQ(tq("", R"({"filterText":"login"})").text, "login");
  EXPECT_EQ(tq("login&limit=5").text, "login");
  EXPECT_EQ(tq("filterText=named&bare").text, "named");
  EXPECT_EQ(tq("limit=5").text, "");
}

TEST(TraceQueryTest, QuickFilterOpenMeansOpenStatusesUnlessStatusesAreNamed) {
  const std::vector<TraceStatus> open{TraceStatus::kReported, TraceStatus::kSuspicious,
                                      TraceStatus::kConfirmed};
  EXPECT_EQ(tq("quickFilter=OPEN").statuses, open);
  EXPECT_EQ(tq("quickFilter=open").statuses, open);
  EXPECT_EQ(tq("", R"({"quickFilter":"OPEN"})").statuses, open);
  for (auto s : tq("quickFilter=OPEN").statuses) EXPECT_TRUE(is_open(s));
  EXPECT_EQ(tq("quickFilter=OPEN&status=Fixed").statuses,
            std::vector<TraceStatus>{TraceStatus::kFixed});
}

TEST(TraceQueryTest, QuickFilterAllAndUnmodelledValuesFilterNothing) {
  for (const char* query :
       {"quickFilter=ALL", "quickFilter=all", "quickFilter=NEW", "quickFilter="}) {
    expect_same_query(tq(query), tq(""));
  }
}

TEST(TraceQueryTest, SortFieldsAndDirection) {
  struct Case {
    const char* sort;
    store::TraceOrder order;
    bool descending;
  };
  for (const Case& c : {Case{"lastTimeSeen", store::TraceOrder::kLastSeen, false},
                        Case{"-lastTimeSeen", store::TraceOrder::kLastSeen, true},
                        Case{"firstTimeSeen", store::TraceOrder::kFirstSeen, false},
                        Case{"-firstTimeSeen", store::TraceOrder::kFirstSeen, true},
                        Case{"severity", store::TraceOrder::kSeverity, false},
                        Case{"-severity", store::TraceOrder::kSeverity, true},
                        Case{"-SEVERITY", store::TraceOrder::kSeverity, true},
                        Case{"title", store::TraceOrder::kTitle, false},
                        Case{"-title", store::TraceOrder::kTitle, true},
                        Case{"status", store::TraceOrder::kStatus, false},
                        Case{"-status", store::TraceOrder::kStatus, true},
                        Case{"bogus", store::TraceOrder::kLastSeen, true},
                        Case{"-bogus", store::TraceOrder::kLastSeen, true}}) {
    const auto q = tq(std::string("sort=") + c.sort);
    EXPECT_EQ(q.order, c.order) << c.sort;
    EXPECT_EQ(q.descending, c.descending) << c.sort;
  }
}

TEST(TraceQueryTest, TrackedUntrackedLicensedOnlyAndExpandChangeNothing) {
  const char* base = "severities=HIGH&status=Reported&limit=10";
  expect_same_query(
      tq(std::string(base) +
         "&tracked=false&untracked=false&licensedOnly=True&includeMerged=False&expand=x"),
      tq(base));
  expect_same_query(tq(std::string(base) + "&tracked=true&untracked=true"), tq(base));
  expect_same_query(tq(base, R"({"tracked":false,"untracked":false,"licensedOnly":true})"),
                    tq(base));
}

TEST(TraceQueryTest, LimitAndOffset) {
  const auto q = tq("limit=25&offset=50");
  EXPECT_EQ(q.limit, 25u);
  EXPECT_EQ(q.offset, 50u);
  EXPECT_EQ(tq("limit=0").limit, kDefaultPageSize);
  EXPECT_EQ(trace_query_error("limit=5000").code, Errc::kInvalidArgument);
  EXPECT_EQ(trace_query_error("offset=-5").code, Errc::kInvalidArgument);
}

}  // namespace
}  // namespace keyward::api::contrast

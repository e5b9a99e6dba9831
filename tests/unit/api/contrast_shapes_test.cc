#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/contrast/shapes.h"

namespace keyward::api::contrast {
namespace {

using namespace std::chrono_literals;

const Uuid kOrg = *Uuid::parse("0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44");
const Uuid kApp = *Uuid::parse("1c7d2c1f-9f1b-4d4f-8b62-1d2e8fa03b55");
const Uuid kTrace = *Uuid::parse("2d8e3d20-a02c-4e50-9c73-2e3f90b14c66");
constexpr std::int64_t kCreatedMs = 1'700'000'000'000;
constexpr std::int64_t kLastSeenMs = 1'800'000'000'000;
constexpr std::string_view kBase = "https://keyward.example";

Application app() {
  Application a;
  a.id = kApp;
  a.org_id = kOrg;
  a.name = "shop";
  a.language = "Java";
  a.path = "/shop";
  a.importance = 3;
  a.tags = {"prod", "eu"};
  a.archived = true;
  a.created_at = from_epoch_ms(kCreatedMs);
  a.last_seen_at = from_epoch_ms(kLastSeenMs);
  return a;
}

store::TraceCounts counts(std::size_t critical, std::size_t high, std::size_t medium,
                          std::size_t low, std::size_t note) {
  store::TraceCounts c;
  c.app_id = kApp;
  c.by_severity[static_cast<std::size_t>(Severity::kCritical)] = critical;
  c.by_severity[static_cast<std::size_t>(Severity::kHigh)] = high;
  c.by_severity[static_cast<std::size_t>(Severity::kMedium)] = medium;
  c.by_severity[static_cast<std::size_t>(Severity::kLow)] = low;
  c.by_severity[static_cast<std::size_t>(Severity::kNote)] = note;
  c.open_by_severity = c.by_severity;  // all still open
  return c;
}

boost::json::object shape(const ApplicationExpand& expand = {},
                          Timestamp now = from_epoch_ms(kLastSeenMs),
                          const store::TraceCounts& c = counts(0, 0, 0, 0, 0)) {
  return application_shape(app(), c, expand, kBase, now);
}

std::int64_t int_of(const boost::json::value& v) { return v.to_number<std::int64_t>(); }

// --- application_shape ---

TEST(ApplicationShapeTest, FieldsHaveTheTypesClientsBind) {
  const auto o = shape();
  EXPECT_EQ(o.at("app_id").as_string(), kApp.to_string());
  EXPECT_EQ(o.at("name").as_string(), "shop");
  EXPECT_EQ(o.at("short_name").as_string(), "shop");
  EXPECT_EQ(o.at("language").as_string(), "Java");
  EXPECT_EQ(o.at("path").as_string(), "/shop");
  EXPECT_TRUE(o.at("group_name").is_null());
  ASSERT_TRUE(o.at("importance").is_int64()) << boost::json::serialize(o.at("importance"));
  EXPECT_EQ(o.at("importance").as_int64(), 3);
  EXPECT_EQ(o.at("importance_description").as_string(), "HIGH");
  ASSERT_TRUE(o.at("created").is_int64());
  EXPECT_EQ(o.at("created").as_int64(), kCreatedMs);
  ASSERT_TRUE(o.at("last_seen").is_int64());
  EXPECT_EQ(o.at("last_seen").as_int64(), kLastSeenMs);
  ASSERT_TRUE(o.at("archived").is_bool());
  EXPECT_TRUE(o.at("archived").as_bool());
  ASSERT_TRUE(o.at("master").is_bool());
  EXPECT_FALSE(o.at("master").as_bool());
  ASSERT_TRUE(o.at("total_modules").is_number());
  EXPECT_EQ(int_of(o.at("total_modules")), 1);
  ASSERT_TRUE(o.at("tags").is_array());
  EXPECT_EQ(o.at("tags"), (boost::json::array{"prod", "eu"}));
  ASSERT_TRUE(o.at("links").is_array());
}

TEST(ApplicationShapeTest, ImportanceSerializesAsABareNumber) {
  const std::string json = boost::json::serialize(shape());
  EXPECT_NE(json.find("\"importance\":3"), std::string::npos) << json;
  EXPECT_NE(json.find("\"created\":1700000000000"), std::string::npos) << json;
  EXPECT_NE(json.find("\"archived\":true"), std::string::npos) << json;
}

TEST(ApplicationShapeTest, NoTagsIsAnEmptyArray) {
  Application a = app();
  a.tags.clear();
  const auto o = application_shape(a, counts(0, 0, 0, 0, 0), {}, kBase, a.last_seen_at);
  ASSERT_TRUE(o.at("tags").is_array());
  EXPECT_TRUE(o.at("tags").as_array().empty());
}

TEST(ApplicationShapeTest, OnlineWhenSeenWithinTheWindowOfflineAfter) {
  const Timestamp seen = from_epoch_ms(kLastSeenMs);
  EXPECT_EQ(shape({}, seen).at("status").as_string(), "online");
  EXPECT_EQ(shape({}, seen + 1min).at("status").as_string(), "online");
  EXPECT_EQ(shape({}, seen + kOnlineWindow).at("status").as_string(), "online");
  EXPECT_EQ(shape({}, seen + kOnlineWindow + 1ms).at("status").as_string(), "offline");
  EXPECT_EQ(shape({}, seen + 24h).at("status").as_string(), "offline");
}

TEST(ApplicationShapeTest, LinksPointAtTheApplicationUnlessSkipped) {
  const auto links = shape().at("links").as_array();
  ASSERT_EQ(links.size(), 1u);
  const auto& self = links[0].as_object();
  EXPECT_EQ(self.at("rel").as_string(), "self");
  EXPECT_EQ(self.at("method").as_string(), "GET");
  EXPECT_EQ(self.at("href").as_string(), std::string(kBase) + "/Contrast/api/ng/" +
                                             kOrg.to_string() + "/applications/" +
                                             kApp.to_string());
  ApplicationExpand skip;
  skip.skip_links = true;
  const auto o = shape(skip);
  ASSERT_TRUE(o.at("links").is_array());
  EXPECT_TRUE(o.at("links").as_array().empty());
}

TEST(ApplicationShapeTest, ExpandedPartsAreAbsentUnlessAskedFor) {
  const auto o = shape();
  EXPECT_FALSE(o.contains("trace_breakdown"));
  EXPECT_FALSE(o.contains("scores"));
  EXPECT_FALSE(o.contains("license"));
}

TEST(ApplicationShapeTest, TraceBreakdownCountsBySeverity) {
  ApplicationExpand e;
  e.trace_breakdown = true;
  const auto o = shape(e, from_epoch_ms(kLastSeenMs), counts(1, 2, 3, 4, 5));
  ASSERT_TRUE(o.contains("trace_breakdown"));
  const auto& b = o.at("trace_breakdown").as_object();
  for (const char* field :
       {"criticals", "highs", "meds", "lows", "notes", "traceCount", "traces"}) {
    ASSERT_TRUE(b.contains(field)) << field;
    EXPECT_TRUE(b.at(field).is_number()) << field;
  }
  EXPECT_EQ(int_of(b.at("criticals")), 1);
  EXPECT_EQ(int_of(b.at("highs")), 2);
  EXPECT_EQ(int_of(b.at("meds")), 3);
  EXPECT_EQ(int_of(b.at("lows")), 4);
  EXPECT_EQ(int_of(b.at("notes")), 5);
  EXPECT_EQ(int_of(b.at("traceCount")), 15);
  EXPECT_EQ(int_of(b.at("traces")), 15);
  EXPECT_FALSE(o.contains("scores"));
}

TEST(ApplicationShapeTest, ScoresGiveAnIntegerGradeAndALetter) {
  ApplicationExpand e;
  e.scores = true;
  const auto clean = shape(e).at("scores").as_object();
  ASSERT_TRUE(clean.at("grade").is_int64());
  EXPECT_EQ(clean.at("grade").as_int64(), 100);
  EXPECT_EQ(clean.at("letter_grade").as_string(), "A");

  const auto bad = shape(e, from_epoch_ms(kLastSeenMs), counts(5, 0, 0, 0, 0)).at("scores");
  ASSERT_TRUE(bad.at("grade").is_int64());
  EXPECT_EQ(bad.at("grade").as_int64(), 0);  // never below zero
  EXPECT_EQ(bad.at("letter_grade").as_string(), "F");
}

TEST(ApplicationShapeTest, ClosedFindingsDoNotLowerTheGrade) {
  ApplicationExpand e;
  e.scores = true;
  e.trace_breakdown = true;
  store::TraceCounts fixed = counts(3, 0, 0, 0, 0);
  fixed.open_by_severity = {};  // all three were fixed
  const auto app = shape(e, from_epoch_ms(kLastSeenMs), fixed);
  EXPECT_EQ(app.at("scores").at("grade").as_int64(), 100);
  EXPECT_EQ(app.at("trace_breakdown").at("criticals").as_int64(), 3);  // still counted
}

TEST(ApplicationShapeTest, MoreSevereFindingsLowerTheGradeMore) {
  ApplicationExpand e;
  e.scores = true;
  auto grade = [&](const store::TraceCounts& c) {
    return shape(e, from_epoch_ms(kLastSeenMs), c).at("scores").at("grade").as_int64();
  };
  const auto none = grade(counts(0, 0, 0, 0, 0));
  const auto note = grade(counts(0, 0, 0, 0, 1));
  const auto low = grade(counts(0, 0, 0, 1, 0));
  const auto medium = grade(counts(0, 0, 1, 0, 0));
  const auto high = grade(counts(0, 1, 0, 0, 0));
  const auto critical = grade(counts(1, 0, 0, 0, 0));
  EXPECT_LE(note, none);
  EXPECT_LT(low, none);
  EXPECT_LT(medium, low);
  EXPECT_LT(high, medium);
  EXPECT_LT(critical, high);
  EXPECT_LT(grade(counts(0, 2, 0, 0, 0)), high);
}

TEST(ApplicationShapeTest, LicenseStartsAtCreation) {
  ApplicationExpand e;
  e.license = true;
  const auto o = shape(e);
  ASSERT_TRUE(o.contains("license"));
  const auto& l = o.at("license").as_object();
  ASSERT_TRUE(l.at("start").is_int64());
  EXPECT_EQ(l.at("start").as_int64(), kCreatedMs);
  ASSERT_TRUE(l.at("end").is_int64());
  EXPECT_GT(l.at("end").as_int64(), kCreatedMs);
  EXPECT_EQ(l.at("level").as_string(), "Licensed");
}

TEST(ApplicationShapeTest, EveryExpansionAtOnce) {
  ApplicationExpand e;
  e.trace_breakdown = true;
  e.scores = true;
  e.license = true;
  e.skip_links = true;
  const auto o = shape(e);
  EXPECT_TRUE(o.contains("trace_breakdown"));
  EXPECT_TRUE(o.contains("scores"));
  EXPECT_TRUE(o.contains("license"));
  EXPECT_TRUE(o.at("links").as_array().empty());
}

// --- parse_application_expand ---

TEST(ParseApplicationExpandTest, NothingAskedNothingExpanded) {
  const auto e = parse_application_expand({});
  EXPECT_FALSE(e.trace_breakdown);
  EXPECT_FALSE(e.scores);
  EXPECT_FALSE(e.license);
  EXPECT_FALSE(e.skip_links);
}

TEST(ParseApplicationExpandTest, AnyCaseAnyOrder) {
  const auto e = parse_application_expand({"SCORES", "Trace_Breakdown"});
  EXPECT_TRUE(e.trace_breakdown);
  EXPECT_TRUE(e.scores);
  EXPECT_FALSE(e.license);
  EXPECT_FALSE(e.skip_links);
  const auto f = parse_application_expand({"license", "SKIP_LINKS", "license"});
  EXPECT_FALSE(f.trace_breakdown);
  EXPECT_FALSE(f.scores);
  EXPECT_TRUE(f.license);
  EXPECT_TRUE(f.skip_links);
}

TEST(ParseApplicationExpandTest, UnknownValuesAreIgnored) {
  const auto e = parse_application_expand({"modules", "scores", "trace"});
  EXPECT_TRUE(e.scores);
  EXPECT_FALSE(e.trace_breakdown);
  EXPECT_FALSE(e.license);
  EXPECT_FALSE(e.skip_links);
}

// BUG (src/api/contrast/shapes.cc, parse_application_expand): shapes.h promises it parses
// "trace_breakdown,scores" (comma-joined), but each element is compared whole, so
// parse_application_expand({"trace_breakdown,scores"}) expands nothing. Expected both flags set,
// actual both false. Today's only caller (applications.cc) passes FilterInput::list("expand"),
// which has already split on commas, so the HTTP API is not affected.
TEST(ParseApplicationExpandTest, ReadsCommaJoinedValues) {
  const auto e = parse_application_expand({"trace_breakdown,SCORES"});
  EXPECT_TRUE(e.trace_breakdown);
  EXPECT_TRUE(e.scores);
}

// --- trace_shape ---

Trace trace() {
  Trace t;
  t.id = kTrace;
  t.org_id = kOrg;
  t.app_id = kApp;
  t.title = "SQL Injection";
  t.rule_name = "sql-injection";
  t.severity = Severity::kHigh;
  t.status = TraceStatus::kNotAProblem;
  t.hash = "abc123";
  t.category = "Injection";
  t.confidence = "High";
  t.impact = "Medium";
  t.likelihood = "Low";
  t.tags = {"owasp"};
  t.first_seen_at = from_epoch_ms(kCreatedMs);
  t.last_seen_at = from_epoch_ms(kLastSeenMs);
  t.times_received = 7;
  return t;
}

TEST(TraceShapeTest, FieldsHaveTheTypesClientsBind) {
  const auto o = trace_shape(trace(), app());
  EXPECT_EQ(o.at("uuid").as_string(), kTrace.to_string());
  EXPECT_EQ(o.at("title").as_string(), "SQL Injection");
  EXPECT_EQ(o.at("rule_name").as_string(), "sql-injection");
  EXPECT_EQ(o.at("severity").as_string(), "High");
  EXPECT_EQ(o.at("default_severity").as_string(), "HIGH");
  EXPECT_EQ(o.at("status").as_string(), "NotAProblem");
  EXPECT_EQ(o.at("language").as_string(), "Java");
  EXPECT_EQ(o.at("hash").as_string(), "abc123");
  EXPECT_EQ(o.at("category").as_string(), "Injection");
  EXPECT_EQ(o.at("confidence").as_string(), "High");
  EXPECT_EQ(o.at("impact").as_string(), "Medium");
  EXPECT_EQ(o.at("likelihood").as_string(), "Low");
  ASSERT_TRUE(o.at("first_time_seen").is_int64());
  EXPECT_EQ(o.at("first_time_seen").as_int64(), kCreatedMs);
  ASSERT_TRUE(o.at("last_time_seen").is_int64());
  EXPECT_EQ(o.at("last_time_seen").as_int64(), kLastSeenMs);
  ASSERT_TRUE(o.at("visible").is_bool());
  EXPECT_TRUE(o.at("visible").as_bool());
  ASSERT_TRUE(o.at("total_traces_received").is_number());
  EXPECT_EQ(int_of(o.at("total_traces_received")), 7);
  EXPECT_EQ(o.at("tags"), (boost::json::array{"owasp"}));
  for (const char* empty : {"server_environments", "servers", "notes"}) {
    ASSERT_TRUE(o.at(empty).is_array()) << empty;
    EXPECT_TRUE(o.at(empty).as_array().empty()) << empty;
  }
  const auto& application = o.at("application").as_object();
  EXPECT_EQ(application.at("app_id").as_string(), kApp.to_string());
  EXPECT_EQ(application.at("name").as_string(), "shop");
}

TEST(TraceShapeTest, SeverityAndDefaultSeverityForEveryLevel) {
  struct Case {
    Severity severity;
    const char* name;
    const char* upper;
  };
  for (const Case& c :
       {Case{Severity::kCritical, "Critical", "CRITICAL"}, Case{Severity::kHigh, "High", "HIGH"},
        Case{Severity::kMedium, "Medium", "MEDIUM"}, Case{Severity::kLow, "Low", "LOW"},
        Case{Severity::kNote, "Note", "NOTE"}}) {
    Trace t = trace();
    t.severity = c.severity;
    const auto o = trace_shape(t, app());
    EXPECT_EQ(o.at("severity").as_string(), c.name);
    EXPECT_EQ(o.at("default_severity").as_string(), c.upper);
  }
}

TEST(TraceShapeTest, EveryStatusHasItsContrastSpelling) {
  Trace t = trace();
  t.status = TraceStatus::kReported;
  EXPECT_EQ(trace_shape(t, app()).at("status").as_string(), "Reported");
  t.status = TraceStatus::kFixed;
  EXPECT_EQ(trace_shape(t, app()).at("status").as_string(), "Fixed");
}

// --- organization_shape ---

TEST(OrganizationShapeTest, FieldsClientsRead) {
  Organization org;
  org.id = kOrg;
  org.name = "Acme Corp";
  const auto o = organization_shape(org);
  EXPECT_EQ(o.at("organization_uuid").as_string(), kOrg.to_string());
  EXPECT_EQ(o.at("name").as_string(), "Acme Corp");
  EXPECT_EQ(o.at("shortname").as_string(), "AcmeCorp");
  EXPECT_EQ(o.at("timezone").as_string(), "UTC");
  EXPECT_TRUE(o.at("date_format").is_string());
  EXPECT_TRUE(o.at("time_format").is_string());
  ASSERT_TRUE(o.at("links").is_array());
  EXPECT_TRUE(o.at("links").as_array().empty());
}

TEST(OrganizationShapeTest, TheShortNameIsAtMost32Characters) {
  Organization org;
  org.id = kOrg;
  org.name = std::string(40, 'x');
  EXPECT_EQ(organization_shape(org).at("shortname").as_string(), std::string(32, 'x'));
}

TEST(OrganizationShapeTest, NoSecretIsShown) {
  Organization org;
  org.id = kOrg;
  org.name = "Acme";
  org.agent_username = "agent_0b6c1b0e@acme";
  const std::string json = boost::json::serialize(organization_shape(org));
  EXPECT_EQ(json.find("agent"), std::string::npos) << json;
  EXPECT_EQ(json.find("api_key"), std::string::npos) << json;
}

}  // namespace
}  // namespace keyward::api::contrast

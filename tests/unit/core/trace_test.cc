#include "core/trace.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

TEST(SeverityTest, ParsesEveryCaseTheClientsSend) {
  for (const char* text : {"CRITICAL", "critical", "Critical", "cRiTiCaL"}) {
    EXPECT_EQ(parse_severity(text), Severity::kCritical) << text;
  }
  EXPECT_EQ(parse_severity("HIGH"), Severity::kHigh);
  EXPECT_EQ(parse_severity("Medium"), Severity::kMedium);
  EXPECT_EQ(parse_severity("low"), Severity::kLow);
  EXPECT_EQ(parse_severity("NOTE"), Severity::kNote);
}

TEST(SeverityTest, RefusesWhatIsNotASeverity) {
  for (const char* text : {"", " ", "urgent", "crit", "criticals", "Info", "5"}) {
    EXPECT_FALSE(parse_severity(text).has_value()) << '"' << text << '"';
  }
}

TEST(SeverityTest, ToStringUsesContrastSpellingsAndRoundTrips) {
  EXPECT_EQ(to_string(Severity::kNote), "Note");
  EXPECT_EQ(to_string(Severity::kLow), "Low");
  EXPECT_EQ(to_string(Severity::kMedium), "Medium");
  EXPECT_EQ(to_string(Severity::kHigh), "High");
  EXPECT_EQ(to_string(Severity::kCritical), "Critical");
  for (auto s :
       {Severity::kNote, Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical}) {
    EXPECT_EQ(parse_severity(to_string(s)), s) << to_string(s);
  }
}

TEST(SeverityTest, IsOrderedFromNoteToCritical) {
  EXPECT_LT(Severity::kNote, Severity::kLow);
  EXPECT_LT(Severity::kLow, Severity::kMedium);
  EXPECT_LT(Severity::kMedium, Severity::kHigh);
  EXPECT_LT(Severity::kHigh, Severity::kCritical);
}

TEST(TraceStatusTest, ParsesNotAProblemInEverySpelling) {
  for (const char* text :
       {"NOT_A_PROBLEM", "Not a Problem", "notaproblem", "NotAProblem", "not-a-problem"}) {
    EXPECT_EQ(parse_trace_status(text), TraceStatus::kNotAProblem) << text;
  }
}

TEST(TraceStatusTest, ParsesTheOtherStatusesInAnyCase) {
  EXPECT_EQ(parse_trace_status("REPORTED"), TraceStatus::kReported);
  EXPECT_EQ(parse_trace_status("suspicious"), TraceStatus::kSuspicious);
  EXPECT_EQ(parse_trace_status("Confirmed"), TraceStatus::kConfirmed);
  EXPECT_EQ(parse_trace_status("remediated"), TraceStatus::kRemediated);
  EXPECT_EQ(parse_trace_status("FIXED"), TraceStatus::kFixed);
}

TEST(TraceStatusTest, RefusesWhatIsNotAStatus) {
  for (const char* text : {"", "urgent", "open", "Closed", "not a"}) {
    EXPECT_FALSE(parse_trace_status(text).has_value()) << '"' << text << '"';
  }
}

TEST(TraceStatusTest, ToStringUsesContrastSpellingsAndRoundTrips) {
  EXPECT_EQ(to_string(TraceStatus::kReported), "Reported");
  EXPECT_EQ(to_string(TraceStatus::kSuspicious), "Suspicious");
  EXPECT_EQ(to_string(TraceStatus::kConfirmed), "Confirmed");
  EXPECT_EQ(to_string(TraceStatus::kNotAProblem), "NotAProblem");
  EXPECT_EQ(to_string(TraceStatus::kRemediated), "Remediated");
  EXPECT_EQ(to_string(TraceStatus::kFixed), "Fixed");
  for (auto s : {TraceStatus::kReported, TraceStatus::kSuspicious, TraceStatus::kConfirmed,
                 TraceStatus::kNotAProblem, TraceStatus::kRemediated, TraceStatus::kFixed}) {
    EXPECT_EQ(parse_trace_status(to_string(s)), s) << to_string(s);
  }
}

TEST(TraceStatusTest, OnlyReportedSuspiciousAndConfirmedAreOpen) {
  EXPECT_TRUE(is_open(TraceStatus::kReported));
  EXPECT_TRUE(is_open(TraceStatus::kSuspicious));
  EXPECT_TRUE(is_open(TraceStatus::kConfirmed));
  EXPECT_FALSE(is_open(TraceStatus::kNotAProblem));
  EXPECT_FALSE(is_open(TraceStatus::kRemediated));
  EXPECT_FALSE(is_open(TraceStatus::kFixed));
}

TEST(TraceTest, ANewTraceIsAMediumReportedFindingReceivedOnce) {
  const Trace t;
  EXPECT_EQ(t.severity, Severity::kMedium);
  EXPECT_EQ(t.status, TraceStatus::kReported);
  EXPECT_EQ(t.times_received, 1);
  EXPECT_EQ(t.version, 1);
}

}  // namespace
}  // namespace keyward

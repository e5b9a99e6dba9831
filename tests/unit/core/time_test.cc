#include "core/time.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "unit/core/test_random.h"

namespace keyward {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

// Epoch milliseconds of a few instants, computed independently with Python's datetime.
constexpr std::int64_t k20261123Noon = 1795435200000;    // 2026-11-23T12:00:00Z
constexpr std::int64_t k20240229Last = 1709251199999;    // 2024-02-29T23:59:59.999Z
constexpr std::int64_t k20000229 = 951782400000;         // 2000-02-29T00:00:00Z
constexpr std::int64_t k20260101 = 1767225600000;        // 2026-01-01T00:00:00Z
constexpr std::int64_t k19000301 = -2203891200000;       // 1900-03-01T00:00:00Z
constexpr std::int64_t k99991231Last = 253402300799999;  // 9999-12-31T23:59:59.999Z

std::optional<std::int64_t> parse_ms(std::string_view text) {
  const auto t = parse_rfc3339(text);
  if (!t) return std::nullopt;
  return to_epoch_ms(*t);
}

TEST(EpochMsTest, ConvertsBothWays) {
  EXPECT_EQ(to_epoch_ms(from_epoch_ms(0)), 0);
  EXPECT_EQ(to_epoch_ms(from_epoch_ms(k20261123Noon)), k20261123Noon);
  EXPECT_EQ(to_epoch_ms(from_epoch_ms(-1)), -1);
}

TEST(FormatRfc3339Test, Epoch) {
  EXPECT_EQ(format_rfc3339(from_epoch_ms(0)), "1970-01-01T00:00:00Z");
}

TEST(FormatRfc3339Test, OmitsZeroMilliseconds) {
  EXPECT_EQ(format_rfc3339(from_epoch_ms(k20261123Noon)), "2026-11-23T12:00:00Z");
}

TEST(FormatRfc3339Test, ShowsNonZeroMillisecondsAsThreeDigits) {
  EXPECT_EQ(format_rfc3339(from_epoch_ms(1)), "1970-01-01T00:00:00.001Z");
  EXPECT_EQ(format_rfc3339(from_epoch_ms(k20261123Noon + 10)), "2026-11-23T12:00:00.010Z");
  EXPECT_EQ(format_rfc3339(from_epoch_ms(k20261123Noon + 500)), "2026-11-23T12:00:00.500Z");
  EXPECT_EQ(format_rfc3339(from_epoch_ms(k20261123Noon + 999)), "2026-11-23T12:00:00.999Z");
}

TEST(FormatRfc3339Test, LeapYearDates) {
  EXPECT_EQ(format_rfc3339(from_epoch_ms(k20240229Last)), "2024-02-29T23:59:59.999Z");
  EXPECT_EQ(format_rfc3339(from_epoch_ms(k20240229Last + 1)), "2024-03-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(from_epoch_ms(k20000229)), "2000-02-29T00:00:00Z");
  // 1900 is not a leap year: the day before March 1st is February 28th.
  EXPECT_EQ(format_rfc3339(from_epoch_ms(k19000301 - 1)), "1900-02-28T23:59:59.999Z");
}

TEST(FormatRfc3339Test, BeforeTheEpoch) {
  EXPECT_EQ(format_rfc3339(from_epoch_ms(-1)), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_rfc3339(from_epoch_ms(-1000)), "1969-12-31T23:59:59Z");
}

TEST(FormatRfc3339Test, YearBoundariesAndLastRepresentableInstant) {
  EXPECT_EQ(format_rfc3339(from_epoch_ms(k20260101 - 1)), "2025-12-31T23:59:59.999Z");
  EXPECT_EQ(format_rfc3339(from_epoch_ms(k99991231Last)), "9999-12-31T23:59:59.999Z");
}

TEST(ParseRfc3339Test, UtcWithZ) {
  EXPECT_EQ(parse_ms("2026-11-23T12:00:00Z"), k20261123Noon);
  EXPECT_EQ(parse_ms("1970-01-01T00:00:00Z"), 0);
}

TEST(ParseRfc3339Test, AcceptsLowerCaseTAndZ) {
  EXPECT_EQ(parse_ms("2026-11-23T12:00:00z"), k20261123Noon);
  EXPECT_EQ(parse_ms("2026-11-23t12:00:00Z"), k20261123Noon);
  EXPECT_EQ(parse_ms("2026-11-23t12:00:00z"), k20261123Noon);
}

TEST(ParseRfc3339Test, OffsetsAreConvertedToUtc) {
  EXPECT_EQ(parse_ms("2026-11-23T13:00:00+01:00"), k20261123Noon);
  EXPECT_EQ(parse_ms("2026-11-23T06:30:00-05:30"), k20261123Noon);
  EXPECT_EQ(parse_ms("2026-11-23T12:00:00+00:00"), k20261123Noon);
  EXPECT_EQ(parse_ms("2026-11-23T12:00:00-00:00"), k20261123Noon);
  EXPECT_EQ(parse_ms("2026-11-24T11:59:00+23:59"), k20261123Noon);
}

TEST(ParseRfc3339Test, OffsetsMayCrossDayAndYearBoundaries) {
  // 00:30 on New Year's Day in UTC+1 is still the old year in UTC.
  EXPECT_EQ(parse_ms("2026-01-01T00:30:00+01:00"),
            k20260101 - to_epoch_ms(from_epoch_ms(0) + minutes{30}));
  EXPECT_EQ(parse_ms("2025-12-31T23:00:00-01:00"), k20260101);
}

TEST(ParseRfc3339Test, FractionsAreMilliseconds) {
  EXPECT_EQ(parse_ms("2026-11-23T12:00:00.5Z"), k20261123Noon + 500);
  EXPECT_EQ(parse_ms("2026-11-23T12:00:00.05Z"), k20261123Noon + 50);
  EXPECT_EQ(parse_ms("2026-11-23T12:00:00.123Z"), k20261123Noon + 123);
  EXPECT_EQ(parse_ms("2026-11-23T12:00:00.000Z"), k20261123Noon);
  EXPECT_EQ(parse_ms("2026-11-23T13:00:00.250+01:00"), k20261123Noon + 250);
}

TEST(ParseRfc3339Test, FinerFractionsAreTruncatedNotRounded) {
  EXPECT_EQ(parse_ms("2026-11-23T12:00:00.123456789Z"), k20261123Noon + 123);
  EXPECT_EQ(parse_ms("2026-11-23T12:00:00.9999Z"), k20261123Noon + 999);
  EXPECT_EQ(parse_ms("2026-11-23T12:00:00.0009Z"), k20261123Noon);
  EXPECT_EQ(parse_ms("2026-11-23T12:00:00.12345678901234567890Z"), k20261123Noon + 123);
}

TEST(ParseRfc3339Test, BeforeTheEpoch) {
  EXPECT_EQ(parse_ms("1969-12-31T23:59:59.5Z"), -500);
  EXPECT_EQ(parse_ms("1900-03-01T00:00:00Z"), k19000301);
  EXPECT_EQ(parse_ms("0001-01-01T00:00:00Z"), -62135596800000);
  EXPECT_EQ(format_rfc3339(from_epoch_ms(-62135596800000)), "0001-01-01T00:00:00Z");
}

TEST(ParseRfc3339Test, LeapDays) {
  EXPECT_EQ(parse_ms("2024-02-29T23:59:59.999Z"), k20240229Last);
  EXPECT_EQ(parse_ms("2000-02-29T00:00:00Z"), k20000229);  // divisible by 400: leap
  EXPECT_EQ(parse_rfc3339("2023-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("1900-02-29T00:00:00Z"), std::nullopt);  // divisible by 100: not leap
  EXPECT_EQ(parse_rfc3339("2100-02-29T00:00:00Z"), std::nullopt);
}

TEST(ParseRfc3339Test, RejectsImpossibleDates) {
  for (const char* text : {"2026-02-30T00:00:00Z", "2026-02-31T00:00:00Z", "2026-04-31T00:00:00Z",
                           "2026-06-31T00:00:00Z", "2026-09-31T00:00:00Z", "2026-11-31T00:00:00Z",
                           "2026-01-32T00:00:00Z", "2026-01-00T00:00:00Z", "2026-00-10T00:00:00Z",
                           "2026-13-10T00:00:00Z", "2026-99-99T00:00:00Z"}) {
    EXPECT_EQ(parse_rfc3339(text), std::nullopt) << text;
  }
  EXPECT_TRUE(parse_rfc3339("2026-01-31T00:00:00Z"));
  EXPECT_TRUE(parse_rfc3339("2026-12-31T00:00:00Z"));
  EXPECT_TRUE(parse_rfc3339("2026-04-30T00:00:00Z"));
}

TEST(ParseRfc3339Test, RejectsOutOfRangeTimes) {
  EXPECT_EQ(parse_rfc3339("2026-11-23T24:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-23T12:60:00Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-23T12:00:60Z"), std::nullopt);  // leap second
  EXPECT_EQ(parse_rfc3339("2016-12-31T23:59:60Z"), std::nullopt);  // a real leap second
  EXPECT_EQ(parse_rfc3339("2026-11-23T99:99:99Z"), std::nullopt);
  EXPECT_TRUE(parse_rfc3339("2026-11-23T23:59:59Z"));
}

TEST(ParseRfc3339Test, RejectsMissingZone) {
  EXPECT_EQ(parse_rfc3339("2026-11-23T12:00:00"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-23T12:00:00.123"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-23"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-23T12:00Z"), std::nullopt);
}

TEST(ParseRfc3339Test, RejectsMalformedOffsets) {
  for (const char* text :
       {"2026-11-23T12:00:00+01", "2026-11-23T12:00:00+0100", "2026-11-23T12:00:00+1:00",
        "2026-11-23T12:00:00+01:0", "2026-11-23T12:00:00+24:00", "2026-11-23T12:00:00+01:60",
        "2026-11-23T12:00:00+01-00", "2026-11-23T12:00:00 +01:00", "2026-11-23T12:00:00UTC",
        "2026-11-23T12:00:00GMT", "2026-11-23T12:00:00+", "2026-11-23T12:00:00-"}) {
    EXPECT_EQ(parse_rfc3339(text), std::nullopt) << text;
  }
}

TEST(ParseRfc3339Test, RejectsTrailingGarbage) {
  for (const char* text :
       {"2026-11-23T12:00:00Z ", "2026-11-23T12:00:00ZZ", "2026-11-23T12:00:00Zx",
        "2026-11-23T12:00:00+01:00x", "2026-11-23T12:00:00+01:00Z", "2026-11-23T12:00:00Z\n"}) {
    EXPECT_EQ(parse_rfc3339(text), std::nullopt) << text;
  }
  // A NUL byte is part of the view too, and is garbage.
  EXPECT_EQ(parse_rfc3339(std::string_view("2026-11-23T12:00:00Z\0", 21)), std::nullopt);
}

TEST(ParseRfc3339Test, RejectsEmptyAndShortInput) {
  EXPECT_EQ(parse_rfc3339(""), std::nullopt);
  EXPECT_EQ(parse_rfc3339("Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-23T12:00:0Z"), std::nullopt);
}

TEST(ParseRfc3339Test, RejectsWrongSeparators) {
  for (const char* text : {"2026/11/23T12:00:00Z", "2026-11/23T12:00:00Z", "2026-11-23 12:00:00Z",
                           "2026-11-23_12:00:00Z", "2026-11-23T12.00.00Z", "2026-11-23T12:00.00Z",
                           "2026-11-23T12-00-00Z", "20261123T120000Z", "2026-11-23TT12:00:00Z"}) {
    EXPECT_EQ(parse_rfc3339(text), std::nullopt) << text;
  }
}

TEST(ParseRfc3339Test, RejectsNonDigitsInNumericFields) {
  for (const char* text : {"+026-11-23T12:00:00Z", "-026-11-23T12:00:00Z", "2026-1a-23T12:00:00Z",
                           "2026-11- 3T12:00:00Z", "2026-11-23T1 :00:00Z", "2026-11-23T12:+0:00Z",
                           "2026-11-23T12:00:-1Z", "26-11-23T12:00:00Z"}) {
    EXPECT_EQ(parse_rfc3339(text), std::nullopt) << text;
  }
}

TEST(ParseRfc3339Test, RejectsEmptyOrMalformedFraction) {
  EXPECT_EQ(parse_rfc3339("2026-11-23T12:00:00.Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-23T12:00:00.+01:00"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-23T12:00:00,5Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-23T12:00:00.5.5Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-11-23T12:00:00.5xZ"), std::nullopt);
}

TEST(Rfc3339RoundTripTest, FormattedTimestampsParseBackExactly) {
  testutil::SeededRandom random(20261123);
  for (int i = 0; i < 20000; ++i) {
    // Anywhere from 1900 to 9999, at millisecond precision.
    const auto span = static_cast<std::uint64_t>(k99991231Last - k19000301);
    const auto ms = k19000301 + static_cast<std::int64_t>(random.next() % span);
    const Timestamp t = from_epoch_ms(ms);
    const std::string text = format_rfc3339(t);
    const auto back = parse_rfc3339(text);
    ASSERT_TRUE(back) << text;
    ASSERT_EQ(*back, t) << text;
  }
}

TEST(Rfc3339RoundTripTest, ParsedTextFormatsToCanonicalUtc) {
  const auto t = parse_rfc3339("2026-11-23t14:30:00.1200+02:30");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339(*t), "2026-11-23T12:00:00.120Z");
}

TEST(Rfc3339RoundTripTest, WholeHoursAroundTheClock) {
  Timestamp t = from_epoch_ms(k20260101);
  for (int h = 0; h < 48; ++h) {
    const auto back = parse_rfc3339(format_rfc3339(t));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, t);
    t += hours{1} + milliseconds{1};
  }
}

}  // namespace
}  // namespace keyward

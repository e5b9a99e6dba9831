#include "core/lifecycle_settings.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

std::string refusal(const LifecycleSettings& s) {
  auto checked = check_lifecycle_settings(s);
  return checked ? "" : checked.error().message;
}

TEST(LifecycleSettingsTest, DefaultsAreSevenAndOneDaysAndNoUnusedExpiry) {
  const LifecycleSettings s;
  EXPECT_EQ(s.reminder_days, (std::vector<int>{7, 1}));
  EXPECT_FALSE(s.unused_key_days);
  EXPECT_EQ(refusal(s), "");
}

TEST(LifecycleSettingsTest, BoundsAreCheckedWithAMessageNamingTheField) {
  EXPECT_EQ(refusal({{}, std::nullopt}), "");
  EXPECT_EQ(refusal({{365, 1}, 3650}), "");
  EXPECT_NE(refusal({{0}, std::nullopt}).find("reminder_days"), std::string::npos);
  EXPECT_NE(refusal({{366}, std::nullopt}).find("between 1 and 365"), std::string::npos);
  EXPECT_NE(refusal({{2, 2}, std::nullopt}).find("repeat"), std::string::npos);
  EXPECT_NE(refusal({{1, 2, 3, 4, 5, 6}, std::nullopt}).find("at most 5"), std::string::npos);
  EXPECT_NE(refusal({{7}, 0}).find("unused_key_days"), std::string::npos);
  EXPECT_NE(refusal({{7}, 3651}).find("between 1 and 3650"), std::string::npos);
}

TEST(LifecycleSettingsTest, ReminderDaysRoundTripLargestFirst) {
  EXPECT_EQ(encode_reminder_days({7, 1}), "7,1");
  EXPECT_EQ(encode_reminder_days({}), "");
  EXPECT_EQ(decode_reminder_days("7,1"), (std::vector<int>{7, 1}));
  EXPECT_EQ(decode_reminder_days("1,30,7"), (std::vector<int>{30, 7, 1}));
  EXPECT_EQ(decode_reminder_days(""), std::vector<int>{});
  EXPECT_EQ(normalized_reminder_days({1, 14, 3, 14}), (std::vector<int>{14, 3, 1}));
}

}  // namespace
}  // namespace keyward

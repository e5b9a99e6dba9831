#include "core/application.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

TEST(ImportanceDescriptionTest, NamesEachImportanceAsContrastDoes) {
  EXPECT_EQ(importance_description(0), "UNIMPORTANT");
  EXPECT_EQ(importance_description(1), "LOW");
  EXPECT_EQ(importance_description(2), "MEDIUM");
  EXPECT_EQ(importance_description(3), "HIGH");
  EXPECT_EQ(importance_description(4), "CRITICAL");
}

TEST(ImportanceDescriptionTest, OutOfRangeFallsBackToMedium) {
  EXPECT_EQ(importance_description(-1), "MEDIUM");
  EXPECT_EQ(importance_description(5), "MEDIUM");
  EXPECT_EQ(importance_description(1000), "MEDIUM");
}

TEST(ApplicationTest, ANewApplicationHasTheDefaultImportanceAndIsNotArchived) {
  const Application app;
  EXPECT_EQ(app.importance, kDefaultImportance);
  EXPECT_EQ(importance_description(app.importance), "MEDIUM");
  EXPECT_GE(kDefaultImportance, kMinImportance);
  EXPECT_LE(kDefaultImportance, kMaxImportance);
  EXPECT_FALSE(app.archived);
  EXPECT_EQ(app.version, 1);
}

}  // namespace
}  // namespace keyward

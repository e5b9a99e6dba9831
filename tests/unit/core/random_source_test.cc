#include "core/random_source.h"

#include <array>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "unit/core/test_random.h"

namespace keyward {
namespace {

// Pearson's chi-square statistic of `draws` uniform(bound) draws.
double chi_square(RandomSource& random, std::uint32_t bound, int draws) {
  std::vector<int> counts(bound, 0);
  for (int i = 0; i < draws; ++i) ++counts[random.uniform(bound)];
  const double expected = static_cast<double>(draws) / bound;
  double chi = 0;
  for (int c : counts) chi += (c - expected) * (c - expected) / expected;
  return chi;
}

TEST(UniformTest, BoundOneAlwaysReturnsZero) {
  testutil::SeededRandom random(1);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(random.uniform(1), 0u);
  testutil::ScriptedRandom ones({0xFF});
  EXPECT_EQ(ones.uniform(1), 0u);
}

TEST(UniformTest, StaysInRange) {
  testutil::SeededRandom random(2);
  for (std::uint32_t bound : {2u, 3u, 7u, 10u, 62u, 100u, 255u, 256u, 257u, 1000u, 65536u,
                              0x7FFFFFFFu, 0x80000000u, 0x80000001u, 0xFFFFFFFFu}) {
    for (int i = 0; i < 2000; ++i) ASSERT_LT(random.uniform(bound), bound) << bound;
  }
}

TEST(UniformTest, ExtremeSourcesStayInRange) {
  for (std::uint8_t b : {std::uint8_t{0x00}, std::uint8_t{0xFF}, std::uint8_t{0x80}}) {
    for (std::uint32_t bound : {2u, 3u, 62u, 1000u, 0x80000000u, 0xFFFFFFFFu}) {
      testutil::ScriptedRandom constant({b, 0x01, 0x02, 0x03});
      EXPECT_LT(constant.uniform(bound), bound);
    }
  }
}

TEST(UniformTest, SmallBoundsAreRoughlyUniform) {
  // With k - 1 degrees of freedom, chi-square above these limits has probability < 1e-4.
  testutil::SeededRandom random(3);
  EXPECT_LT(chi_square(random, 2, 100000), 15.2);
  EXPECT_LT(chi_square(random, 10, 100000), 33.8);
  EXPECT_LT(chi_square(random, 62, 124000), 111.0);
  EXPECT_LT(chi_square(random, 7, 70000), 28.4);
}

TEST(UniformTest, EveryValueOfASmallRangeAppears) {
  testutil::SeededRandom random(4);
  std::array<bool, 62> seen{};
  for (int i = 0; i < 5000; ++i) seen[random.uniform(62)] = true;
  for (std::size_t v = 0; v < seen.size(); ++v) EXPECT_TRUE(seen[v]) << v;
}

TEST(UniformTest, NoModuloBiasForLargeBounds) {
  // bound = 3 * 2^30. `draw % bound` would put half of all results below 2^30; uniform draws put a
  // third there.
  testutil::SeededRandom random(5);
  constexpr std::uint32_t kBound = 0xC0000000u;
  constexpr int kDraws = 60000;
  int low = 0;
  for (int i = 0; i < kDraws; ++i) low += random.uniform(kBound) < 0x40000000u;
  const double fraction = static_cast<double>(low) / kDraws;
  EXPECT_GT(fraction, 0.32);
  EXPECT_LT(fraction, 0.347);
}

TEST(UniformTest, RejectsTheBiasedTailAndDrawsAgain) {
  // For bound 3, 2^32 mod 3 == 1: exactly one 32-bit value (zero) must be thrown away.
  testutil::ScriptedRandom random({0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 0x01});
  EXPECT_EQ(random.uniform(3), 0x01010101u % 3);
  EXPECT_EQ(random.consumed(), 8u);
}

TEST(UniformTest, AcceptsTheFirstDrawWhenItIsUnbiased) {
  testutil::ScriptedRandom random({0x01, 0x01, 0x01, 0x01});
  EXPECT_EQ(random.uniform(3), 0x01010101u % 3);
  EXPECT_EQ(random.consumed(), 4u);
}

TEST(UniformTest, PowersOfTwoNeverReject) {
  testutil::ScriptedRandom random({0x00, 0x00, 0x00, 0x00});
  EXPECT_EQ(random.uniform(256), 0u);
  EXPECT_EQ(random.consumed(), 4u);
}

TEST(UniformTest, RejectsNearlyHalfTheDrawsForBoundJustOverHalfTheRange) {
  // bound = 2^31 + 1: values below 2^32 mod bound = 2^31 - 1 are thrown away.
  testutil::ScriptedRandom random({0x7F, 0x7F, 0x7F, 0x7F, 0x80, 0x80, 0x80, 0x80});
  EXPECT_EQ(random.uniform(0x80000001u), 0x80808080u - 0x80000001u);
  EXPECT_EQ(random.consumed(), 8u);
}

}  // namespace
}  // namespace keyward

#include "crypto/random.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include <gtest/gtest.h>

#include "core/key_token.h"
#include "core/uuid.h"

namespace keyward::crypto {
namespace {

TEST(EnsureInitializedTest, CanBeCalledRepeatedly) {
  ensure_initialized();
  ensure_initialized();
  SystemRandom random;
  std::array<std::uint8_t, 16> bytes{};
  random.fill(bytes);
  EXPECT_NE(bytes, (std::array<std::uint8_t, 16>{}));
}

TEST(SystemRandomTest, FillsTheWholeBuffer) {
  SystemRandom random;
  // 4096 bytes of zeros before the fill; afterwards every 64-byte stretch has non-zero bytes
  // (a zero stretch has probability 2^-512).
  std::vector<std::uint8_t> buf(4096, 0);
  random.fill(buf);
  for (std::size_t i = 0; i < buf.size(); i += 64) {
    EXPECT_TRUE(std::any_of(buf.begin() + static_cast<std::ptrdiff_t>(i),
                            buf.begin() + static_cast<std::ptrdiff_t>(i + 64),
                            [](std::uint8_t b) { return b != 0; }))
        << "offset " << i;
  }
}

TEST(SystemRandomTest, SuccessiveFillsDiffer) {
  SystemRandom random;
  std::array<std::uint8_t, 32> a{}, b{};
  random.fill(a);
  random.fill(b);
  EXPECT_NE(a, b);
}

TEST(SystemRandomTest, FillWritesOnlyTheGivenSpan) {
  SystemRandom random;
  std::array<std::uint8_t, 8> buf{1, 2, 3, 4, 5, 6, 7, 8};
  random.fill(std::span<std::uint8_t>(buf).subspan(2, 0));
  EXPECT_EQ(buf, (std::array<std::uint8_t, 8>{1, 2, 3, 4, 5, 6, 7, 8}));
  // A 4-byte fill in the middle leaves the edges alone (and is very unlikely to be 3,4,5,6).
  random.fill(std::span<std::uint8_t>(buf).subspan(2, 4));
  EXPECT_EQ(buf[0], 1);
  EXPECT_EQ(buf[1], 2);
  EXPECT_EQ(buf[6], 7);
  EXPECT_EQ(buf[7], 8);
}

TEST(SystemRandomTest, UniformStaysInRangeAndCoversIt) {
  SystemRandom random;
  std::array<int, 62> counts{};
  for (int i = 0; i < 62000; ++i) {
    const std::uint32_t v = random.uniform(62);
    ASSERT_LT(v, 62u);
    ++counts[v];
  }
  // About 1000 each; these bounds are more than 9 standard deviations out.
  for (int c : counts) {
    EXPECT_GT(c, 700);
    EXPECT_LT(c, 1300);
  }
}

TEST(SystemRandomTest, KeyTokensAreUniqueAndValid) {
  SystemRandom random;
  std::unordered_set<std::string> tokens;
  std::unordered_set<std::string> random_parts;
  for (int i = 0; i < 5000; ++i) {
    const KeyKind kind = i % 2 == 0 ? KeyKind::kSecret : KeyKind::kPublic;
    const std::string token = generate_key_token(kind, random);
    ASSERT_EQ(parse_key_token(token), kind) << token;
    tokens.insert(token);
    random_parts.insert(token.substr(kKeyTokenPrefixLength, kKeyTokenRandomLength));
  }
  EXPECT_EQ(tokens.size(), 5000u);
  EXPECT_EQ(random_parts.size(), 5000u);
}

TEST(SystemRandomTest, UuidsAreUniqueVersion4) {
  SystemRandom random;
  std::set<Uuid> ids;
  for (int i = 0; i < 20000; ++i) {
    const Uuid id = Uuid::random(random);
    ASSERT_EQ(id.to_string()[14], '4');
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 20000u);
}

TEST(SystemRandomTest, ConcurrentUseGivesUniqueTokens) {
  SystemRandom random;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 1500;
  std::vector<std::vector<std::string>> per_thread(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto& out = per_thread[static_cast<std::size_t>(t)];
      for (int i = 0; i < kPerThread; ++i)
        out.push_back(generate_key_token(KeyKind::kSecret, random));
    });
  }
  for (auto& th : threads) th.join();
  std::unordered_set<std::string> all;
  for (const auto& v : per_thread) {
    for (const auto& token : v) {
      EXPECT_TRUE(parse_key_token(token).has_value());
      all.insert(token);
    }
  }
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

TEST(SystemRandomTest, IndependentInstancesDoNotRepeatEachOther) {
  SystemRandom a, b;
  EXPECT_NE(generate_key_token(KeyKind::kSecret, a), generate_key_token(KeyKind::kSecret, b));
}

}  // namespace
}  // namespace keyward::crypto

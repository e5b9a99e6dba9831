#include "core/crc32.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "unit/core/test_random.h"

namespace keyward {
namespace {

TEST(Crc32Test, StandardCheckValue) { EXPECT_EQ(crc32("123456789"), 0xCBF43926u); }

TEST(Crc32Test, KnownValues) {
  // Values from Python's zlib.crc32.
  EXPECT_EQ(crc32(""), 0u);
  EXPECT_EQ(crc32("a"), 0xE8B7BE43u);
  EXPECT_EQ(crc32("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
  EXPECT_EQ(crc32(std::string_view("\0", 1)), 0xD202EF8Du);
  EXPECT_EQ(crc32("\xff"), 0xFF000000u);  // bytes >= 0x80 are not sign-extended
}

TEST(Crc32Test, UsesTheWholeViewNotANulTerminatedPrefix) {
  EXPECT_NE(crc32(std::string_view("ab\0cd", 5)), crc32("ab"));
  EXPECT_EQ(crc32(std::string_view("123456789xyz", 9)), 0xCBF43926u);
}

TEST(Crc32Test, IsNoexcept) { static_assert(noexcept(crc32(""))); }

TEST(Crc32Test, DetectsEverySingleByteChange) {
  testutil::SeededRandom random(32);
  for (int round = 0; round < 20; ++round) {
    std::string data(49, '\0');
    for (auto& c : data) c = static_cast<char>(random.uniform(256));
    const auto original = crc32(data);
    for (std::size_t i = 0; i < data.size(); ++i) {
      for (unsigned delta = 1; delta < 256; ++delta) {
        std::string changed = data;
        changed[i] = static_cast<char>(static_cast<unsigned char>(changed[i]) ^ delta);
        ASSERT_NE(crc32(changed), original) << "position " << i << " xor " << delta;
      }
    }
  }
}

// The eight-bytes-at-a-time path agrees with the textbook bit-by-bit definition at every length
// and alignment.
TEST(Crc32Test, AgreesWithTheBitwiseDefinitionAtEveryLength) {
  const auto bitwise = [](std::string_view data) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (const char ch : data) {
      c ^= static_cast<std::uint8_t>(ch);
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
  };
  std::string data;
  for (int i = 0; i < 200; ++i) data += static_cast<char>((i * 131 + 7) & 0xFF);
  for (size_t offset = 0; offset < 8; ++offset) {
    for (size_t length = 0; offset + length <= data.size(); ++length) {
      const std::string_view slice(data.data() + offset, length);
      ASSERT_EQ(crc32(slice), bitwise(slice)) << "offset " << offset << " length " << length;
    }
  }
}

}  // namespace
}  // namespace keyward

#include "crypto/sealer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace keyward::crypto {
namespace {

using Key = std::array<std::uint8_t, kMasterKeySize>;

constexpr std::size_t kNonceSize = 24;  // XChaCha20-Poly1305
constexpr std::size_t kTagSize = 16;
constexpr std::string_view kContext = "org-api-key:0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44";
constexpr std::string_view kSecret = "AbCd1234EfGh5678IjKl9012MnOp3456";

Key key_of(std::uint8_t seed) {
  Key k;
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(seed + i * 7);
  return k;
}

class SealerTest : public ::testing::Test {
 protected:
  const Key key_ = key_of(1);
  const Sealer sealer_{key_};
};

TEST_F(SealerTest, RoundTrip) {
  const auto sealed = sealer_.seal(kSecret, kContext);
  const auto opened = sealer_.open(sealed, kContext);
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  EXPECT_EQ(*opened, kSecret);
}

TEST_F(SealerTest, SealedSizeIsNonceCiphertextAndTag) {
  for (std::size_t n : {0u, 1u, 32u, 1000u}) {
    EXPECT_EQ(sealer_.seal(std::string(n, 'x'), kContext).size(), kNonceSize + n + kTagSize);
  }
}

TEST_F(SealerTest, CiphertextDoesNotContainThePlaintext) {
  const auto sealed = sealer_.seal(kSecret, kContext);
  const std::string bytes(sealed.begin(), sealed.end());
  EXPECT_EQ(bytes.find(kSecret), std::string::npos);
  EXPECT_EQ(bytes.find(kSecret.substr(0, 8)), std::string::npos);
}

TEST_F(SealerTest, EmptyPlaintext) {
  const auto sealed = sealer_.seal("", kContext);
  EXPECT_EQ(sealed.size(), kNonceSize + kTagSize);
  const auto opened = sealer_.open(sealed, kContext);
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(*opened, "");
  EXPECT_FALSE(sealer_.open(sealed, "other").has_value());
}

TEST_F(SealerTest, BinaryAndLargePlaintexts) {
  std::string binary;
  for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
  const auto opened = sealer_.open(sealer_.seal(binary, kContext), kContext);
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(*opened, binary);

  const std::string large(1 << 20, 'L');
  const auto opened_large = sealer_.open(sealer_.seal(large, kContext), kContext);
  ASSERT_TRUE(opened_large.has_value());
  EXPECT_EQ(*opened_large, large);
}

TEST_F(SealerTest, EmptyContextIsAContextToo) {
  const auto sealed = sealer_.seal(kSecret, "");
  EXPECT_EQ(sealer_.open(sealed, ""), std::string(kSecret));
  EXPECT_FALSE(sealer_.open(sealed, "x").has_value());
}

TEST_F(SealerTest, WrongContextFails) {
  const auto sealed = sealer_.seal(kSecret, kContext);
  for (std::string_view other :
       {std::string_view("org-api-key:0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a45"),
        std::string_view("agent-key:0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44"),
        std::string_view("org-api-key:0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a4"), std::string_view(""),
        std::string_view("ORG-API-KEY:0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44")}) {
    const auto opened = sealer_.open(sealed, other);
    ASSERT_FALSE(opened.has_value()) << other;
    EXPECT_EQ(opened.error().code, Errc::kInternal);
  }
}

TEST_F(SealerTest, WrongKeyFails) {
  const auto sealed = sealer_.seal(kSecret, kContext);
  for (std::size_t i = 0; i < kMasterKeySize; ++i) {
    Key other = key_;
    other[i] ^= 0x80;
    const Sealer wrong(other);
    EXPECT_FALSE(wrong.open(sealed, kContext).has_value()) << "key byte " << i;
  }
}

TEST_F(SealerTest, SameKeyInAnotherInstanceOpens) {
  const Sealer twin(key_);
  const auto opened = twin.open(sealer_.seal(kSecret, kContext), kContext);
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(*opened, kSecret);
}

TEST_F(SealerTest, AFlippedBitAnywhereFails) {
  const auto sealed = sealer_.seal(kSecret, kContext);
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    for (std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x80}, std::uint8_t{0xFF}}) {
      auto tampered = sealed;
      tampered[i] ^= mask;
      const auto opened = sealer_.open(tampered, kContext);
      ASSERT_FALSE(opened.has_value()) << "byte " << i << " mask " << int{mask};
      EXPECT_EQ(opened.error().code, Errc::kInternal);
    }
  }
}

TEST_F(SealerTest, TruncatedOrExtendedInputFails) {
  const auto sealed = sealer_.seal(kSecret, kContext);
  for (std::size_t len = 0; len < sealed.size(); ++len) {
    const std::span<const std::uint8_t> prefix(sealed.data(), len);
    const auto opened = sealer_.open(prefix, kContext);
    ASSERT_FALSE(opened.has_value()) << "length " << len;
    EXPECT_EQ(opened.error().code, Errc::kInternal);
  }
  // Dropping bytes from the front shifts the nonce.
  EXPECT_FALSE(
      sealer_.open(std::span<const std::uint8_t>(sealed).subspan(1), kContext).has_value());
  auto extended = sealed;
  extended.push_back(0);
  EXPECT_FALSE(sealer_.open(extended, kContext).has_value());
  EXPECT_FALSE(sealer_.open(std::vector<std::uint8_t>{}, kContext).has_value());
}

TEST_F(SealerTest, CiphertextCopiedToAnotherContextFails) {
  const auto a = sealer_.seal("secret-a", "row:a");
  const auto b = sealer_.seal("secret-b", "row:b");
  EXPECT_FALSE(sealer_.open(a, "row:b").has_value());
  EXPECT_FALSE(sealer_.open(b, "row:a").has_value());
  EXPECT_EQ(sealer_.open(a, "row:a"), std::string("secret-a"));
  EXPECT_EQ(sealer_.open(b, "row:b"), std::string("secret-b"));
}

TEST_F(SealerTest, TwoSealsOfTheSamePlaintextDiffer) {
  const auto a = sealer_.seal(kSecret, kContext);
  const auto b = sealer_.seal(kSecret, kContext);
  EXPECT_NE(a, b);
  // The nonces themselves differ, not just the ciphertext.
  EXPECT_FALSE(std::equal(a.begin(), a.begin() + kNonceSize, b.begin()));
  EXPECT_EQ(sealer_.open(a, kContext), std::string(kSecret));
  EXPECT_EQ(sealer_.open(b, kContext), std::string(kSecret));
}

TEST_F(SealerTest, NoncesDoNotRepeat) {
  std::vector<std::vector<std::uint8_t>> nonces;
  for (int i = 0; i < 2000; ++i) {
    const auto sealed = sealer_.seal("", kContext);
    nonces.emplace_back(sealed.begin(), sealed.begin() + kNonceSize);
  }
  std::sort(nonces.begin(), nonces.end());
  EXPECT_EQ(std::adjacent_find(nonces.begin(), nonces.end()), nonces.end());
}

TEST_F(SealerTest, ErrorMessageDoesNotRevealThePlaintext) {
  auto sealed = sealer_.seal(kSecret, kContext);
  sealed.back() ^= 1;
  const auto opened = sealer_.open(sealed, kContext);
  ASSERT_FALSE(opened.has_value());
  EXPECT_FALSE(opened.error().message.empty());
  EXPECT_EQ(opened.error().message.find(kSecret), std::string::npos);
}

TEST_F(SealerTest, ConcurrentUse) {
  constexpr int kThreads = 4;
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        const std::string plain = "secret-" + std::to_string(t) + "-" + std::to_string(i);
        const std::string context = "ctx:" + std::to_string(t);
        const auto opened = sealer_.open(sealer_.seal(plain, context), context);
        if (!opened || *opened != plain) ++failures[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[static_cast<std::size_t>(t)], 0);
}

}  // namespace
}  // namespace keyward::crypto

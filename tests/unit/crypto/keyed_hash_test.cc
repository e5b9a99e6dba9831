#include "crypto/keyed_hash.h"

#include <array>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace keyward::crypto {
namespace {

using Pepper = std::array<std::uint8_t, kPepperSize>;

Pepper pepper_of(std::uint8_t fill) {
  Pepper p;
  p.fill(fill);
  return p;
}

Pepper counting_pepper() {  // 0x00, 0x01, ..., 0x1f
  Pepper p;
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<std::uint8_t>(i);
  return p;
}

std::string hex(const Digest& d) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : d) {
    out += kHex[b >> 4];
    out += kHex[b & 0x0f];
  }
  return out;
}

// HMAC-SHA256 through OpenSSL's one-shot HMAC(): an independent reference.
Digest reference_hmac(const Pepper& key, std::string_view message) {
  Digest out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(), &len);
  EXPECT_EQ(len, out.size());
  return out;
}

std::string message_of_length(std::size_t n) {
  std::string m(n, '\0');
  for (std::size_t i = 0; i < n; ++i) m[i] = static_cast<char>((i * 131 + 7) & 0xFF);
  return m;
}

// The messages of RFC 4231 with 32-byte keys (the RFC's own keys are 4, 20, 25 and 131 bytes).
// Expected values from Python: hmac.new(key, msg, hashlib.sha256).hexdigest().
TEST(KeyedHasherTest, Rfc4231Case1MessageWith32ByteKey) {
  const KeyedHasher hasher(pepper_of(0x0b));
  EXPECT_EQ(hex(hasher.hash("Hi There")),
            "198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7");
}

TEST(KeyedHasherTest, Rfc4231Case3MessageWith32ByteKey) {
  const KeyedHasher hasher(pepper_of(0xaa));
  EXPECT_EQ(hex(hasher.hash(std::string(50, '\xdd'))),
            "cdcb1220d1ecccea91e53aba3092f962e549fe6ce9ed7fdc43191fbde45c30b0");
}

TEST(KeyedHasherTest, KnownVectorsWithCountingKey) {
  const KeyedHasher hasher(counting_pepper());
  EXPECT_EQ(hex(hasher.hash("")),
            "d38b42096d80f45f826b44a9d5607de72496a415d3f4a1a8c88e3bb9da8dc1cb");
  EXPECT_EQ(hex(hasher.hash("Hi There")),
            "278639ec02309d3afded1b273f1349ba63b9089c12476d716bee3ecc94673e9e");
  EXPECT_EQ(hex(hasher.hash("what do ya want for nothing?")),
            "099805f4ac310786968565c098db515cc50862b420ae31e20238312344bed36a");
  EXPECT_EQ(hex(hasher.hash("kw_sk_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG")),
            "9a27ce4276c2bfac277eb3964e311854d8ff7e89d930dc5d6f8c6df3d44c9325");
  EXPECT_EQ(hex(hasher.hash(std::string(64, 'a'))),
            "0b28b35a2636ba2e13226c4f5da305efe29561a71cf2b095c23ff285c0f994ca");
}

TEST(KeyedHasherTest, MatchesOpenSslHmacForEveryLengthAroundTheBlockSize) {
  const Pepper key = counting_pepper();
  const KeyedHasher hasher(key);
  for (std::size_t n = 0; n <= 300; ++n) {
    const std::string m = message_of_length(n);
    ASSERT_EQ(hasher.hash(m), reference_hmac(key, m)) << "length " << n;
  }
}

TEST(KeyedHasherTest, UsesTheWholeMessageIncludingNulBytes) {
  const KeyedHasher hasher(counting_pepper());
  EXPECT_NE(hasher.hash(std::string_view("ab\0cd", 5)), hasher.hash("ab"));
  EXPECT_NE(hasher.hash(std::string_view("\0", 1)), hasher.hash(""));
}

TEST(KeyedHasherTest, SamePepperSameDigest) {
  const KeyedHasher a(counting_pepper());
  const KeyedHasher b(counting_pepper());
  EXPECT_EQ(a.hash("kw_sk_token"), b.hash("kw_sk_token"));
  EXPECT_EQ(a.hash("kw_sk_token"), a.hash("kw_sk_token"));
}

TEST(KeyedHasherTest, DifferentPeppersGiveDifferentDigests) {
  const Pepper base = counting_pepper();
  const KeyedHasher reference(base);
  const Digest expected = reference.hash("kw_sk_token");
  // A change to any one byte of the pepper, first to last, changes the digest.
  for (std::size_t i = 0; i < base.size(); ++i) {
    Pepper changed = base;
    changed[i] ^= 0x01;
    const KeyedHasher other(changed);
    EXPECT_NE(other.hash("kw_sk_token"), expected) << "pepper byte " << i;
    EXPECT_EQ(other.hash("kw_sk_token"), reference_hmac(changed, "kw_sk_token"));
  }
  EXPECT_NE(KeyedHasher(pepper_of(0)).hash("x"), KeyedHasher(pepper_of(1)).hash("x"));
}

TEST(KeyedHasherTest, DifferentMessagesGiveDifferentDigests) {
  const KeyedHasher hasher(counting_pepper());
  EXPECT_NE(hasher.hash("kw_sk_a"), hasher.hash("kw_sk_b"));
  EXPECT_NE(hasher.hash("abc"), hasher.hash("abcd"));
}

TEST(KeyedHasherTest, IsNotThePlainHashOfTheMessage) {
  // A pepper of zeros is still a key: HMAC, not SHA-256 of the message.
  const Digest zero_key = KeyedHasher(pepper_of(0)).hash("abc");
  EXPECT_NE(hex(zero_key), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(zero_key, reference_hmac(pepper_of(0), "abc"));
}

TEST(KeyedHasherTest, ConcurrentUseGivesCorrectResults) {
  const Pepper key = counting_pepper();
  const KeyedHasher hasher(key);
  std::vector<std::string> messages;
  std::vector<Digest> expected;
  for (std::size_t n = 0; n < 200; ++n) {
    messages.push_back(message_of_length(n) + std::to_string(n));
    expected.push_back(reference_hmac(key, messages.back()));
  }
  constexpr int kThreads = 4;
  std::vector<int> wrong(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        for (std::size_t i = 0; i < messages.size(); ++i) {
          // Threads walk the messages in different orders so they overlap differently.
          const std::size_t j = (i * static_cast<std::size_t>(2 * t + 1)) % messages.size();
          if (hasher.hash(messages[j]) != expected[j]) ++wrong[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(wrong[static_cast<std::size_t>(t)], 0) << t;
}

TEST(KeyedHasherTest, TwoInstancesUsedAlternatelyStayCorrect) {
  const Pepper key_a = counting_pepper();
  const Pepper key_b = pepper_of(0x5a);
  const KeyedHasher a(key_a);
  const KeyedHasher b(key_b);
  for (std::size_t n = 0; n < 150; ++n) {
    const std::string m = message_of_length(n);
    ASSERT_EQ(a.hash(m), reference_hmac(key_a, m)) << n;
    ASSERT_EQ(b.hash(m), reference_hmac(key_b, m)) << n;
    ASSERT_EQ(a.hash(m), reference_hmac(key_a, m)) << n;
  }
}

TEST(KeyedHasherTest, HashIsNoexcept) {
  const KeyedHasher hasher(counting_pepper());
  static_assert(noexcept(hasher.hash("")));
}

}  // namespace
}  // namespace keyward::crypto

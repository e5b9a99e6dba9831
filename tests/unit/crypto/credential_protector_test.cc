#include "crypto/credential_protector.h"

#include <array>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

namespace keyward::crypto {
namespace {

class CredentialProtectorTest : public ::testing::Test {
 protected:
  CredentialProtectorTest() {
    for (std::size_t i = 0; i < pepper_.size(); ++i) pepper_[i] = static_cast<std::uint8_t>(i);
    for (std::size_t i = 0; i < master_.size(); ++i) {
      master_[i] = static_cast<std::uint8_t>(0xA0 ^ i);
    }
  }

  std::array<std::uint8_t, kPepperSize> pepper_{};
  std::array<std::uint8_t, kMasterKeySize> master_{};
};

TEST_F(CredentialProtectorTest, ProtectThenReveal) {
  const CredentialProtector protector(pepper_, master_);
  const ProtectedSecret s = protector.protect("AbCd1234EfGh5678", "org-api-key:1");
  const auto revealed = protector.reveal(s, "org-api-key:1");
  ASSERT_TRUE(revealed.has_value());
  EXPECT_EQ(*revealed, "AbCd1234EfGh5678");
}

TEST_F(CredentialProtectorTest, LookupIsThePepperedHmac) {
  const CredentialProtector protector(pepper_, master_);
  const KeyedHasher hasher(pepper_);
  const ProtectedSecret s = protector.protect("AbCd1234EfGh5678", "org-api-key:1");
  EXPECT_EQ(s.lookup, hasher.hash("AbCd1234EfGh5678"));
  EXPECT_EQ(protector.lookup_hash("AbCd1234EfGh5678"), s.lookup);
  EXPECT_NE(protector.lookup_hash("AbCd1234EfGh5679"), s.lookup);
}

TEST_F(CredentialProtectorTest, SameSecretSameLookupButDifferentCiphertext) {
  const CredentialProtector protector(pepper_, master_);
  const ProtectedSecret a = protector.protect("value", "ctx");
  const ProtectedSecret b = protector.protect("value", "ctx");
  EXPECT_EQ(a.lookup, b.lookup);
  EXPECT_NE(a.sealed, b.sealed);
  EXPECT_NE(a, b);
}

TEST_F(CredentialProtectorTest, RevealNeedsTheSameContext) {
  const CredentialProtector protector(pepper_, master_);
  const ProtectedSecret s = protector.protect("value", "user-service-key:a");
  const auto revealed = protector.reveal(s, "user-service-key:b");
  ASSERT_FALSE(revealed.has_value());
  EXPECT_EQ(revealed.error().code, Errc::kInternal);
}

TEST_F(CredentialProtectorTest, AnotherMasterKeyCannotReveal) {
  const CredentialProtector protector(pepper_, master_);
  const ProtectedSecret s = protector.protect("value", "ctx");
  auto other_master = master_;
  other_master[0] ^= 1;
  const CredentialProtector other(pepper_, other_master);
  EXPECT_FALSE(other.reveal(s, "ctx").has_value());
  // The lookup hash depends only on the pepper.
  EXPECT_EQ(other.lookup_hash("value"), s.lookup);
}

TEST_F(CredentialProtectorTest, AnotherPepperGivesAnotherLookup) {
  const CredentialProtector protector(pepper_, master_);
  auto other_pepper = pepper_;
  other_pepper[31] ^= 1;
  const CredentialProtector other(other_pepper, master_);
  EXPECT_NE(other.lookup_hash("value"), protector.lookup_hash("value"));
}

}  // namespace
}  // namespace keyward::crypto

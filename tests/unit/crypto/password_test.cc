#include "crypto/password.h"

#include <string>

#include <gtest/gtest.h>

namespace keyward::crypto {
namespace {

// Argon2id with the interactive limits costs 64 MiB and a noticeable fraction of a second, so the
// suite hashes a handful of passwords once and shares them.
class PasswordTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto first = hash_password("correct horse battery staple");
    auto second = hash_password("correct horse battery staple");
    ASSERT_TRUE(first.has_value()) << first.error().message;
    ASSERT_TRUE(second.has_value()) << second.error().message;
    hash_ = new std::string(*first);
    second_hash_ = new std::string(*second);
  }
  static void TearDownTestSuite() {
    delete hash_;
    delete second_hash_;
    hash_ = second_hash_ = nullptr;
  }

  static std::string* hash_;
  static std::string* second_hash_;
};

std::string* PasswordTest::hash_ = nullptr;
std::string* PasswordTest::second_hash_ = nullptr;

TEST_F(PasswordTest, VerifiesTheRightPassword) {
  ASSERT_NE(hash_, nullptr);
  EXPECT_TRUE(verify_password(*hash_, "correct horse battery staple"));
}

TEST_F(PasswordTest, RefusesWrongPasswords) {
  ASSERT_NE(hash_, nullptr);
  for (const char* wrong : {"", "correct horse battery stapl", "correct horse battery staple ",
                            "Correct horse battery staple", "correct horse battery staplf",
                            "correcthorsebatterystaple"}) {
    EXPECT_FALSE(verify_password(*hash_, wrong)) << wrong;
  }
}

TEST_F(PasswordTest, EncodedAsArgon2idWithInteractiveLimits) {
  ASSERT_NE(hash_, nullptr);
  EXPECT_TRUE(hash_->starts_with("$argon2id$")) << *hash_;
  EXPECT_TRUE(hash_->starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << *hash_;
  EXPECT_EQ(hash_->find('\0'), std::string::npos);
  EXPECT_EQ(hash_->find("correct horse"), std::string::npos);
}

TEST_F(PasswordTest, TwoHashesOfTheSamePasswordDifferAndBothVerify) {
  ASSERT_NE(hash_, nullptr);
  EXPECT_NE(*hash_, *second_hash_);
  EXPECT_TRUE(verify_password(*second_hash_, "correct horse battery staple"));
}

TEST_F(PasswordTest, TamperedHashFails) {
  ASSERT_NE(hash_, nullptr);
  // Change one character of the digest (the last field).
  std::string tampered = *hash_;
  char& last = tampered[tampered.size() - 2];
  last = last == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_password(tampered, "correct horse battery staple"));
  // Or of the salt.
  std::string salted = *hash_;
  const std::size_t salt = salted.rfind('$') - 2;
  salted[salt] = salted[salt] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_password(salted, "correct horse battery staple"));
}

TEST_F(PasswordTest, MalformedHashesReturnFalse) {
  ASSERT_NE(hash_, nullptr);
  const std::string& h = *hash_;
  for (const std::string& bad :
       {std::string(), std::string("garbage"), std::string("$argon2id$"),
        std::string("$argon2id$v=19$m=65536,t=2,p=1$"), h.substr(0, h.size() / 2),
        h.substr(0, h.rfind('$')), std::string("$2b$10$abcdefghijklmnopqrstuv"),
        "$argon2id$v=19$m=notanumber,t=2,p=1$" + h.substr(h.rfind('$', h.rfind('$') - 1) + 1),
        h + "$extra", std::string(h).insert(5, 1, '\0')}) {
    EXPECT_FALSE(verify_password(bad, "correct horse battery staple")) << bad;
  }
}

// Known bug, reported rather than fixed here: verify_password() copies the hash into a std::string
// and hands c_str() to libsodium, so anything after an embedded NUL is ignored and a malformed
// "<valid hash>\0junk" verifies, contrary to "false for any malformed hash".
TEST_F(PasswordTest, HashWithTrailingNulAndJunkIsMalformed) {
  ASSERT_NE(hash_, nullptr);
  EXPECT_FALSE(verify_password(*hash_ + std::string("\0junk", 5), "correct horse battery staple"));
}

TEST(PasswordHashTest, EmptyAndBinaryPasswords) {
  const auto empty = hash_password("");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(verify_password(*empty, ""));
  EXPECT_FALSE(verify_password(*empty, " "));

  // Every byte counts, including NUL and bytes after it.
  const std::string with_nul("pass\0word", 9);
  const auto binary = hash_password(with_nul);
  ASSERT_TRUE(binary.has_value());
  EXPECT_TRUE(verify_password(*binary, with_nul));
  EXPECT_FALSE(verify_password(*binary, "pass"));
  EXPECT_FALSE(verify_password(*binary, std::string_view("pass\0wore", 9)));
}

}  // namespace
}  // namespace keyward::crypto

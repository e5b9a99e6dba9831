#include "crypto/signature_keys.h"

#include <string>

#include <gtest/gtest.h>

#include "crypto/base64.h"
#include "support/ecdsa_test_signer.h"

namespace keyward::crypto {
namespace {

using testing::EcdsaTestSigner;

constexpr std::string_view kReport =
    R"([{"token":"kw_sk_x","type":"keyward_secret_key","url":"https://example.com/a","source":"content"}])";

EcdsaPublicKey key_of(const EcdsaTestSigner& signer) {
  auto key = EcdsaPublicKey::from_pem(signer.public_key_pem());
  EXPECT_TRUE(key) << key.error().message;
  return *key;
}

class SignatureKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(keys.add("scanner-1", key_of(signer)));
    ASSERT_TRUE(keys.add("scanner-2", key_of(second)));
  }
  EcdsaTestSigner signer, second, stranger;
  SignatureKeys keys;
};

TEST_F(SignatureKeysTest, AcceptsTheBodySignedByTheNamedKey) {
  EXPECT_TRUE(keys.verify("scanner-1", signer.sign(kReport), kReport));
  EXPECT_TRUE(keys.verify("scanner-2", second.sign(kReport), kReport));
}

TEST_F(SignatureKeysTest, RefusesAnotherKeysSignatureEvenWhenThatKeyIsKnown) {
  EXPECT_FALSE(keys.verify("scanner-1", second.sign(kReport), kReport));
  EXPECT_FALSE(keys.verify("scanner-1", stranger.sign(kReport), kReport));
}

TEST_F(SignatureKeysTest, RefusesAChangedBody) {
  std::string changed(kReport);
  changed.back() = ' ';
  EXPECT_FALSE(keys.verify("scanner-1", signer.sign(kReport), changed));
  EXPECT_FALSE(keys.verify("scanner-1", signer.sign(kReport), std::string(kReport) + "\n"));
}

TEST_F(SignatureKeysTest, RefusesUnknownEmptyAndOverlongIdentifiers) {
  const auto sig = signer.sign(kReport);
  EXPECT_FALSE(keys.verify("scanner-3", sig, kReport));
  EXPECT_FALSE(keys.verify("", sig, kReport));
  EXPECT_FALSE(keys.verify("scanner-1 ", sig, kReport));
  EXPECT_FALSE(keys.verify(std::string(kMaxKeyIdentifierLength + 1, 'a'), sig, kReport));
}

TEST_F(SignatureKeysTest, RefusesMalformedSignatures) {
  const auto sig = signer.sign(kReport);
  EXPECT_FALSE(keys.verify("scanner-1", "", kReport));
  EXPECT_FALSE(keys.verify("scanner-1", "not base64!", kReport));
  EXPECT_FALSE(keys.verify("scanner-1", base64_encode("\x30\x02\x02\x00"), kReport));
  EXPECT_FALSE(keys.verify("scanner-1", std::string(kMaxSignatureBase64Length + 4, 'A'), kReport));
  // One bit off anywhere in the signature.
  for (size_t i = 0; i < sig.size(); i += 7) {
    std::string flipped = sig;
    flipped[i] = flipped[i] == 'A' ? 'B' : 'A';
    if (flipped == sig) continue;
    EXPECT_FALSE(keys.verify("scanner-1", flipped, kReport)) << "position " << i;
  }
}

TEST_F(SignatureKeysTest, AnIdentifierIsAddedOnce) {
  EXPECT_FALSE(keys.add("scanner-1", key_of(stranger)));
  EXPECT_FALSE(keys.add("", key_of(stranger)));
  EXPECT_EQ(keys.size(), 2u);
}

TEST(EcdsaPublicKeyTest, ReadsOnlyP256PublicKeys) {
  EXPECT_TRUE(EcdsaPublicKey::from_pem(EcdsaTestSigner().public_key_pem()));
  const auto p384 = EcdsaPublicKey::from_pem(EcdsaTestSigner("P-384").public_key_pem());
  ASSERT_FALSE(p384);
  EXPECT_NE(p384.error().message.find("not P-256"), std::string::npos) << p384.error().message;
  EXPECT_FALSE(EcdsaPublicKey::from_pem(""));
  EXPECT_FALSE(
      EcdsaPublicKey::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
}

TEST(EcdsaPublicKeyTest, VerifiesRawSignatures) {
  const EcdsaTestSigner signer;
  const auto key = EcdsaPublicKey::from_pem(signer.public_key_pem());
  ASSERT_TRUE(key);
  const std::string sig64 = signer.sign("hello");
  std::array<char, 128> der{};
  const auto n = base64_decode(sig64, der);
  ASSERT_TRUE(n);
  const std::span<const std::uint8_t> sig(reinterpret_cast<const std::uint8_t*>(der.data()), *n);
  EXPECT_TRUE(key->verifies("hello", sig));
  EXPECT_FALSE(key->verifies("hellO", sig));
  EXPECT_FALSE(key->verifies("hello", {}));
}

}  // namespace
}  // namespace keyward::crypto

#include "crypto/webhook_signature.h"

#include <gtest/gtest.h>

#include "crypto/base64.h"
#include "crypto/random.h"

namespace keyward::crypto {
namespace {

// The signing example of the Standard Webhooks reference libraries' tests.
TEST(WebhookSignatureTest, MatchesTheStandardWebhooksExample) {
  const auto key = webhook_secret_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->size(), 24u);
  EXPECT_EQ(
      sign_webhook(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  // The prefix is optional, as in the reference libraries.
  EXPECT_EQ(webhook_secret_key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), key);
}

TEST(WebhookSignatureTest, EveryPartIsSigned) {
  const auto key = *webhook_secret_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  const std::string base = sign_webhook(key, "msg_1", 1614265330, "{}");
  EXPECT_NE(sign_webhook(key, "msg_2", 1614265330, "{}"), base);
  EXPECT_NE(sign_webhook(key, "msg_1", 1614265331, "{}"), base);
  EXPECT_NE(sign_webhook(key, "msg_1", 1614265330, "{ }"), base);
  const auto other = *webhook_secret_key("whsec_" + std::string(32, 'A'));
  EXPECT_NE(sign_webhook(other, "msg_1", 1614265330, "{}"), base);
}

TEST(WebhookSignatureTest, NewSecretsAreThirtyTwoRandomBytesBehindThePrefix) {
  SystemRandom random;
  const std::string a = generate_webhook_secret(random);
  const std::string b = generate_webhook_secret(random);
  EXPECT_NE(a, b);
  ASSERT_TRUE(a.starts_with("whsec_"));
  const auto key = webhook_secret_key(a);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->size(), 32u);
}

TEST(WebhookSignatureTest, ASecretThatIsNotBase64HasNoKey) {
  EXPECT_FALSE(webhook_secret_key("whsec_not base64!"));
  EXPECT_FALSE(webhook_secret_key("whsec_"));
}

}  // namespace
}  // namespace keyward::crypto

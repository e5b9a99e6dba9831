#include "api/access_log.h"

#include <gtest/gtest.h>

#include "core/key_token.h"
#include "support/seeded_random.h"

namespace keyward::api {
namespace {

TEST(AccessLogTest, TokensInAPathAreReducedToTheirHints) {
  testing::SeededRandom random(3);
  const std::string secret = generate_key_token(KeyKind::kSecret, random);
  const std::string public_key = generate_key_token(KeyKind::kPublic, random);
  const std::string logged = loggable_path("/api/v1/keys/" + secret + "/roll/" + public_key + "x");
  EXPECT_EQ(logged.find(secret), std::string::npos);
  EXPECT_EQ(logged.find(secret.substr(6, 20)), std::string::npos);
  EXPECT_EQ(logged,
            "/api/v1/keys/" + key_token_hint(secret) + "/roll/" + key_token_hint(public_key + "x"));
}

TEST(AccessLogTest, BytesOutsidePrintableAsciiAreEscaped) {
  EXPECT_EQ(loggable_path("/caf\xc3\xa9"), "/caf\\xc3\\xa9");
  EXPECT_EQ(loggable_path("/a b\tc\\d\n"), "/a\\x20b\\x09c\\x5cd\\x0a");
  EXPECT_EQ(loggable_path("/api/v1/orgs?x=1"), "/api/v1/orgs?x=1");
}

TEST(AccessLogTest, AddressesOfFailuresAreMaskedWhenThePolicySaysSo) {
  EXPECT_EQ(loggable_client("203.0.113.77", 401, true), "203.0.113.0/24");
  EXPECT_EQ(loggable_client("203.0.113.77", 429, true), "203.0.113.0/24");
  EXPECT_EQ(loggable_client("203.0.113.77", 200, true), "203.0.113.77");
  EXPECT_EQ(loggable_client("203.0.113.77", 401, false), "203.0.113.77");
}

}  // namespace
}  // namespace keyward::api

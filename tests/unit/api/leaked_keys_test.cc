// POST /api/v1/keys/leaked through the Dispatcher: the body reaches the signature check as it
// came, whatever its Content-Type, and nothing reads it before the signature verifies.
#include "api/v1/leaked_keys.h"

#include <gtest/gtest.h>

#include "unit/api/api_fixture.h"

namespace keyward::testing {
namespace {

class LeakedKeysRouteTest : public ApiTest {
 protected:
  http::Response send(const std::string& body, const std::string& signature,
                      const std::string& content_type = "application/json") {
    return call(
        http::Method::post, "/api/v1/keys/leaked",
        {{"Github-Public-Key-Identifier", "scanner"}, {"Github-Public-Key-Signature", signature}},
        body, content_type);
  }
};

TEST_F(LeakedKeysRouteTest, TheSignatureIsCheckedOverTheBytesAsTheyCameWhateverTheirType) {
  const std::string body = R"([{"token": ")" + secret_a.token + R"(", "type": "t"}])";
  // A type the dispatcher would refuse (415) on any other route: here it never parses the body.
  const auto r = send(body, scanner.sign(body), "text/plain");
  ASSERT_EQ(r.result_int(), 200u) << r.body();
  EXPECT_EQ(json(r).at(0).at("label").as_string(), "true_positive");
  EXPECT_TRUE(store.get_key(secret_a.key.id)->revoked_at.has_value());
}

TEST_F(LeakedKeysRouteTest, UnsignedBytesAreRefusedBeforeAnythingReadsThem) {
  for (const std::string body : {"[{not json", "<report/>", ""}) {
    const auto r = send(body, scanner.sign("something else"));
    EXPECT_EQ(r.result_int(), 401u) << body << ": " << r.body();
  }
  EXPECT_FALSE(store.get_key(secret_a.key.id)->revoked_at.has_value());
  EXPECT_TRUE(mailer.sent.empty());
}

}  // namespace
}  // namespace keyward::testing

#include "service/authorization_header.h"

#include <gtest/gtest.h>

#include "crypto/base64.h"

namespace keyward::service {
namespace {

using Scheme = AuthorizationHeader::Scheme;

AuthorizationHeader parse(std::string_view header) {
  static std::array<char, kMaxDecodedCredentials> buffer;
  return parse_authorization(header, buffer);
}

TEST(AuthorizationHeader, ReadsBearerTokensWithAnyCaseOfTheScheme) {
  for (const char* header : {"Bearer kw_sk_abc", "bearer kw_sk_abc", "BEARER   kw_sk_abc  "}) {
    const auto h = parse(header);
    EXPECT_EQ(h.scheme, Scheme::kBearer) << header;
    EXPECT_EQ(h.token, "kw_sk_abc");
  }
}

TEST(AuthorizationHeader, ReadsContrastCredentialsWithAndWithoutBasic) {
  const std::string encoded = crypto::base64_encode("ada@example.com:S3rv1ceKey");
  for (const std::string& header :
       {encoded, "Basic " + encoded, "basic " + encoded, " " + encoded + "\t"}) {
    const auto h = parse(header);
    ASSERT_EQ(h.scheme, Scheme::kBasic) << header;
    EXPECT_EQ(h.username, "ada@example.com");
    EXPECT_EQ(h.secret, "S3rv1ceKey");
  }
}

TEST(AuthorizationHeader, TheSecretMayContainColons) {
  const auto h = parse(crypto::base64_encode("ada:key:with:colons"));
  EXPECT_EQ(h.username, "ada");
  EXPECT_EQ(h.secret, "key:with:colons");
}

TEST(AuthorizationHeader, RefusesWhatIsNotACredential) {
  for (const std::string& header :
       {std::string(), std::string("Bearer"), std::string("Bearer   "), std::string("Basic"),
        std::string("Digest abc"), std::string("not base64!"), crypto::base64_encode("no-colon"),
        crypto::base64_encode(":secret"), crypto::base64_encode("user:"),
        crypto::base64_encode(std::string(600, 'a') + ":b")}) {
    EXPECT_EQ(parse(header).scheme, Scheme::kMalformed) << header;
  }
}

}  // namespace
}  // namespace keyward::service

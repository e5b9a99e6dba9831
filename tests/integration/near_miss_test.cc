// Thousands of tokens that are almost a valid one (truncated, extended, one character changed,
// case flipped, characters swapped, the other kind's prefix) and not one of them verifies.
#include <set>

#include <gtest/gtest.h>

#include "integration/integration_fixture.h"

namespace keyward::testing {
namespace {

std::set<std::string> near_misses(const std::string& token) {
  std::set<std::string> out;
  for (size_t n = 0; n < token.size(); ++n) out.insert(token.substr(0, n));
  for (char c : std::string("0aZ_-=. ")) out.insert(token + c);
  for (size_t i = 0; i < token.size(); ++i) {
    for (char c : std::string("0135789AKQZaeiouyz_+/")) {
      if (token[i] == c) continue;
      std::string t = token;
      t[i] = c;
      out.insert(t);
    }
    const char ch = token[i];
    if (std::isalpha(static_cast<unsigned char>(ch))) {
      std::string t = token;
      t[i] = static_cast<char>(std::islower(static_cast<unsigned char>(ch)) ? std::toupper(ch)
                                                                            : std::tolower(ch));
      out.insert(t);
    }
    if (i + 1 < token.size() && token[i] != token[i + 1]) {
      std::string t = token;
      std::swap(t[i], t[i + 1]);
      out.insert(t);
    }
  }
  std::string other_kind = token;
  other_kind[3] = token[3] == 's' ? 'p' : 's';
  out.insert(other_kind);
  std::string upper = token;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  out.insert(upper);
  out.insert(" " + token);
  out.erase(token);
  return out;
}

// Thousands of failures from one address would meet the throttle (429) long before the end; these
// tests are about what authentication says, so the limit is lifted.
class NearMissTest : public ServerTest {
 protected:
  void SetUp() override {
    KeywardServer::Options options;
    options.config = "[security]\nauth_failures_per_minute = 100000\n";
    server = std::make_unique<KeywardServer>(options);
  }
};

TEST_F(NearMissTest, NoMutationOfAValidTokenVerifies) {
  auto client = server->client();
  size_t tried = 0;
  for (const char* kind : {"secret", "public"}) {
    const std::string token = text(create_key(kind).at("token"));
    ASSERT_TRUE(verifies(client, token));
    for (const auto& mutated : near_misses(token)) {
      const auto r = client.post_json(
          "/api/v1/keys/verify", boost::json::serialize(boost::json::object{{"key", mutated}}));
      ASSERT_EQ(r.status, 200) << r.body;
      EXPECT_EQ(r.body, R"({"valid":false})") << "verified: " << mutated;
      ++tried;
    }
    EXPECT_TRUE(verifies(client, token));
  }
  EXPECT_GT(tried, 2000u);
}

TEST_F(NearMissTest, NoMutationAuthenticatesAsABearer) {
  auto client = server->client();
  const std::string token = text(create_key("secret").at("token"));
  size_t tried = 0;
  for (const auto& mutated : near_misses(token)) {
    if (tried++ % 7 != 0) continue;  // a sample: the verify test above covers every one
    if (mutated.find_first_of(" \r\n") != std::string::npos) continue;
    EXPECT_EQ(client.get(org_path("/keys"), {{"Authorization", "Bearer " + mutated}}).status, 401)
        << mutated;
  }
}

}  // namespace
}  // namespace keyward::testing

// Tokens that are almost a valid one, and not one of them is accepted.
//
// First every single-character neighbour of a named key (truncated, extended, one character
// changed, case flipped, characters swapped, the other kind's prefix). Then, for every kind of
// credential, KEYWARD_NEAR_MISS_MUTANTS random mutants of one to three edits (5,000 by default;
// `make fuzz-long` runs 100,000): named keys, secret and public, at /api/v1/keys/verify and as a
// Bearer credential; the organization API key, a user's service key and the agent service key in
// the Contrast Authorization/API-Key pair. A failure names the seed (KEYWARD_NEAR_MISS_SEED
// replays it).
#include <cstdio>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "integration/integration_fixture.h"
#include "support/token_mutator.h"

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

// Every mutant comes from a different-looking client now and then: a run of 100,000 refusals
// would otherwise meet the per-address throttle (429) however high it is set, and this test is
// about what authentication answers. The loopback peer is a trusted proxy, so X-Forwarded-For
// names the client.
class RandomNearMissTest : public ServerTest {
 protected:
  void SetUp() override {
    KeywardServer::Options options;
    options.config =
        "trusted_proxies = [\"127.0.0.1\"]\n[security]\nauth_failures_per_minute = 100000\n";
    server = std::make_unique<KeywardServer>(options);
    seed_ = near_miss_seed();
    rng_.seed(seed_);
    count_ = near_miss_count(5000);
    RecordProperty("seed", std::to_string(seed_));  // in the XML report, and printed below
    std::printf("%zu mutants, KEYWARD_NEAR_MISS_SEED=%llu\n", count_,
                static_cast<unsigned long long>(seed_));
  }

  Headers from_client(std::size_t i, Headers headers) const {
    headers.emplace_back("X-Forwarded-For", "10.0." + std::to_string(i / 20000) + ".1");
    return headers;
  }

  // GET /api/v1/auth, which takes any valid credential, agents' included: 204 or 401.
  long auth_status(HttpClient& client, std::size_t i, const Headers& headers) {
    return client.get("/api/v1/auth", from_client(i, headers)).status;
  }

  // A named key's mutants: refused at verify and as a Bearer credential.
  void named_key_mutants_are_refused(const std::string& kind) {
    auto client = server->client();
    const std::string token = text(create_key(kind).at("token"));
    ASSERT_TRUE(verifies(client, token));
    ASSERT_EQ(auth_status(client, 0, {{"Authorization", "Bearer " + token}}), 204);
    std::size_t refused = 0;
    for (std::size_t i = 0; i < count_; ++i) {
      const std::string mutant = mutate(token, rng_);
      const auto r = client.post_json("/api/v1/keys/verify",
                                      boost::json::serialize(boost::json::object{{"key", mutant}}));
      ASSERT_EQ(r.status, 200) << r.body;
      ASSERT_EQ(r.body, R"({"valid":false})")
          << "verified: " << mutant << " (seed " << seed_ << ")";
      ASSERT_EQ(auth_status(client, i, {{"Authorization", "Bearer " + mutant}}), 401)
          << "authenticated: Bearer " << mutant << " (seed " << seed_ << ")";
      ++refused;
    }
    EXPECT_EQ(refused, count_);
    EXPECT_TRUE(verifies(client, token));  // the control: the real token still works
  }

  // Mutants of one part of a Contrast credential pair, the other parts left right.
  void contrast_mutants_are_refused(const std::function<Headers(const std::string&)>& headers,
                                    const std::string& genuine) {
    auto client = server->client();
    ASSERT_EQ(auth_status(client, 0, headers(genuine)), 204);
    for (std::size_t i = 0; i < count_; ++i) {
      const std::string mutant = mutate(genuine, rng_);
      ASSERT_EQ(auth_status(client, i, headers(mutant)), 401)
          << "authenticated with " << mutant << " (seed " << seed_ << ")";
    }
    EXPECT_EQ(auth_status(client, count_, headers(genuine)), 204);
  }

  std::uint64_t seed_ = 0;
  std::mt19937_64 rng_;
  std::size_t count_ = 0;
};

TEST_F(RandomNearMissTest, SecretKeyMutantsAreRefused) { named_key_mutants_are_refused("secret"); }

TEST_F(RandomNearMissTest, PublicKeyMutantsAreRefused) { named_key_mutants_are_refused("public"); }

TEST_F(RandomNearMissTest, OrganizationApiKeyMutantsAreRefused) {
  const auto& init = server->init();
  const std::string authorization = basic_credentials(init.admin_username, init.admin_service_key);
  contrast_mutants_are_refused(
      [&](const std::string& api_key) {
        return Headers{{"Authorization", authorization}, {"API-Key", api_key}};
      },
      init.org_api_key);
}

TEST_F(RandomNearMissTest, UserServiceKeyMutantsAreRefused) {
  const auto& init = server->init();
  contrast_mutants_are_refused(
      [&](const std::string& service_key) {
        return Headers{{"Authorization", basic_credentials(init.admin_username, service_key)},
                       {"API-Key", init.org_api_key}};
      },
      init.admin_service_key);
}

TEST_F(RandomNearMissTest, AgentServiceKeyMutantsAreRefused) {
  const auto& init = server->init();
  auto client = server->client();
  const auto r = client.get(org_path("/credentials?reveal=true"), server->admin_headers());
  ASSERT_EQ(r.status, 200) << r.body;
  const auto credentials = r.json();
  const std::string agent = text(credentials.at("agent_username"));
  contrast_mutants_are_refused(
      [&](const std::string& service_key) {
        return Headers{{"Authorization", basic_credentials(agent, service_key)},
                       {"API-Key", init.org_api_key}};
      },
      text(credentials.at("agent_service_key")));
}

}  // namespace
}  // namespace keyward::testing

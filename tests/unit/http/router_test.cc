#include "http/router.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace keyward::http {
namespace {

// True when `view` points into `owner` (parameters are views, not copies).
bool points_into(std::string_view view, const std::string& owner) {
  return view.data() >= owner.data() && view.data() + view.size() <= owner.data() + owner.size();
}

TEST(PathPatternTest, KeepsItsText) {
  EXPECT_EQ(PathPattern("/api/v1/orgs/{orgId}").text(), "/api/v1/orgs/{orgId}");
}

TEST(PathPatternTest, LiteralMatchesOnlyItself) {
  const PathPattern p("/api/v1/keys");
  PathParams params;
  EXPECT_TRUE(p.match("/api/v1/keys", params));
  EXPECT_FALSE(p.match("/api/v1/key", params));
  EXPECT_FALSE(p.match("/api/v1/keysx", params));
  EXPECT_FALSE(p.match("/api/v2/keys", params));
  EXPECT_FALSE(p.match("/API/v1/keys", params));  // paths are case-sensitive
  EXPECT_FALSE(p.match("api/v1/keys", params));   // no leading slash
  EXPECT_FALSE(p.match("", params));
}

TEST(PathPatternTest, LongerOrShorterPathsDoNotMatch) {
  const PathPattern p("/api/v1/orgs/{orgId}/keys");
  PathParams params;
  EXPECT_FALSE(p.match("/api/v1/orgs/o1", params));
  EXPECT_FALSE(p.match("/api/v1/orgs/o1/keys/k1", params));
  EXPECT_FALSE(p.match("/api/v1", params));
  EXPECT_FALSE(p.match("/", params));
  EXPECT_TRUE(p.match("/api/v1/orgs/o1/keys", params));
}

TEST(PathPatternTest, ParametersAreViewsIntoThePath) {
  const PathPattern p("/api/v1/orgs/{orgId}/keys/{keyId}");
  const std::string path = "/api/v1/orgs/acme/keys/k_123";
  PathParams params;
  ASSERT_TRUE(p.match(path, params));
  EXPECT_EQ(params.get("orgId"), "acme");
  EXPECT_EQ(params.get("keyId"), "k_123");
  EXPECT_TRUE(points_into(params.get("orgId"), path));
  EXPECT_TRUE(points_into(params.get("keyId"), path));
  EXPECT_EQ(params.get("missing"), "");
  EXPECT_EQ(params.get("orgid"), "");  // parameter names are exact
}

TEST(PathPatternTest, ParameterValuesAreNotDecoded) {
  const PathPattern p("/keys/{keyId}");
  PathParams params;
  ASSERT_TRUE(p.match("/keys/a%2Fb", params));
  EXPECT_EQ(params.get("keyId"), "a%2Fb");
}

TEST(PathPatternTest, EmptySegmentDoesNotMatchAParameter) {
  const PathPattern p("/orgs/{orgId}/keys");
  PathParams params;
  EXPECT_FALSE(p.match("/orgs//keys", params));
  const PathPattern last("/keys/{keyId}");
  EXPECT_FALSE(last.match("/keys/", params));
  EXPECT_FALSE(last.match("/keys//", params));
}

TEST(PathPatternTest, FailedMatchClearsParameters) {
  const PathPattern p("/orgs/{orgId}/keys/{keyId}");
  PathParams params;
  ASSERT_TRUE(p.match("/orgs/a/keys/b", params));
  EXPECT_FALSE(p.match("/orgs/c/other/d", params));
  EXPECT_EQ(params.get("keyId"), "");
}

TEST(PathPatternTest, RootMatchesOnlyRoot) {
  const PathPattern root("/");
  PathParams params;
  EXPECT_TRUE(root.match("/", params));
  EXPECT_FALSE(root.match("/x", params));
  EXPECT_FALSE(root.match("", params));
}

TEST(PathPatternTest, MoreParametersThanTheLimitRefuseToMatch) {
  static_assert(kMaxPathParams == 4);
  const PathPattern four("/{a}/{b}/{c}/{d}");
  const PathPattern five("/{a}/{b}/{c}/{d}/{e}");
  PathParams params;
  ASSERT_TRUE(four.match("/1/2/3/4", params));
  EXPECT_EQ(params.get("d"), "4");
  EXPECT_FALSE(five.match("/1/2/3/4/5", params));
}

TEST(PathParamsTest, AddRefusesBeyondTheLimit) {
  PathParams params;
  for (size_t i = 0; i < kMaxPathParams; ++i) EXPECT_TRUE(params.add("p", "v"));
  EXPECT_FALSE(params.add("extra", "v"));
  EXPECT_EQ(params.get("extra"), "");
  params.clear();
  EXPECT_EQ(params.get("p"), "");
  EXPECT_TRUE(params.add("extra", "v"));
  EXPECT_EQ(params.get("extra"), "v");
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add(Method::get, "/api/v1/orgs/{orgId}/keys", 1);
    router_.add(Method::post, "/api/v1/orgs/{orgId}/keys", 2);
    router_.add(Method::get, "/api/v1/orgs/{orgId}/keys/{keyId}", 3);
    router_.add(Method::put, "/api/v1/orgs/{orgId}/keys/{keyId}", 4);
    router_.add(Method::delete_, "/api/v1/orgs/{orgId}/keys/{keyId}", 5);
    router_.add(Method::get, "/", 6);
  }
  Router<int> router_;
};

TEST_F(RouterTest, MatchesMethodAndPath) {
  const auto m = router_.match(Method::post, "/api/v1/orgs/acme/keys");
  ASSERT_NE(m.entry, nullptr);
  EXPECT_EQ(m.entry->payload, 2);
  EXPECT_EQ(m.entry->method, Method::post);
  EXPECT_EQ(m.entry->pattern.text(), "/api/v1/orgs/{orgId}/keys");
  EXPECT_EQ(m.params.get("orgId"), "acme");
}

TEST_F(RouterTest, ParametersPointIntoTheRequestPath) {
  const std::string path = "/api/v1/orgs/acme/keys/k1";
  const auto m = router_.match(Method::delete_, path);
  ASSERT_NE(m.entry, nullptr);
  EXPECT_EQ(m.entry->payload, 5);
  EXPECT_EQ(m.params.get("orgId"), "acme");
  EXPECT_EQ(m.params.get("keyId"), "k1");
  EXPECT_TRUE(points_into(m.params.get("keyId"), path));
}

TEST_F(RouterTest, RootRoute) {
  const auto m = router_.match(Method::get, "/");
  ASSERT_NE(m.entry, nullptr);
  EXPECT_EQ(m.entry->payload, 6);
}

TEST_F(RouterTest, OneTrailingSlashIsTolerated) {
  const auto m = router_.match(Method::get, "/api/v1/orgs/acme/keys/");
  ASSERT_NE(m.entry, nullptr);
  EXPECT_EQ(m.entry->payload, 1);
  EXPECT_EQ(m.params.get("orgId"), "acme");

  const auto k = router_.match(Method::get, "/api/v1/orgs/acme/keys/k1/");
  ASSERT_NE(k.entry, nullptr);
  EXPECT_EQ(k.entry->payload, 3);
  EXPECT_EQ(k.params.get("keyId"), "k1");  // the slash is not part of the value
}

// BUG (src/http/router.h Router::match + src/http/router.cc PathPattern::match): router.h says
// "One trailing slash on a request path is ignored", but Router::match strips one slash and
// PathPattern::match tolerates another (the last segment is cut at the '/' and the remaining ""
// counts as the end of the path), so two trailing slashes are ignored.
// Input GET "/api/v1/orgs/acme/keys//": expected no route (entry == nullptr), actual route 1.
TEST_F(RouterTest, TwoTrailingSlashesAreNotTolerated) {
  const auto m = router_.match(Method::get, "/api/v1/orgs/acme/keys//");
  EXPECT_EQ(m.entry, nullptr);
  EXPECT_FALSE(m.path_known);
}

TEST_F(RouterTest, UnknownPathIsNotFound) {
  for (const char* path : {"/api/v1/orgs", "/api/v1/orgs/acme/keys/k1/extra", "/api/v1/orgs//keys",
                           "/api/v2/orgs/acme/keys", "/nothing", ""}) {
    const auto m = router_.match(Method::get, path);
    EXPECT_EQ(m.entry, nullptr) << path;
    EXPECT_FALSE(m.path_known) << path;
    EXPECT_TRUE(m.allow.empty()) << path;
  }
}

TEST_F(RouterTest, KnownPathWithOtherMethodIs405WithAllowList) {
  const auto m = router_.match(Method::patch, "/api/v1/orgs/acme/keys/k1");
  EXPECT_EQ(m.entry, nullptr);
  EXPECT_TRUE(m.path_known);
  EXPECT_EQ(m.allow, "GET, PUT, DELETE");

  const auto c = router_.match(Method::delete_, "/api/v1/orgs/acme/keys/");
  EXPECT_EQ(c.entry, nullptr);
  EXPECT_TRUE(c.path_known);
  EXPECT_EQ(c.allow, "GET, POST");
}

TEST(RouterAllowTest, AllowListIsDeduplicated) {
  Router<int> router;
  router.add(Method::get, "/orgs/{org}/traces/filter", 1);
  router.add(Method::put, "/orgs/{org}/traces/filter", 2);
  router.add(Method::get, "/orgs/{org}/traces/{trace}", 3);  // same path shape, GET again
  router.add(Method::put, "/orgs/{org}/traces/{trace}", 4);
  const auto m = router.match(Method::delete_, "/orgs/o/traces/filter");
  EXPECT_EQ(m.entry, nullptr);
  EXPECT_TRUE(m.path_known);
  EXPECT_EQ(m.allow, "GET, PUT");
}

// BUG (src/http/router.h, Router::match): the Allow list is deduplicated with
// `m.allow.find(name)`, a substring search, so a method whose name is contained in one already
// listed is dropped. Latent (Keyward's routes use GET/POST/PUT/PATCH/DELETE, none a substring of
// another) but the template accepts any verb. Input: routes UNLOCK /doc and LOCK /doc, request
// GET /doc; expected allow "UNLOCK, LOCK", actual "UNLOCK".
TEST(RouterAllowTest, MethodNamedInsideAnotherIsListed) {
  Router<int> router;
  router.add(Method::unlock, "/doc", 1);
  router.add(Method::lock, "/doc", 2);
  const auto m = router.match(Method::get, "/doc");
  EXPECT_TRUE(m.path_known);
  EXPECT_EQ(m.allow, "UNLOCK, LOCK");
}

TEST(RouterOrderTest, FirstMatchingRouteWins) {
  Router<int> router;
  router.add(Method::get, "/keys/{id}", 1);
  router.add(Method::get, "/keys/special", 2);
  const auto m = router.match(Method::get, "/keys/special");
  ASSERT_NE(m.entry, nullptr);
  EXPECT_EQ(m.entry->payload, 1);
  EXPECT_EQ(m.params.get("id"), "special");

  Router<int> literal_first;
  literal_first.add(Method::get, "/keys/special", 2);
  literal_first.add(Method::get, "/keys/{id}", 1);
  const auto l = literal_first.match(Method::get, "/keys/special");
  ASSERT_NE(l.entry, nullptr);
  EXPECT_EQ(l.entry->payload, 2);
  EXPECT_EQ(l.params.get("id"), "");
  const auto other = literal_first.match(Method::get, "/keys/k9");
  ASSERT_NE(other.entry, nullptr);
  EXPECT_EQ(other.entry->payload, 1);
  EXPECT_EQ(other.params.get("id"), "k9");
}

TEST(RouterOrderTest, RouteForAnotherMethodDoesNotHideALaterOne) {
  // A route for the right method after one for another method is still found.
  Router<int> router;
  router.add(Method::post, "/keys", 1);
  router.add(Method::get, "/keys", 2);
  const auto m = router.match(Method::get, "/keys");
  ASSERT_NE(m.entry, nullptr);
  EXPECT_EQ(m.entry->payload, 2);
}

TEST(RouterLimitTest, RouteWithTooManyParametersNeverMatches) {
  Router<int> router;
  router.add(Method::get, "/{a}/{b}/{c}/{d}/{e}", 1);
  const auto m = router.match(Method::get, "/1/2/3/4/5");
  EXPECT_EQ(m.entry, nullptr);
  EXPECT_FALSE(m.path_known);
}

TEST(RouterEntriesTest, KeepsEntriesInOrder) {
  Router<std::string> router;
  router.add(Method::get, "/a", "first");
  router.add(Method::post, "/b", "second");
  ASSERT_EQ(router.entries().size(), 2u);
  EXPECT_EQ(router.entries()[0].payload, "first");
  EXPECT_EQ(router.entries()[1].pattern.text(), "/b");
  EXPECT_EQ(router.entries()[1].method, Method::post);
}

}  // namespace
}  // namespace keyward::http

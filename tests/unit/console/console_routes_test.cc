// The console as a browser meets it: pages answer index.html (never cached), the fingerprinted
// bundle is cached for a year and compressed, unknown files are 404, "/" sends browsers to the
// console, and every answer carries the strict Content-Security-Policy.
#include "console/console_routes.h"

#include <regex>

#include <gtest/gtest.h>

#include "console/assets.h"
#include "unit/api/api_fixture.h"

namespace keyward::console {
namespace {

constexpr char kBrowser[] =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

class ConsoleRoutesTest : public testing::ApiTest {
 protected:
  http::Response get(const std::string& target, const testing::Headers& headers = {}) {
    return call(http::Method::get, target, headers);
  }
  // The files index.html loads, as it names them.
  std::vector<std::string> referenced() {
    const std::string html = get("/console/").body();
    std::vector<std::string> out;
    const std::regex ref(R"((?:src|href)="(/console/assets/[^"]+)\")");
    for (std::sregex_iterator it(html.begin(), html.end(), ref), end; it != end; ++it) {
      out.push_back((*it)[1].str());
    }
    return out;
  }
  static void expect_protected(const http::Response& r) {
    EXPECT_EQ(r["Content-Security-Policy"], kContentSecurityPolicy);
    EXPECT_EQ(r["X-Frame-Options"], "DENY");
    EXPECT_EQ(r["Referrer-Policy"], "no-referrer");
    EXPECT_EQ(r["X-Content-Type-Options"], "nosniff");
  }
};

TEST_F(ConsoleRoutesTest, EveryPageOfTheConsoleIsIndexHtmlNeverCached) {
  for (const char* page :
       {"/console", "/console/", "/console/signin", "/console/reveal", "/console/user/api",
        "/console/system/security", "/console/orgs/0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44/api"}) {
    const auto r = get(page, {{"Accept", kBrowser}});
    ASSERT_EQ(r.result_int(), 200u) << page;
    EXPECT_EQ(r[http::beast_http::field::content_type], "text/html; charset=utf-8") << page;
    EXPECT_EQ(r[http::beast_http::field::cache_control], "no-store") << page;
    expect_protected(r);
    EXPECT_NE(r.body().find("<div id=\"app\">"), std::string::npos);
  }
}

TEST_F(ConsoleRoutesTest, IndexHtmlHasNoInlineScriptOrStyle) {
  const std::string html = get("/console/").body();
  EXPECT_EQ(html.find("style="), std::string::npos);
  EXPECT_EQ(html.find("<style"), std::string::npos);
  const std::regex script(R"(<script[^>]*>)");
  size_t scripts = 0;
  for (std::sregex_iterator it(html.begin(), html.end(), script), end; it != end; ++it, ++scripts) {
    EXPECT_NE(it->str().find("src=\"/console/assets/"), std::string::npos) << it->str();
  }
  EXPECT_EQ(scripts, 1u);
  EXPECT_EQ(referenced().size(), 3u);  // the icon, the stylesheet, the script
}

TEST_F(ConsoleRoutesTest, TheBundleIsCachedForAYearAndCompressedForThoseWhoTakeIt) {
  for (const auto& file : referenced()) {
    const auto plain = get(file);
    ASSERT_EQ(plain.result_int(), 200u) << file;
    EXPECT_EQ(plain[http::beast_http::field::cache_control], "public, max-age=31536000, immutable");
    expect_protected(plain);
    const Asset* asset = find_asset(file.substr(std::string("/console/").size()));
    ASSERT_NE(asset, nullptr) << file;
    EXPECT_EQ(plain.body(),
              std::string(reinterpret_cast<const char*>(asset->bytes.data()), asset->bytes.size()));
    if (file.ends_with(".js")) {
      EXPECT_EQ(plain[http::beast_http::field::content_type], "text/javascript; charset=utf-8");
      const auto gzipped = get(file, {{"Accept-Encoding", "gzip, deflate, br"}});
      EXPECT_EQ(gzipped["Content-Encoding"], "gzip");
      EXPECT_EQ(gzipped["Vary"], "Accept-Encoding");
      ASSERT_GE(gzipped.body().size(), 2u);
      EXPECT_EQ(static_cast<unsigned char>(gzipped.body()[0]), 0x1f);  // gzip's magic number
      EXPECT_EQ(static_cast<unsigned char>(gzipped.body()[1]), 0x8b);
      EXPECT_LT(gzipped.body().size(), plain.body().size());
    }
    if (file.ends_with(".css")) {
      EXPECT_EQ(plain[http::beast_http::field::content_type], "text/css; charset=utf-8");
    }
  }
}

TEST_F(ConsoleRoutesTest, TheJavaScriptStaysWithinItsBudgetOf150KbGzipped) {
  size_t scripts = 0;
  for (const Asset& asset : assets()) {
    if (!asset.path.ends_with(".js")) continue;
    ++scripts;
    ASSERT_FALSE(asset.gzipped.empty()) << asset.path;
    EXPECT_LE(asset.gzipped.size(), 150u * 1024) << asset.path;
    EXPECT_TRUE(asset.immutable);
  }
  EXPECT_EQ(scripts, 1u);
}

TEST_F(ConsoleRoutesTest, AnUnknownFileIsA404NotThePage) {
  for (const char* missing :
       {"/console/assets/main-NOPE.js", "/console/assets/x", "/console/assets/a/b"}) {
    EXPECT_EQ(get(missing, {{"Accept", kBrowser}}).result_int(), 404u) << missing;
    const auto r = get(missing);
    EXPECT_EQ(r.result_int(), 404u) << missing;
    EXPECT_EQ(json(r).at("error").at("code").as_string(), "not_found");
  }
}

TEST_F(ConsoleRoutesTest, TheRootSendsBrowsersToTheConsoleAndTellsOthersWhereThingsAre) {
  const auto browser = get("/", {{"Accept", kBrowser}});
  EXPECT_EQ(browser.result_int(), 302u);
  EXPECT_EQ(browser[http::beast_http::field::location], "/console/");
  const auto api_client = get("/", {{"Accept", "*/*"}});
  ASSERT_EQ(api_client.result_int(), 200u);
  EXPECT_EQ(json(api_client).at("console").as_string(), "/console/");
  EXPECT_EQ(get("/", {{"Accept", "application/json"}}).result_int(), 200u);
}

TEST_F(ConsoleRoutesTest, HeadAnswersWithoutABody) {
  http::Request request{http::Method::head, "/console/", 11};
  const auto r = dispatcher.answer(request, client);
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_TRUE(r.body().empty());
  EXPECT_GT(r[http::beast_http::field::content_length].size(), 0u);
}

TEST_F(ConsoleRoutesTest, ApiAnswersStillMayNotBeCached) {
  const auto r = call(http::Method::get, "/api/v1/users/me", user(admin_a, org_a));
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_EQ(r[http::beast_http::field::cache_control], "no-store");
}

}  // namespace
}  // namespace keyward::console

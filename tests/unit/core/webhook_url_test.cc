#include "core/webhook_url.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

std::string refusal(std::string_view url) {
  const auto s = check_webhook_url(url);
  EXPECT_FALSE(s) << url;
  return s ? "" : s.error().message;
}

TEST(WebhookUrlTest, HttpsIsAcceptedToAnyHost) {
  for (const char* url : {"https://hooks.example.com/keyward", "https://hooks.example.com",
                          "HTTPS://Hooks.Example.com:8443/in?team=ops&x=1",
                          "https://203.0.113.7/in", "https://[2001:db8::1]:443/in"}) {
    EXPECT_TRUE(check_webhook_url(url)) << url;
  }
}

TEST(WebhookUrlTest, PlainHttpIsAcceptedOnlyToLoopback) {
  for (const char* url :
       {"http://127.0.0.1/in", "http://127.255.0.9:8080/in", "http://localhost:9000/",
        "http://LOCALHOST", "http://[::1]:9/in", "http://[0:0:0:0:0:0:0:1]/in"}) {
    EXPECT_TRUE(check_webhook_url(url)) << url;
  }
  for (const char* url :
       {"http://hooks.example.com/in", "http://10.0.0.1/in", "http://128.0.0.1/in",
        "http://127.0.0.1.example.com/in", "http://localhost.example.com/in", "http://[::2]/in",
        "http://[::ffff:127.0.0.1]/in", "http://0x7f000001/in"}) {
    EXPECT_NE(refusal(url).find("https://"), std::string::npos) << url;
  }
}

TEST(WebhookUrlTest, OtherSchemesAndRelativeUrlsAreRefused) {
  for (const char* url : {"ftp://127.0.0.1/in", "file:///etc/passwd", "hooks.example.com/in",
                          "//hooks.example.com/in", "gopher://localhost/"}) {
    EXPECT_NE(refusal(url).find("https://"), std::string::npos) << url;
  }
}

TEST(WebhookUrlTest, MalformedOrRiskyUrlsAreRefusedWithTheReason) {
  EXPECT_NE(refusal("").find("empty"), std::string::npos);
  EXPECT_NE(refusal("https://ops:secret@hooks.example.com/").find("user name or password"),
            std::string::npos);
  EXPECT_NE(refusal("https://hooks.example.com/in#frag").find("fragment"), std::string::npos);
  EXPECT_NE(refusal("https://hooks.example.com/a b").find("spaces"), std::string::npos);
  EXPECT_NE(refusal("https://hooks.example.com/\n").find("control"), std::string::npos);
  EXPECT_NE(refusal("https:///in").find("host"), std::string::npos);
  EXPECT_NE(refusal("https://hooks.example.com:0/").find("port"), std::string::npos);
  EXPECT_NE(refusal("https://hooks.example.com:65536/").find("port"), std::string::npos);
  EXPECT_NE(refusal("https://hooks.example.com:http/").find("port"), std::string::npos);
  EXPECT_NE(refusal("https://[::1/in").find("host"), std::string::npos);
  EXPECT_NE(refusal("https://[zz::1]/in").find("IPv6"), std::string::npos);
  EXPECT_NE(refusal("https://hooks_example.com/").find("host"), std::string::npos);
  EXPECT_NE(refusal("https://h.example.com/" + std::string(kMaxWebhookUrlLength, 'a'))
                .find(std::to_string(kMaxWebhookUrlLength)),
            std::string::npos);
}

}  // namespace
}  // namespace keyward

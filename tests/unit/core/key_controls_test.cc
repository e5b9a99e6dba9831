#include "core/key_controls.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

KeyControls everything() {
  KeyControls c;
  c.scopes = {"invoices:read", "reports.export"};
  c.rate_limits = {{100, 1}, {10'000, 86'400}};
  c.credits = Credits{1000, CreditRefill{500, 3600}, {}};
  c.allowed_ips = {*IpNetwork::parse("203.0.113.0/24"), *IpNetwork::parse("2001:db8::/32")};
  return c;
}

TEST(KeyControlsTest, EncodeAndDecodeGiveTheSameControlsBackButTheCount) {
  const KeyControls c = everything();
  auto decoded = decode_controls(encode_controls(c));
  ASSERT_TRUE(decoded);
  // The count and when it was set live in columns of their own.
  ASSERT_TRUE(decoded->credits);
  decoded->credits->remaining = c.credits->remaining;
  EXPECT_EQ(*decoded, c);
  EXPECT_EQ(encode_controls({}), "");
  EXPECT_TRUE(decode_controls("")->empty());
  EXPECT_FALSE(decode_controls("scope\nrate x 1\n"));
  EXPECT_FALSE(decode_controls("refill 1 60\n"));  // a refill without credits
}

TEST(KeyControlsTest, ScopeNamesAreShortLowerCaseAndStartWithALetterOrDigit) {
  for (const char* good : {"invoices:read", "a", "reports.export", "v2_admin", "x-y"}) {
    EXPECT_TRUE(check_scope_name(good)) << good;
  }
  for (const char* bad : {"", "Invoices", "has space", ":read", "-x", "é", "a/b"}) {
    const auto s = check_scope_name(bad);
    ASSERT_FALSE(s) << bad;
    EXPECT_NE(s.error().message.find("invoices:read"), std::string::npos);
  }
  EXPECT_FALSE(check_scope_name(std::string(101, 'a')));
}

TEST(KeyControlsTest, EveryBoundIsCheckedAndNamedInTheMessage) {
  EXPECT_TRUE(check_controls(everything()));
  auto broken = everything();
  broken.rate_limits[1].window_seconds = 0;
  EXPECT_NE(check_controls(broken).error().message.find("rate_limits[1].window_seconds"),
            std::string::npos);
  broken = everything();
  broken.rate_limits.assign(6, {1, 1});
  EXPECT_FALSE(check_controls(broken));
  broken = everything();
  broken.credits->remaining = -1;
  EXPECT_NE(check_controls(broken).error().message.find("credits.remaining"), std::string::npos);
  broken = everything();
  broken.credits->refill->interval_seconds = 10;
  EXPECT_NE(check_controls(broken).error().message.find("interval_seconds"), std::string::npos);
  broken = everything();
  broken.scopes.assign(51, "a");
  EXPECT_FALSE(check_controls(broken));
}

}  // namespace
}  // namespace keyward

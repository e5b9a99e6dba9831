// "Mask invalid IPs on login": what the audit log shows of a client address when the policy is on.
// The network stays (where attempts come from), the host goes (whose machine it was).
#include "core/ip_mask.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

TEST(MaskIpTest, IPv4KeepsItsSlash24) {
  EXPECT_EQ(mask_ip("203.0.113.77"), "203.0.113.0/24");
  EXPECT_EQ(mask_ip("10.1.2.3"), "10.1.2.0/24");
  EXPECT_EQ(mask_ip("255.255.255.255"), "255.255.255.0/24");
  EXPECT_EQ(mask_ip("0.0.0.0"), "0.0.0.0/24");
}

TEST(MaskIpTest, AddressesInOneSlash24LookTheSame) {
  EXPECT_EQ(mask_ip("198.51.100.1"), mask_ip("198.51.100.254"));
  EXPECT_NE(mask_ip("198.51.100.1"), mask_ip("198.51.101.1"));
}

TEST(MaskIpTest, IPv6KeepsItsSlash48) {
  EXPECT_EQ(mask_ip("2001:db8:85a3:8d3::1"), "2001:db8:85a3::/48");
  EXPECT_EQ(mask_ip("2001:db8:85a3:ffff:ffff:ffff:ffff:ffff"), "2001:db8:85a3::/48");
  EXPECT_EQ(mask_ip("2001:0DB8:0001:0002:0003:0004:0005:0006"), "2001:db8:1::/48");
  EXPECT_EQ(mask_ip("::1"), "::/48");
  EXPECT_EQ(mask_ip("fe80::1234"), "fe80::/48");
}

TEST(MaskIpTest, AnIPv4MappedIPv6AddressIsMaskedAsIPv4) {
  // A dual-stack listener reports IPv4 clients this way; the log should not show two forms.
  EXPECT_EQ(mask_ip("::ffff:203.0.113.77"), "203.0.113.0/24");
  EXPECT_EQ(mask_ip("::ffff:cb00:714d"), "203.0.113.0/24");
}

TEST(MaskIpTest, AnythingElseIsUnknownAndNothingOfItIsKept) {
  for (const char* garbage :
       {"", "unknown", "local", "not an address", "203.0.113", "203.0.113.256", "203.0.113.77/24",
        "203.0.113.77:443", " 203.0.113.77", "203.0.113.77 ", "[2001:db8::1]", "2001:db8:::1",
        "2001:db8::1%eth0", "ada@example.com"}) {
    EXPECT_EQ(mask_ip(garbage), "unknown") << garbage;
  }
}

TEST(ThrottleGroupTest, IPv4CountsPerAddress) {
  EXPECT_EQ(throttle_group("203.0.113.77"), "203.0.113.77");
  EXPECT_NE(throttle_group("203.0.113.77"), throttle_group("203.0.113.78"));
  EXPECT_EQ(throttle_group("::ffff:203.0.113.77"), "203.0.113.77");
}

TEST(ThrottleGroupTest, IPv6CountsPerSlash64) {
  EXPECT_EQ(throttle_group("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(throttle_group("2001:db8:1:2::ffff"), throttle_group("2001:db8:1:2:aaaa::1"));
  EXPECT_NE(throttle_group("2001:db8:1:2::1"), throttle_group("2001:db8:1:3::1"));
}

TEST(ThrottleGroupTest, WhatIsNotAnAddressIsKeptAsIs) {
  EXPECT_EQ(throttle_group("unknown"), "unknown");
}

}  // namespace
}  // namespace keyward

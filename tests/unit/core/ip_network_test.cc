#include "core/ip_network.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

bool in(const char* network, const char* address) {
  return IpNetwork::parse(network)->contains(*IpAddress::parse(address));
}

TEST(IpNetworkTest, MatchesAddressesInsideThePrefixOnly) {
  EXPECT_TRUE(in("203.0.113.0/24", "203.0.113.200"));
  EXPECT_FALSE(in("203.0.113.0/24", "203.0.114.1"));
  EXPECT_TRUE(in("10.0.0.0/8", "10.255.0.1"));
  EXPECT_TRUE(in("198.51.100.7", "198.51.100.7"));  // one address
  EXPECT_FALSE(in("198.51.100.7", "198.51.100.8"));
  EXPECT_TRUE(in("0.0.0.0/0", "192.0.2.1"));
  EXPECT_TRUE(in("2001:db8::/32", "2001:db8:ffff::1"));
  EXPECT_FALSE(in("2001:db8::/32", "2001:db9::1"));
  EXPECT_TRUE(in("10.0.0.0/30", "10.0.0.3"));
  EXPECT_FALSE(in("10.0.0.0/30", "10.0.0.4"));
}

TEST(IpNetworkTest, AnIpv4MappedAddressCountsAsIpv4AndFamiliesNeverMix) {
  EXPECT_TRUE(in("203.0.113.0/24", "::ffff:203.0.113.9"));
  EXPECT_FALSE(in("::/0", "203.0.113.9"));
  EXPECT_FALSE(in("0.0.0.0/0", "2001:db8::1"));
}

TEST(IpNetworkTest, RefusesWhatIsNotANetworkOrHasHostBitsSet) {
  for (const char* bad : {"", "203.0.113.7/24", "203.0.113.0/33", "2001:db8::/129", "10.0.0.0/",
                          "10.0.0.0/x", "example.com", "10.0.0/24", "::1/-1", "1.2.3.4/ 8"}) {
    EXPECT_FALSE(IpNetwork::parse(bad)) << bad;
  }
  EXPECT_FALSE(IpAddress::parse("300.1.1.1"));
  EXPECT_EQ(IpNetwork::parse("2001:0db8::/32")->to_string(), "2001:db8::/32");
  EXPECT_EQ(IpNetwork::parse("192.0.2.1")->to_string(), "192.0.2.1/32");
}

}  // namespace
}  // namespace keyward

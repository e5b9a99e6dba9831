// Which address a request came from, for throttling and the audit log: X-Forwarded-For counts only
// when the peer is a configured proxy, and then only up to the first hop no trusted proxy vouches
// for. A client that reaches the server directly cannot choose its own address.
#include "http/trusted_proxies.h"

#include <gtest/gtest.h>

namespace keyward::http {
namespace {

namespace ip = boost::asio::ip;

ip::address addr(const char* text) { return ip::make_address(text); }

TrustedProxies trusting(const std::vector<std::string>& entries) {
  auto parsed = TrustedProxies::parse(entries);
  EXPECT_TRUE(parsed) << parsed.error().message;
  return parsed.value_or(TrustedProxies{});
}

std::string client(const TrustedProxies& proxies, const char* peer, std::string_view xff) {
  return proxies.client_of(addr(peer), xff).to_string();
}

TEST(TrustedProxiesTest, ByDefaultNoOneIsTrustedAndForwardedForIsIgnored) {
  const TrustedProxies none;
  EXPECT_FALSE(none.trusts(addr("127.0.0.1")));
  EXPECT_EQ(client(none, "198.51.100.7", "203.0.113.1"), "198.51.100.7");
  EXPECT_EQ(client(none, "127.0.0.1", "203.0.113.1"), "127.0.0.1");
}

TEST(TrustedProxiesTest, ParsesAddressesAndNetworksOfBothFamilies) {
  const auto proxies = trusting({"10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8"});
  EXPECT_TRUE(proxies.trusts(addr("10.200.3.4")));
  EXPECT_FALSE(proxies.trusts(addr("11.0.0.1")));
  EXPECT_TRUE(proxies.trusts(addr("127.0.0.1")));
  EXPECT_FALSE(proxies.trusts(addr("127.0.0.2")));  // a single address is a /32
  EXPECT_TRUE(proxies.trusts(addr("::1")));
  EXPECT_FALSE(proxies.trusts(addr("::2")));
  EXPECT_TRUE(proxies.trusts(addr("fd12:3456::1")));
  EXPECT_FALSE(proxies.trusts(addr("fe00::1")));
}

TEST(TrustedProxiesTest, IPv6PrefixesNeedNotEndOnAByte) {
  const auto proxies = trusting({"2001:db8:8000::/33"});
  EXPECT_TRUE(proxies.trusts(addr("2001:db8:8000::1")));
  EXPECT_TRUE(proxies.trusts(addr("2001:db8:ffff::1")));
  EXPECT_FALSE(proxies.trusts(addr("2001:db8:7fff::1")));
  EXPECT_FALSE(proxies.trusts(addr("2001:db9:8000::1")));
}

TEST(TrustedProxiesTest, AnIPv4MappedPeerIsJudgedAsIPv4) {
  const auto proxies = trusting({"10.0.0.0/8"});
  EXPECT_TRUE(proxies.trusts(addr("::ffff:10.0.0.1")));
  EXPECT_FALSE(proxies.trusts(addr("::ffff:11.0.0.1")));
}

TEST(TrustedProxiesTest, MalformedEntriesAreRefusedByName) {
  for (const char* bad : {"", "proxy.internal", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "10.0.0",
                          "::g/64", "fd00::/129", "10.0.0.0/8 "}) {
    const auto parsed = TrustedProxies::parse({"127.0.0.1", bad});
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, Errc::kInvalidArgument);
    EXPECT_NE(parsed.error().message.find("\"" + std::string(bad) + "\""), std::string::npos)
        << parsed.error().message;
  }
}

TEST(TrustedProxiesTest, ADirectClientCannotSpoofItsAddress) {
  const auto proxies = trusting({"10.0.0.0/8"});
  EXPECT_EQ(client(proxies, "198.51.100.7", "10.0.0.5, 203.0.113.1"), "198.51.100.7");
}

TEST(TrustedProxiesTest, BehindAProxyTheForwardedAddressIsTheClient) {
  const auto proxies = trusting({"10.0.0.0/8"});
  EXPECT_EQ(client(proxies, "10.0.0.1", "203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(client(proxies, "10.0.0.1", "2001:db8::9"), "2001:db8::9");
  EXPECT_EQ(client(proxies, "10.0.0.1", "  203.0.113.9  "), "203.0.113.9");
  // No header from the proxy: the proxy is all that is known.
  EXPECT_EQ(client(proxies, "10.0.0.1", ""), "10.0.0.1");
}

TEST(TrustedProxiesTest, TheRightmostUntrustedHopIsTheClient) {
  const auto proxies = trusting({"10.0.0.0/8"});
  // The client sent "198.51.100.1" itself; our proxies appended the rest. Only what they saw is
  // believed.
  EXPECT_EQ(client(proxies, "10.0.0.1", "198.51.100.1, 203.0.113.9, 10.0.0.2"), "203.0.113.9");
  EXPECT_EQ(client(proxies, "10.0.0.1", "198.51.100.1,203.0.113.9"), "203.0.113.9");
  // Every hop trusted: the farthest one is the best answer there is.
  EXPECT_EQ(client(proxies, "10.0.0.1", "10.0.0.3, 10.0.0.2"), "10.0.0.3");
}

TEST(TrustedProxiesTest, AMalformedHopEndsTheWalk) {
  const auto proxies = trusting({"10.0.0.0/8"});
  // Nothing to the left of a hop that is not an address is believed, nor is the bad hop itself.
  EXPECT_EQ(client(proxies, "10.0.0.1", "203.0.113.9, garbage"), "10.0.0.1");
  EXPECT_EQ(client(proxies, "10.0.0.1", "203.0.113.9, garbage, 10.0.0.2"), "10.0.0.2");
  EXPECT_EQ(client(proxies, "10.0.0.1", "203.0.113.9:443"), "10.0.0.1");
  EXPECT_EQ(client(proxies, "10.0.0.1", "198.51.100.1, , 10.0.0.2"), "10.0.0.2");
  EXPECT_EQ(client(proxies, "10.0.0.1", ","), "10.0.0.1");
  EXPECT_EQ(client(proxies, "10.0.0.1", "[2001:db8::1]"), "10.0.0.1");
}

}  // namespace
}  // namespace keyward::http

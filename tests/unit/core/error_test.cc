#include "core/error.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace keyward {
namespace {

constexpr Errc kAllCodes[] = {
    Errc::kInvalidArgument,  Errc::kNotFound,          Errc::kAlreadyExists,
    Errc::kConflict,         Errc::kPolicyViolation,   Errc::kUnauthenticated,
    Errc::kPermissionDenied, Errc::kResourceExhausted, Errc::kUnavailable,
    Errc::kUpstreamFailed,   Errc::kInternal};

TEST(ErrcNameTest, StableNames) {
  EXPECT_EQ(errc_name(Errc::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(errc_name(Errc::kNotFound), "not_found");
  EXPECT_EQ(errc_name(Errc::kUpstreamFailed), "upstream_failed");
  EXPECT_EQ(errc_name(Errc::kAlreadyExists), "already_exists");
  EXPECT_EQ(errc_name(Errc::kConflict), "conflict");
  EXPECT_EQ(errc_name(Errc::kPolicyViolation), "policy_violation");
  EXPECT_EQ(errc_name(Errc::kUnauthenticated), "unauthenticated");
  EXPECT_EQ(errc_name(Errc::kPermissionDenied), "permission_denied");
  EXPECT_EQ(errc_name(Errc::kResourceExhausted), "rate_limited");
  EXPECT_EQ(errc_name(Errc::kUnavailable), "unavailable");
  EXPECT_EQ(errc_name(Errc::kInternal), "internal");
}

TEST(ErrcNameTest, NamesAreDistinctAndMachineReadable) {
  std::set<std::string_view> names;
  for (Errc code : kAllCodes) {
    const std::string_view name = errc_name(code);
    names.insert(name);
    for (char c : name) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << name;
  }
  EXPECT_EQ(names.size(), std::size(kAllCodes));
}

TEST(FailTest, BuildsTheErrorSideOfAResult) {
  const Result<int> r = fail(Errc::kNotFound, "no such key");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Errc::kNotFound);
  EXPECT_EQ(r.error().message, "no such key");
  EXPECT_TRUE(r.error().details.empty());
}

TEST(FailTest, CarriesDetails) {
  const Status s = fail(Errc::kPolicyViolation, "bad key", {"too short", "needs numerals"});
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, Errc::kPolicyViolation);
  EXPECT_EQ(s.error().details, (std::vector<std::string>{"too short", "needs numerals"}));
}

TEST(FailTest, PassesAnErrorThrough) {
  const Error e{Errc::kConflict, "changed", {"version 3"}};
  const Result<std::string> r = fail(e);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Errc::kConflict);
  EXPECT_EQ(r.error().message, "changed");
  EXPECT_EQ(r.error().details, std::vector<std::string>{"version 3"});
}

TEST(ErrorTest, DefaultsToInternal) { EXPECT_EQ(Error{}.code, Errc::kInternal); }

}  // namespace
}  // namespace keyward

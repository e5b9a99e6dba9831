#include "http/query.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace keyward::http {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;
using Views = std::vector<std::string_view>;

TEST(QueryTest, ParsesNamesAndValues) {
  const Query q = Query::parse("limit=10&offset=20&sort=name");
  EXPECT_EQ(q.get("limit"), "10");
  EXPECT_EQ(q.get("offset"), "20");
  EXPECT_EQ(q.get("sort"), "name");
  EXPECT_EQ(q.pairs(), (Pairs{{"limit", "10"}, {"offset", "20"}, {"sort", "name"}}));
}

TEST(QueryTest, AbsentNameIsNullopt) {
  const Query q = Query::parse("limit=10");
  EXPECT_EQ(q.get("offset"), std::nullopt);
  EXPECT_TRUE(q.all("offset").empty());
}

TEST(QueryTest, EmptyQueryHasNoParameters) {
  const Query q = Query::parse("");
  EXPECT_TRUE(q.pairs().empty());
  EXPECT_EQ(q.get("anything"), std::nullopt);
  EXPECT_TRUE(Query().pairs().empty());
}

TEST(QueryTest, PercentDecodesNamesAndValues) {
  const Query q = Query::parse("filter%54ext=a%20b%2Fc%3d%26&name=caf%C3%A9");
  EXPECT_EQ(q.get("filterText"), "a b/c=&");
  EXPECT_EQ(q.get("name"), "caf\xC3\xA9");
}

TEST(QueryTest, EncodedSeparatorsDoNotSplit) {
  const Query q = Query::parse("q=a%26b%3Dc&next=1");
  EXPECT_EQ(q.get("q"), "a&b=c");
  EXPECT_EQ(q.get("next"), "1");
  EXPECT_EQ(q.pairs().size(), 2u);
}

TEST(QueryTest, PlusDecodesToSpace) {
  const Query q = Query::parse("filterText=hello+world&literal=a%2Bb");
  EXPECT_EQ(q.get("filterText"), "hello world");
  EXPECT_EQ(q.get("literal"), "a+b");
}

TEST(QueryTest, EmptyValuesAreTreatedAsAbsent) {
  const Query q = Query::parse("expand=&status=");
  EXPECT_EQ(q.get("expand"), std::nullopt);
  EXPECT_EQ(q.get("status"), std::nullopt);
  EXPECT_TRUE(q.all("status").empty());
  // ...but they are still recorded as sent.
  EXPECT_EQ(q.pairs(), (Pairs{{"expand", ""}, {"status", ""}}));
}

TEST(QueryTest, EmptyValueDoesNotHideALaterValue) {
  const Query q = Query::parse("status=&status=Reported");
  EXPECT_EQ(q.get("status"), "Reported");
  EXPECT_EQ(q.all("status"), (Views{"Reported"}));
}

TEST(QueryTest, NamesAreCaseInsensitiveValuesKeepTheirCase) {
  const Query q = Query::parse("filterText=MyApp&IncludeMerged=False");
  EXPECT_EQ(q.get("FilterText"), "MyApp");
  EXPECT_EQ(q.get("filtertext"), "MyApp");
  EXPECT_EQ(q.get("FILTERTEXT"), "MyApp");
  EXPECT_EQ(q.get("includeMerged"), "False");
}

TEST(QueryTest, GetReturnsTheFirstValue) {
  const Query q = Query::parse("sort=name&sort=-created");
  EXPECT_EQ(q.get("sort"), "name");
}

TEST(QueryTest, AllReturnsEveryNonEmptyValueInOrder) {
  const Query q = Query::parse("status=Reported&other=x&STATUS=Confirmed&status=&Status=Fixed");
  EXPECT_EQ(q.all("status"), (Views{"Reported", "Confirmed", "Fixed"}));
  EXPECT_EQ(q.all("other"), (Views{"x"}));
}

TEST(QueryTest, MalformedPercentEscapeIsKeptLiterally) {
  const Query q = Query::parse("a=100%&b=%zz&c=%4&d=50%25off&e=%");
  EXPECT_EQ(q.get("a"), "100%");
  EXPECT_EQ(q.get("b"), "%zz");
  EXPECT_EQ(q.get("c"), "%4");
  EXPECT_EQ(q.get("d"), "50%off");
  EXPECT_EQ(q.get("e"), "%");
}

TEST(QueryTest, EscapeAtTheVeryEndIsDecoded) {
  EXPECT_EQ(Query::parse("a=%41").get("a"), "A");
  EXPECT_EQ(Query::parse("a=x%41").get("a"), "xA");
}

TEST(QueryTest, ParameterWithoutEqualsHasAnEmptyValue) {
  const Query q = Query::parse("flag&limit=5");
  EXPECT_EQ(q.get("flag"), std::nullopt);
  EXPECT_EQ(q.get("limit"), "5");
  EXPECT_EQ(q.pairs(), (Pairs{{"flag", ""}, {"limit", "5"}}));
}

TEST(QueryTest, ValueMayContainEquals) {
  const Query q = Query::parse("token=abc==&x=1");
  EXPECT_EQ(q.get("token"), "abc==");
}

TEST(QueryTest, StrayAmpersandsAreSkipped) {
  const Query q = Query::parse("&&a=1&&b=2&");
  EXPECT_EQ(q.pairs(), (Pairs{{"a", "1"}, {"b", "2"}}));
}

// A JavaScript client's list; handlers ask for the plain name.
TEST(QueryTest, BracketedNamesAreFoundUnderTheirPlainName) {
  const Query q = Query::parse("severities[0]=HIGH&severities[1]=LOW&Severities[]=NOTE");
  EXPECT_EQ(q.all("severities"), (Views{"HIGH", "LOW", "NOTE"}));
  EXPECT_EQ(q.get("severities"), "HIGH");
  // The name as sent is not a second spelling of the parameter.
  EXPECT_EQ(q.get("severities[0]"), std::nullopt);
}

// "[x]" has nothing before its bracket: its plain name is empty, which no handler asks for
// (the input that stopped the query fuzz target, whose check asked for "[x]").
TEST(QueryTest, ANameThatIsOnlyABracketHasAnEmptyPlainName) {
  const Query q = Query::parse("[x]=1&limit=5");
  EXPECT_EQ(q.pairs(), (Pairs{{"[x]", "1"}, {"limit", "5"}}));
  EXPECT_EQ(q.get(""), "1");
  EXPECT_EQ(q.get("x"), std::nullopt);
  EXPECT_EQ(q.get("limit"), "5");
}

// A bracket that does not end the name is part of it.
TEST(QueryTest, ABracketInsideANameIsKept) {
  const Query q = Query::parse("a[b]c=1");
  EXPECT_EQ(q.get("a[b]c"), "1");
  EXPECT_EQ(q.get("a"), std::nullopt);
}

TEST(SplitTargetTest, WithQuery) {
  const auto [path, query] = split_target("/Contrast/api/ng/org/applications?base=false&x=1");
  EXPECT_EQ(path, "/Contrast/api/ng/org/applications");
  EXPECT_EQ(query, "base=false&x=1");
}

TEST(SplitTargetTest, WithoutQuery) {
  const auto [path, query] = split_target("/api/v1/keys");
  EXPECT_EQ(path, "/api/v1/keys");
  EXPECT_TRUE(query.empty());
}

TEST(SplitTargetTest, EmptyQueryAndSecondQuestionMark) {
  const auto [path, query] = split_target("/keys?");
  EXPECT_EQ(path, "/keys");
  EXPECT_TRUE(query.empty());

  // Only the first '?' separates; a later one belongs to the query.
  const auto [path2, query2] = split_target("/keys?q=a?b");
  EXPECT_EQ(path2, "/keys");
  EXPECT_EQ(query2, "q=a?b");
  EXPECT_EQ(Query::parse(query2).get("q"), "a?b");
}

}  // namespace
}  // namespace keyward::http

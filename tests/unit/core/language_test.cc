#include "core/language.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

void expect_canonical(std::initializer_list<const char*> spellings, std::string_view canonical) {
  for (const char* s : spellings) EXPECT_EQ(canonical_language(s), canonical) << '"' << s << '"';
}

TEST(CanonicalLanguageTest, Java) {
  expect_canonical({"JAVA", "java", "Java", "java1_5", "JAVA1_5", " Java "}, "Java");
}

TEST(CanonicalLanguageTest, DotNet) {
  expect_canonical({"DOTNET", ".NET", "dotnet", ".net"}, ".NET");
}

TEST(CanonicalLanguageTest, DotNetCore) {
  expect_canonical({"DOTNET_CORE", "dotnet-core", ".NET Core", ".net core"}, ".NET Core");
}

TEST(CanonicalLanguageTest, Node) {
  expect_canonical({"NODE", "node", "nodejs", "Node.js", "NodeJS", "javascript", "JavaScript"},
                   "Node");
}

TEST(CanonicalLanguageTest, TheOtherAgentLanguages) {
  expect_canonical({"python", "PYTHON"}, "Python");
  expect_canonical({"RUBY", "ruby"}, "Ruby");
  expect_canonical({"golang", "GO", "go"}, "Go");
  expect_canonical({"php", "PHP"}, "PHP");
  expect_canonical({"proxy", "PROXY"}, "Proxy");
}

TEST(CanonicalLanguageTest, CanonicalNamesAreTheirOwnCanonicalForm) {
  for (const char* s :
       {"Java", ".NET", ".NET Core", "Node", "Python", "Ruby", "Go", "PHP", "Proxy"}) {
    EXPECT_EQ(canonical_language(s), s);
    EXPECT_EQ(canonical_language(canonical_language(s)), s);
  }
}

TEST(CanonicalLanguageTest, UnknownLanguagesAreKeptAsGivenButTrimmed) {
  EXPECT_EQ(canonical_language("  Elixir "), "Elixir");
  EXPECT_EQ(canonical_language("Elixir"), "Elixir");
  EXPECT_EQ(canonical_language("COBOL-85"), "COBOL-85");  // case and punctuation kept
  EXPECT_EQ(canonical_language("Objective C"), "Objective C");
  EXPECT_EQ(canonical_language(""), "");
  EXPECT_EQ(canonical_language("   "), "");
}

TEST(CanonicalLanguageTest, NamesThatOnlyStartLikeAKnownLanguageAreNotIt) {
  EXPECT_EQ(canonical_language("javafx"), "javafx");
  EXPECT_EQ(canonical_language("gopher"), "gopher");
  EXPECT_EQ(canonical_language("java8"), "java8");
}

}  // namespace
}  // namespace keyward

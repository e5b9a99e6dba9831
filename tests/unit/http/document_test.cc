#include "http/document.h"

#include <cstdint>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

namespace keyward::http {
namespace {

namespace json = boost::json;

constexpr std::string_view kDecl = R"(<?xml version="1.0" encoding="UTF-8"?>)";

// The XML after the declaration; fails the test when the declaration is missing.
std::string body_of(const std::string& xml) {
  EXPECT_TRUE(xml.starts_with(kDecl)) << xml;
  return xml.starts_with(kDecl) ? xml.substr(kDecl.size()) : xml;
}

TEST(RenderJsonTest, SerializesCompactly) {
  const json::value doc = {{"success", true}, {"messages", json::array{}}, {"count", 2}};
  EXPECT_EQ(json::parse(render_json(doc)), doc);
  EXPECT_EQ(render_json(json::value{{"a", 1}}), R"({"a":1})");
  EXPECT_EQ(render_json(json::value(nullptr)), "null");
}

TEST(RenderJsonTest, EscapesStrings) {
  EXPECT_EQ(render_json(json::value("a\"b\\c\n<&>")), R"("a\"b\\c\n<&>")");
}

TEST(RenderXmlTest, StartsWithTheXmlDeclaration) {
  const std::string xml = render_xml(json::value{{"a", 1}}, "key");
  EXPECT_TRUE(xml.starts_with(R"(<?xml version="1.0" encoding="UTF-8"?>)")) << xml;
}

TEST(RenderXmlTest, ObjectUnderNamedRoot) {
  const json::value doc = {{"id", "k1"}, {"name", "ci"}, {"enabled", true}};
  EXPECT_EQ(body_of(render_xml(doc, "key")),
            "<key><id>k1</id><name>ci</name><enabled>true</enabled></key>");
}

TEST(RenderXmlTest, MembersKeepTheirOrder) {
  json::object obj;
  obj["zeta"] = 1;
  obj["alpha"] = 2;
  obj["mid"] = 3;
  EXPECT_EQ(body_of(render_xml(obj, "r")), "<r><zeta>1</zeta><alpha>2</alpha><mid>3</mid></r>");
}

TEST(RenderXmlTest, NamedRootKeepsASingleMemberObject) {
  EXPECT_EQ(body_of(render_xml(json::value{{"count", 3}}, "response")),
            "<response><count>3</count></response>");
}

TEST(RenderXmlTest, EmptyRootUsesTheOnlyMemberAsRoot) {
  const json::value doc = {{"error", {{"code", "not_found"}, {"message", "no such key"}}}};
  EXPECT_EQ(body_of(render_xml(doc, "")),
            "<error><code>not_found</code><message>no such key</message></error>");
  EXPECT_EQ(body_of(render_xml(json::value{{"count", 3}}, "")), "<count>3</count>");
}

TEST(RenderXmlTest, EmptyRootWithSeveralMembersUsesResponse) {
  const json::value doc = {{"success", false}, {"messages", {"denied"}}};
  EXPECT_EQ(body_of(render_xml(doc, "")),
            "<response><success>false</success><messages><message>denied</message></messages>"
            "</response>");
}

TEST(RenderXmlTest, ArrayItemsAreNamedAfterTheSingular) {
  const json::value doc = {{"keys", {"k1", "k2"}},
                           {"entries", {1, 2}},
                           {"applications", json::array{json::object{{"app_id", "a"}}}}};
  EXPECT_EQ(body_of(render_xml(doc, "r")),
            "<r><keys><key>k1</key><key>k2</key></keys>"
            "<entries><entry>1</entry><entry>2</entry></entries>"
            "<applications><application><app_id>a</app_id></application></applications></r>");
}

TEST(RenderXmlTest, ArrayWithoutPluralNameUsesItem) {
  const json::value doc = {{"status", {"Reported", "Fixed"}}, {"org_disabled", {"o1"}}};
  EXPECT_EQ(body_of(render_xml(doc, "r")),
            "<r><status><item>Reported</item><item>Fixed</item></status>"
            "<org_disabled><item>o1</item></org_disabled></r>");
}

TEST(RenderXmlTest, ArrayDocumentUnderRoot) {
  EXPECT_EQ(body_of(render_xml(json::array{"a", "b"}, "applications")),
            "<applications><application>a</application><application>b</application>"
            "</applications>");
  // With no root the document is called "response", which has no plural ending.
  EXPECT_EQ(body_of(render_xml(json::array{1}, "")), "<response><item>1</item></response>");
}

TEST(RenderXmlTest, NestedArrays) {
  const json::value doc = {{"rows", json::array{json::array{1, 2}}}};
  EXPECT_EQ(body_of(render_xml(doc, "r")),
            "<r><rows><row><item>1</item><item>2</item></row></rows></r>");
}

TEST(RenderXmlTest, NullAndEmptyValuesSelfClose) {
  const json::value doc = {{"group_name", nullptr},
                           {"path", ""},
                           {"links", json::array{}},
                           {"license", json::object{}},
                           {"tags", {"", nullptr}}};
  EXPECT_EQ(body_of(render_xml(doc, "application")),
            "<application><group_name/><path/><links/><license/>"
            "<tags><tag/><tag/></tags></application>");
  EXPECT_EQ(body_of(render_xml(json::value(nullptr), "key")), "<key/>");
  EXPECT_EQ(body_of(render_xml(json::object{}, "key")), "<key/>");
}

TEST(RenderXmlTest, BooleansAndNumbers) {
  const json::value doc = {{"archived", false},
                           {"master", true},
                           {"importance", 2},
                           {"negative", -17},
                           {"created", std::int64_t{1700000000123}},
                           {"big", std::uint64_t{18446744073709551615u}},
                           {"zero", 0}};
  EXPECT_EQ(body_of(render_xml(doc, "r")),
            "<r><archived>false</archived><master>true</master><importance>2</importance>"
            "<negative>-17</negative><created>1700000000123</created>"
            "<big>18446744073709551615</big><zero>0</zero></r>");
}

TEST(RenderXmlTest, DoubleIsRenderedAsANumber) {
  const std::string xml = render_xml(json::value{{"score", 1.5}}, "r");
  const std::string body = body_of(xml);
  ASSERT_TRUE(body.starts_with("<r><score>")) << body;
  ASSERT_TRUE(body.ends_with("</score></r>")) << body;
  const std::string text = body.substr(10, body.size() - 10 - 12);
  EXPECT_DOUBLE_EQ(std::stod(text), 1.5) << text;
}

TEST(RenderXmlTest, EscapesMarkupCharacters) {
  EXPECT_EQ(body_of(render_xml(json::value{{"name", R"(a<b>&"c"'d)"}}, "r")),
            "<r><name>a&lt;b&gt;&amp;&quot;c&quot;'d</name></r>");
  // An attempt to inject an element stays text.
  EXPECT_EQ(body_of(render_xml(json::value("</r><admin>true</admin>"), "r")),
            "<r>&lt;/r&gt;&lt;admin&gt;true&lt;/admin&gt;</r>");
}

TEST(RenderXmlTest, ControlCharactersBecomeReplacementCharacter) {
  const std::string text = std::string("a") + '\0' + "b\x01" + "c\x1f" + "d\x0b\x0c" + "e";
  EXPECT_EQ(body_of(render_xml(json::value(text), "r")),
            "<r>a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c\xEF\xBF\xBD"
            "d\xEF\xBF\xBD\xEF\xBF\xBD"
            "e</r>");
}

TEST(RenderXmlTest, TabNewlineAndCarriageReturnAreKept) {
  EXPECT_EQ(body_of(render_xml(json::value("a\tb\nc\rd"), "r")), "<r>a\tb\nc\rd</r>");
}

// BUG (src/http/document.cc, append_escaped): only bytes below 0x20 are replaced, but XML 1.0's
// Char production also excludes U+FFFE and U+FFFF. Boost.JSON accepts "\uffff" in a request body,
// so a stored name can carry it, and the XML rendering is then not well-formed (xmllint: "Char
// 0xFFFF out of allowed range"). Input: render_xml(json::value("a\xEF\xBF\xBF" "b"), "r");
// expected "<r>a\xEF\xBF\xBD" "b</r>" (U+FFFD), actual the U+FFFF bytes unchanged.
TEST(RenderXmlTest, NoncharactersBecomeReplacementCharacter) {
  EXPECT_EQ(body_of(render_xml(json::value("a\xEF\xBF\xBF"
                                           "b\xEF\xBF\xBE"
                                           "c"),
                               "r")),
            "<r>a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c</r>");
}

TEST(RenderXmlTest, NonAsciiTextPassesThrough) {
  EXPECT_EQ(body_of(render_xml(json::value("caf\xC3\xA9 \xE2\x9C\x93"), "r")),
            "<r>caf\xC3\xA9 \xE2\x9C\x93</r>");
}

TEST(RenderXmlTest, ContrastStyleErrorBody) {
  const json::value doc = {{"success", false}, {"messages", {"Authorization failure"}}};
  EXPECT_EQ(render_xml(doc, "response"),
            std::string(kDecl) +
                "<response><success>false</success><messages><message>Authorization failure"
                "</message></messages></response>");
}

TEST(SingularTest, PluralEndings) {
  EXPECT_EQ(singular("keys"), "key");
  EXPECT_EQ(singular("applications"), "application");
  EXPECT_EQ(singular("traces"), "trace");
  EXPECT_EQ(singular("messages"), "message");
  EXPECT_EQ(singular("entries"), "entry");
  EXPECT_EQ(singular("policies"), "policy");
}

TEST(SingularTest, NoPluralEndingGivesItem) {
  EXPECT_EQ(singular("status"), "item");
  EXPECT_EQ(singular("address"), "item");
  EXPECT_EQ(singular("data"), "item");
  EXPECT_EQ(singular("org_disabled"), "item");
  EXPECT_EQ(singular("s"), "item");
  EXPECT_EQ(singular(""), "item");
}

}  // namespace
}  // namespace keyward::http

#include "http/body.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

namespace keyward::http {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

ParsedBody parse(BodyFormat format, std::string_view body) {
  return parse_body(format, body, json::storage_ptr());
}

std::string nested_json(int depth) {
  return std::string(static_cast<size_t>(depth), '[') +
         std::string(static_cast<size_t>(depth), ']');
}

// `depth` nested elements, the innermost holding text.
std::string nested_xml(int depth) {
  std::string out;
  for (int i = 0; i < depth; ++i) out += "<e>";
  out += "x";
  for (int i = 0; i < depth; ++i) out += "</e>";
  return out;
}

// --- body_format ---

TEST(BodyFormatTest, MissingContentTypeIsJson) {
  EXPECT_EQ(body_format(""), BodyFormat::kJson);
  EXPECT_EQ(body_format("  "), BodyFormat::kJson);
}

TEST(BodyFormatTest, Json) {
  EXPECT_EQ(body_format("application/json"), BodyFormat::kJson);
  EXPECT_EQ(body_format("application/json; charset=utf-8"), BodyFormat::kJson);
  EXPECT_EQ(body_format("application/json;charset=UTF-8"), BodyFormat::kJson);
  EXPECT_EQ(body_format("Application/JSON"), BodyFormat::kJson);
  EXPECT_EQ(body_format("  application/json  ; charset=utf-8"), BodyFormat::kJson);
  EXPECT_EQ(body_format("application/merge-patch+json"), BodyFormat::kJson);
  EXPECT_EQ(body_format("application/vnd.keyward.v1+JSON"), BodyFormat::kJson);
}

// BUG (src/http/body.cc, lower_media_type): only spaces are trimmed around the media type, but
// RFC 9110 allows OWS (spaces or tabs) before ';'. negotiate() in format.cc trims tabs too.
// Input body_format("application/json\t; charset=utf-8"): expected kJson, actual kUnsupported
// (the request is answered 415).
TEST(BodyFormatTest, TabBeforeParametersIsWhitespace) {
  EXPECT_EQ(body_format("application/json\t; charset=utf-8"), BodyFormat::kJson);
  EXPECT_EQ(body_format("application/xml\t;charset=utf-8"), BodyFormat::kXml);
}

TEST(BodyFormatTest, Xml) {
  EXPECT_EQ(body_format("application/xml"), BodyFormat::kXml);
  EXPECT_EQ(body_format("text/xml"), BodyFormat::kXml);
  EXPECT_EQ(body_format("text/xml; charset=ISO-8859-1"), BodyFormat::kXml);
  EXPECT_EQ(body_format("APPLICATION/XML"), BodyFormat::kXml);
  EXPECT_EQ(body_format("application/atom+xml"), BodyFormat::kXml);
}

TEST(BodyFormatTest, Form) {
  EXPECT_EQ(body_format("application/x-www-form-urlencoded"), BodyFormat::kForm);
  EXPECT_EQ(body_format("application/x-www-form-urlencoded; charset=utf-8"), BodyFormat::kForm);
  EXPECT_EQ(body_format("Application/X-WWW-Form-Urlencoded"), BodyFormat::kForm);
}

TEST(BodyFormatTest, UnsupportedTypes) {
  EXPECT_EQ(body_format("text/plain"), BodyFormat::kUnsupported);
  EXPECT_EQ(body_format("text/html; charset=utf-8"), BodyFormat::kUnsupported);
  EXPECT_EQ(body_format("multipart/form-data; boundary=x"), BodyFormat::kUnsupported);
  EXPECT_EQ(body_format("application/octet-stream"), BodyFormat::kUnsupported);
  EXPECT_EQ(body_format("application/jsonp"), BodyFormat::kUnsupported);
  EXPECT_EQ(body_format("application/xml-dtd"), BodyFormat::kUnsupported);
}

// --- empty bodies ---

TEST(ParseBodyTest, EmptyOrWhitespaceBodyIsNullWithoutError) {
  for (const auto format : {BodyFormat::kJson, BodyFormat::kXml, BodyFormat::kForm}) {
    for (const std::string_view body : {"", " ", " \t\r\n "}) {
      const ParsedBody parsed = parse(format, body);
      EXPECT_TRUE(parsed.value.is_null()) << static_cast<int>(format);
      EXPECT_EQ(parsed.error, "") << static_cast<int>(format);
    }
  }
}

// --- JSON ---

TEST(ParseJsonTest, ParsesAnObject) {
  const ParsedBody parsed =
      parse(BodyFormat::kJson, R"({"name":"ci","expires_in_days":30,"scopes":["read","write"]})");
  ASSERT_EQ(parsed.error, "");
  EXPECT_FALSE(parsed.text_values);
  const json::value expected = {
      {"name", "ci"}, {"expires_in_days", 30}, {"scopes", {"read", "write"}}};
  EXPECT_EQ(parsed.value, expected);
}

TEST(ParseJsonTest, SurroundingWhitespaceIsAllowed) {
  const ParsedBody parsed = parse(BodyFormat::kJson, "\n  {\"a\": true}  \r\n");
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.value, (json::value{{"a", true}}));
}

TEST(ParseBodyTest, ParsesWithACallerSuppliedResource) {
  unsigned char buffer[4096];
  json::monotonic_resource resource(buffer, sizeof buffer);
  const ParsedBody from_json = parse_body(BodyFormat::kJson, R"({"a":["1","2"]})", &resource);
  const ParsedBody from_xml = parse_body(BodyFormat::kXml, "<r><a>1</a><a>2</a></r>", &resource);
  const ParsedBody from_form = parse_body(BodyFormat::kForm, "a=1&a=2", &resource);
  const json::value expected = {{"a", {"1", "2"}}};
  EXPECT_EQ(from_json.value, expected);
  EXPECT_EQ(from_xml.value, expected);
  EXPECT_EQ(from_form.value, expected);
}

// BUG (src/http/body.cc, parse_json/parse_xml/parse_form): body.h says `storage` "lets a caller
// parse into stack memory (see api/dispatcher.cc) so small bodies do not touch the heap", but the
// returned value never lives in `storage`:
//   - parse_json hands `storage` to the boost::json::stream_parser constructor, which uses it only
//     as the parser's temporary storage; without parser.reset(storage) the value is built on the
//     default resource;
//   - all three then move-assign into `ParsedBody out`, whose `value` was default-constructed on
//     the default resource; boost::json::value's move assignment keeps the target's resource, so
//     even the XML and form values (built in `storage`) are deep-copied to the heap.
// (api/dispatcher.cc's `body = http::parse_body(...)` copies once more for the same reason.)
// Input: parse_body(kJson, R"({"a":1})", &monotonic_resource) (likewise kXml "<r><a>1</a></r>"
// and kForm "a=1"): expected value.storage().get() == &resource, actual the default resource.
TEST(ParseBodyTest, ValueLivesInTheGivenStorage) {
  unsigned char buffer[4096];
  json::monotonic_resource resource(buffer, sizeof buffer);
  EXPECT_EQ(parse_body(BodyFormat::kJson, R"({"a":1})", &resource).value.storage().get(),
            &resource);
  EXPECT_EQ(parse_body(BodyFormat::kXml, "<r><a>1</a></r>", &resource).value.storage().get(),
            &resource);
  EXPECT_EQ(parse_body(BodyFormat::kForm, "a=1", &resource).value.storage().get(), &resource);
}

TEST(ParseJsonTest, SyntaxErrorNamesTheByteOffset) {
  const ParsedBody parsed = parse(BodyFormat::kJson, R"({"name": ci})");
  EXPECT_NE(parsed.error, "");
  EXPECT_NE(parsed.error.find("not valid JSON"), std::string::npos) << parsed.error;
  EXPECT_NE(parsed.error.find("at byte 9"), std::string::npos) << parsed.error;
}

TEST(ParseJsonTest, TruncatedJsonIsAnError) {
  const ParsedBody parsed = parse(BodyFormat::kJson, R"({"name": "ci")");
  EXPECT_NE(parsed.error.find("not valid JSON"), std::string::npos) << parsed.error;
  EXPECT_NE(parsed.error.find("at byte"), std::string::npos) << parsed.error;
}

TEST(ParseJsonTest, TrailingGarbageIsAnError) {
  const ParsedBody parsed = parse(BodyFormat::kJson, R"({"a":1} {"b":2})");
  EXPECT_NE(parsed.error.find("not valid JSON"), std::string::npos) << parsed.error;
  EXPECT_NE(parsed.error.find("at byte"), std::string::npos) << parsed.error;

  EXPECT_NE(parse(BodyFormat::kJson, "{} x").error, "");
  EXPECT_NE(parse(BodyFormat::kJson, "1 2").error, "");
}

TEST(ParseJsonTest, InvalidUtf8IsAnError) {
  EXPECT_NE(parse(BodyFormat::kJson, "\"\xff\"").error, "");
}

TEST(ParseJsonTest, NestingUpToTheLimitIsAccepted) {
  const ParsedBody parsed = parse(BodyFormat::kJson, nested_json(kMaxBodyDepth));
  EXPECT_EQ(parsed.error, "");
  EXPECT_TRUE(parsed.value.is_array());
}

TEST(ParseJsonTest, NestingDeeperThanTheLimitIsRefused) {
  EXPECT_NE(parse(BodyFormat::kJson, nested_json(kMaxBodyDepth + 1)).error, "");
  // Far deeper: refused quickly, no stack exhaustion.
  const ParsedBody deep = parse(BodyFormat::kJson, nested_json(100000));
  EXPECT_NE(deep.error.find("not valid JSON"), std::string::npos) << deep.error;
}

TEST(ParseJsonTest, UnsupportedFormatIsReadAsJson) {
  // The caller answers 415 before parsing; parse_body itself falls back to JSON.
  const ParsedBody parsed = parse(BodyFormat::kUnsupported, R"({"a":1})");
  EXPECT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.value, (json::value{{"a", 1}}));
}

// --- XML ---

TEST(ParseXmlTest, ChildrenBecomeStringMembers) {
  const ParsedBody parsed =
      parse(BodyFormat::kXml,
            R"(<?xml version="1.0"?><key><name>ci</name><expires_in_days>30</expires_in_days>)"
            R"(<enabled>true</enabled></key>)");
  ASSERT_EQ(parsed.error, "");
  EXPECT_TRUE(parsed.text_values);
  const json::value expected = {{"name", "ci"}, {"expires_in_days", "30"}, {"enabled", "true"}};
  EXPECT_EQ(parsed.value, expected);
}

TEST(ParseXmlTest, RepeatedElementsBecomeAnArray) {
  const ParsedBody parsed =
      parse(BodyFormat::kXml,
            "<key><scopes><scope>read</scope><scope>write</scope><scope>admin</scope></scopes>"
            "<name>ci</name></key>");
  ASSERT_EQ(parsed.error, "");
  const json::value expected = {{"scopes", {{"scope", {"read", "write", "admin"}}}},
                                {"name", "ci"}};
  EXPECT_EQ(parsed.value, expected);
}

TEST(ParseXmlTest, NestedElementsBecomeObjects) {
  const ParsedBody parsed =
      parse(BodyFormat::kXml, "<r><license><start>1</start><end>2</end></license></r>");
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.value, (json::value{{"license", {{"start", "1"}, {"end", "2"}}}}));
}

TEST(ParseXmlTest, EmptyElementIsAnEmptyString) {
  const ParsedBody parsed = parse(BodyFormat::kXml, "<r><group_name/><path></path></r>");
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.value, (json::value{{"group_name", ""}, {"path", ""}}));
}

TEST(ParseXmlTest, EmptyRootIsAnEmptyObject) {
  for (const std::string_view body :
       {"<key/>", "<key></key>", "<key>  </key>", "<key>text</key>"}) {
    const ParsedBody parsed = parse(BodyFormat::kXml, body);
    EXPECT_EQ(parsed.error, "") << body;
    EXPECT_TRUE(parsed.value.is_object()) << body;
    EXPECT_TRUE(parsed.value.get_object().empty()) << body;
    EXPECT_TRUE(parsed.text_values) << body;
  }
}

TEST(ParseXmlTest, PredefinedEntitiesAreDecoded) {
  const ParsedBody parsed =
      parse(BodyFormat::kXml, "<r><name>a &lt;b&gt; &amp; &quot;c&quot;</name></r>");
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.value, (json::value{{"name", "a <b> & \"c\""}}));
}

TEST(ParseXmlTest, RoundTripsWhatRenderXmlWritesForStrings) {
  // A body mirroring Keyward's own XML: the root's name does not appear in the value.
  const ParsedBody parsed =
      parse(BodyFormat::kXml, R"(<?xml version="1.0" encoding="UTF-8"?><request>)"
                              R"(<name>ci</name><description/></request>)");
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.value, (json::value{{"name", "ci"}, {"description", ""}}));
}

TEST(ParseXmlTest, MalformedXmlIsAnErrorWithOffset) {
  const ParsedBody parsed = parse(BodyFormat::kXml, "<key><name>ci</key>");
  EXPECT_NE(parsed.error.find("not valid XML"), std::string::npos) << parsed.error;
  EXPECT_NE(parsed.error.find("at byte"), std::string::npos) << parsed.error;

  EXPECT_NE(parse(BodyFormat::kXml, "<key>").error.find("not valid XML"), std::string::npos);
  EXPECT_NE(parse(BodyFormat::kXml, "{\"a\":1}").error.find("not valid XML"), std::string::npos);
}

TEST(ParseXmlTest, DocumentWithoutElementIsAnError) {
  const ParsedBody parsed = parse(BodyFormat::kXml, "<?xml version=\"1.0\"?><!-- nothing -->");
  EXPECT_NE(parsed.error.find("not valid XML"), std::string::npos) << parsed.error;
}

TEST(ParseXmlTest, NestingUpToTheLimitIsAccepted) {
  // The root plus kMaxBodyDepth nested elements: as deep as the deepest JSON accepted.
  const ParsedBody parsed = parse(BodyFormat::kXml, nested_xml(kMaxBodyDepth + 1));
  EXPECT_EQ(parsed.error, "");
  EXPECT_TRUE(parsed.value.is_object());
}

TEST(ParseXmlTest, NestingDeeperThanTheLimitIsRefused) {
  const ParsedBody parsed = parse(BodyFormat::kXml, nested_xml(kMaxBodyDepth + 2));
  EXPECT_NE(parsed.error.find("nests deeper than 32 levels"), std::string::npos) << parsed.error;

  const ParsedBody deep = parse(BodyFormat::kXml, nested_xml(100000));
  EXPECT_NE(deep.error.find("nests deeper"), std::string::npos) << deep.error;
}

TEST(ParseXmlTest, BillionLaughsIsNotExpanded) {
  std::string body =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE lolz [\n"
      "  <!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    body += "  <!ENTITY lol" + std::to_string(i) + " \"";
    const std::string previous = i == 1 ? "&lol;" : "&lol" + std::to_string(i - 1) + ";";
    for (int j = 0; j < 10; ++j) body += previous;
    body += "\">\n";
  }
  body += "]>\n<key><name>&lol9;</name><other>x</other></key>";

  // The DTD is skipped and the reference is left as written: the document still parses, quickly,
  // and no value grows.
  const ParsedBody parsed = parse(BodyFormat::kXml, body);
  ASSERT_EQ(parsed.error, "");
  ASSERT_TRUE(parsed.value.is_object());
  EXPECT_EQ(parsed.value.at("other"), json::value("x"));
  ASSERT_TRUE(parsed.value.at("name").is_string());
  const std::string name(parsed.value.at("name").get_string());
  EXPECT_LT(name.size(), 16u) << "entities were expanded";
  EXPECT_EQ(name.find("lollol"), std::string::npos) << name;
  EXPECT_LT(json::serialize(parsed.value).size(), 100u);
}

TEST(ParseXmlTest, ExternalEntityIsNotResolved) {
  const fs::path secret = fs::temp_directory_path() /
                          ("keyward-http-body-test-" + std::to_string(std::random_device()()));
  { std::ofstream(secret) << "TOP-SECRET-CONTENT"; }
  const std::string body =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE key [ <!ENTITY xxe SYSTEM \"file://" + secret.string() +
      "\"> ]>\n<key><name>&xxe;</name></key>";
  const ParsedBody parsed = parse(BodyFormat::kXml, body);
  fs::remove(secret);
  ASSERT_EQ(parsed.error, "");
  const std::string rendered = json::serialize(parsed.value);
  EXPECT_EQ(rendered.find("TOP-SECRET"), std::string::npos) << rendered;
  EXPECT_LT(rendered.size(), 32u) << rendered;
}

// --- forms ---

TEST(ParseFormTest, NamesAndValuesBecomeStringMembers) {
  const ParsedBody parsed = parse(BodyFormat::kForm, "name=ci&kind=secret&expires_in_days=30");
  ASSERT_EQ(parsed.error, "");
  EXPECT_TRUE(parsed.text_values);
  EXPECT_EQ(parsed.value,
            (json::value{{"name", "ci"}, {"kind", "secret"}, {"expires_in_days", "30"}}));
}

TEST(ParseFormTest, RepeatedNamesBecomeAnArray) {
  const ParsedBody parsed =
      parse(BodyFormat::kForm, "scopes=read&name=ci&scopes=write&scopes=admin");
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.value, (json::value{{"scopes", {"read", "write", "admin"}}, {"name", "ci"}}));
}

TEST(ParseFormTest, ValuesArePercentDecoded) {
  const ParsedBody parsed =
      parse(BodyFormat::kForm, "description=build+server%20%231&note=a%26b%3Dc&empty=");
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.value,
            (json::value{{"description", "build server #1"}, {"note", "a&b=c"}, {"empty", ""}}));
}

TEST(ParseFormTest, JsonSentAsFormNamesApplicationJson) {
  for (const std::string_view body : {R"({"name":"ci"})", R"(  [1,2])", "\n{}"}) {
    const ParsedBody parsed = parse(BodyFormat::kForm, body);
    EXPECT_NE(parsed.error.find("looks like JSON"), std::string::npos) << parsed.error;
    EXPECT_NE(parsed.error.find("Content-Type: application/json"), std::string::npos)
        << parsed.error;
  }
}

TEST(ParseFormTest, XmlSentAsFormNamesApplicationXml) {
  const ParsedBody parsed = parse(BodyFormat::kForm, "<key><name>ci</name></key>");
  EXPECT_NE(parsed.error.find("looks like XML"), std::string::npos) << parsed.error;
  EXPECT_NE(parsed.error.find("Content-Type: application/xml"), std::string::npos) << parsed.error;
}

}  // namespace
}  // namespace keyward::http

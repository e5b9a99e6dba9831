// Bad input of every kind gets the right status and a message a person can act on, and leaves the
// stored data exactly as it was.
#include <gtest/gtest.h>

#include "integration/integration_fixture.h"
#include "support/raw_tls_client.h"

namespace keyward::testing {
namespace {

class BadInputTest : public ServerTest {
 protected:
  // Everything a bad request could have changed, as the API shows it.
  std::string snapshot() {
    auto client = server->client();
    return client.get(org_path("/keys"), server->admin_headers()).body +
           client.get("/api/v1/orgs", server->admin_headers()).body;
  }
  std::string raw(const std::string& bytes) {
    return raw_exchange(server->url(), server->ca_file(), bytes);
  }
  std::string host() const { return server->url().substr(8); }
};

TEST_F(BadInputTest, MalformedJsonIsA400NamingTheProblem) {
  const auto before = snapshot();
  auto client = server->client();
  for (const char* body : {R"({"name": "x", "kind": "secret")", R"({"name": "x",})", "{",
                           R"({"name": "x", "kind": "secret"} trailing)", "nul"}) {
    const auto r = client.post_json(org_path("/keys"), body, server->admin_headers());
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(text(r.json().at("error").at("code")), "invalid_argument");
    EXPECT_NE(text(r.json().at("error").at("message")).find("not valid JSON"), std::string::npos)
        << r.body;
  }
  EXPECT_EQ(snapshot(), before);
}

TEST_F(BadInputTest, MalformedXmlIsA400) {
  const auto before = snapshot();
  auto client = server->client();
  auto headers = server->admin_headers();
  headers.emplace_back("Content-Type", "application/xml");
  const auto r = client.request("POST", org_path("/keys"), headers, "<key><name>x</name><kind>");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("not valid XML"), std::string::npos);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(BadInputTest, InvalidFieldValuesAreRefusedWithTheirNames) {
  const auto before = snapshot();
  auto client = server->client();
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"kind": "secret"})", "\"name\" is required"},
      {R"({"name": "x", "kind": "shared"})", "\"kind\""},
      {R"({"name": "", "kind": "secret"})", "name must not be empty"},
      {R"({"name": ")" + std::string(300, 'n') + R"(", "kind": "secret"})", "at most"},
      {R"({"name": "x\u0007y", "kind": "secret"})", "control characters"},
      {R"({"name": "x", "kind": "secret", "expires_at": "next week"})", "RFC 3339"},
      {R"({"name": "x", "kind": "public", "scopes": ["write"]})", "only have the \"read\" scope"},
      {R"({"name": "x", "kind": "secret", "colour": "blue"})", "unknown field \"colour\""},
  };
  for (const auto& [body, expected] : cases) {
    const auto r = client.post_json(org_path("/keys"), body, server->admin_headers());
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_NE(text(r.json().at("error").at("message")).find(expected), std::string::npos)
        << body << " -> " << r.body;
  }
  const auto bad_grace =
      client.post_json(org_path("/keys/00000000-0000-4000-8000-000000000000/roll"),
                       R"({"grace_seconds": -5})", server->admin_headers());
  EXPECT_EQ(bad_grace.status, 400);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(BadInputTest, NonUtf8TextIsRefused) {
  const auto before = snapshot();
  auto client = server->client();
  auto headers = server->admin_headers();
  headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  const auto r = client.request("POST", org_path("/keys"), headers, "name=a%FFb&kind=secret");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("UTF-8"), std::string::npos);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(BadInputTest, UnknownRoutesAndWrongMethods) {
  auto client = server->client();
  const auto missing = client.get("/api/v2/keys");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(text(missing.json().at("error").at("code")), "not_found");
  const auto method = client.request("PATCH", org_path("/keys"), server->admin_headers());
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(method.header("allow"), "POST, GET");
  const auto contrast = client.get("/Contrast/api/ng/nothing");
  EXPECT_EQ(contrast.status, 404);
  EXPECT_FALSE(contrast.json().at("success").as_bool());
}

TEST_F(BadInputTest, UnsupportedBodyTypesAreA415) {
  const auto before = snapshot();
  auto client = server->client();
  auto headers = server->admin_headers();
  headers.emplace_back("Content-Type", "text/plain");
  const auto r = client.request("POST", org_path("/keys"), headers, "name=x");
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(BadInputTest, OversizedHeadersAreA431) {
  const auto response = raw("GET /healthz HTTP/1.1\r\nHost: " + host() +
                            "\r\nX-Padding: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(raw_status(response), 431) << response.substr(0, 200);
  EXPECT_NE(response.find("headers are too large"), std::string::npos);
}

TEST_F(BadInputTest, AnOversizedBodyIsRefusedBeforeItIsRead) {
  const auto before = snapshot();
  const auto auth = server->admin_headers();
  std::string request = "POST " + org_path("/keys") + " HTTP/1.1\r\nHost: " + host() +
                        "\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n";
  for (const auto& [k, v] : auth) request += k + ": " + v + "\r\n";
  request += "\r\n{\"name\":";  // the server must not wait for the other ten megabytes
  const auto response = raw(request);
  EXPECT_EQ(raw_status(response), 413) << response.substr(0, 200);
  EXPECT_NE(response.find("too large"), std::string::npos);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(BadInputTest, AnOversizedChunkedBodyIsRefused) {
  std::string request = "POST /api/v1/keys/verify HTTP/1.1\r\nHost: " + host() +
                        "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(8000, 'x');
  for (int i = 0; i < 20; ++i) request += "1f40\r\n" + chunk + "\r\n";  // over 128 KiB
  request += "0\r\n\r\n";
  const auto response = raw(request);
  EXPECT_EQ(raw_status(response), 413) << response.substr(0, 200);
}

TEST_F(BadInputTest, GarbageThatIsNotHttpIsA400) {
  for (const std::string& bytes :
       {std::string("HELLO THERE\r\n\r\n"), std::string("GET /healthz HTTP/9.9\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nNo colon in this header\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nContent-Length: -1\r\n\r\n")}) {
    const auto response = raw(bytes);
    EXPECT_EQ(raw_status(response), 400) << bytes << " -> " << response.substr(0, 120);
  }
}

TEST_F(BadInputTest, DeeplyNestedJsonIsRefused) {
  auto client = server->client();
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "[";
  for (int i = 0; i < 100; ++i) deep += "]";
  const auto r = client.post_json("/api/v1/keys/verify", deep);
  EXPECT_EQ(r.status, 400);
}

TEST_F(BadInputTest, VerifyNeedsAKeyField) {
  auto client = server->client();
  EXPECT_EQ(client.post_json("/api/v1/keys/verify", "{}").status, 400);
  EXPECT_EQ(client.post_json("/api/v1/keys/verify", R"({"key": 42})").status, 400);
  EXPECT_EQ(client.post_json("/api/v1/keys/verify", "").status, 400);
}

TEST_F(BadInputTest, TheServerStaysUpAndCorrectAfterAllOfIt) {
  EXPECT_EQ(raw_status(raw("GET / HTTP/1.1\r\n" + std::string(50000, 'h') + "\r\n\r\n")), 431);
  EXPECT_EQ(raw_status(raw("\x16\x03\x01 not really HTTP\r\n\r\n")), 400);
  auto client = server->client();
  EXPECT_EQ(client.get("/healthz").status, 200);
  EXPECT_EQ(client.get(org_path("/keys"), server->admin_headers()).status, 200);
}

// Request smuggling: each of these could be framed two ways by a proxy and Keyward. Each is
// refused with 400 and the connection closed, so what follows it is never read as a request.
TEST_F(BadInputTest, AmbiguouslyFramedRequestsAreRefusedAndNothingAfterThemIsRead) {
  const std::string h = "Host: " + host() + "\r\n";
  const std::string smuggled = "GET /healthz HTTP/1.1\r\n" + h + "\r\n";
  const std::vector<std::string> cases{
      "POST /api/v1/keys/verify HTTP/1.1\r\n" + h +
          "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST /api/v1/keys/verify HTTP/1.1\r\n" + h +
          "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST /api/v1/keys/verify HTTP/1.1\r\n" + h +
          "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
      "POST /api/v1/keys/verify HTTP/1.1\r\n" + h + "Transfer-Encoding: identity\r\n\r\n",
      "POST /api/v1/keys/verify HTTP/1.1\r\n" + h +
          "Content-Length: 0\r\nContent-Length: 0\r\n\r\n",
      "GET /healthz HTTP/1.1\r\n" + h + h + "\r\n",
      "GET /healthz HTTP/1.1\r\n" + h + "X-Note: first\r\n folded\r\n\r\n",
  };
  for (const auto& request : cases) {
    const std::string response = raw(request + smuggled);
    EXPECT_EQ(raw_status(response), 400) << request << "->" << response.substr(0, 200);
    size_t answers = 0;
    for (size_t at = response.find("HTTP/1.1 "); at != std::string::npos;
         at = response.find("HTTP/1.1 ", at + 1)) {
      ++answers;
    }
    EXPECT_EQ(answers, 1u) << "a second request was read after:\n" << request;
    EXPECT_NE(response.find("Connection: close"), std::string::npos) << response.substr(0, 300);
  }
  // The same bytes framed one way only are served, pipelined request and all (the last asks
  // for the connection to close, so the exchange ends without waiting for the idle timeout).
  const std::string fine = raw("GET /healthz HTTP/1.1\r\n" + h + "\r\n" +
                               "GET /healthz HTTP/1.1\r\n" + h + "Connection: close\r\n\r\n");
  EXPECT_EQ(raw_status(fine), 200);
  EXPECT_NE(fine.find("HTTP/1.1 200", 1), std::string::npos) << fine;
}

}  // namespace
}  // namespace keyward::testing

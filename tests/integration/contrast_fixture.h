// Two organizations on a real server: Acme, with its agent and an administrator (ada), and
// Globex, with a user of its own (eve), for the User and Engine API tests.
#pragma once

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "integration/integration_fixture.h"

namespace keyward::testing {

struct Tenant {
  std::string org_id;
  std::string api_key;
  std::string agent_username;
  std::string agent_service_key;
  std::string user_service_key;
};

class ContrastTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    acme = tenant("Acme", "ada@acme.example");
    globex = tenant("Globex", "eve@globex.example");
    auto client = server->client();
    ASSERT_TRUE(eventually([&] {
      return client.get("/api/v1/auth", ada()).status == 204 &&
             client.get("/api/v1/auth", eve()).status == 204 &&
             client.get("/api/v1/auth", agent(acme)).status == 204;
    })) << "the server did not pick up the new organizations";
  }

  Tenant tenant(const std::string& name, const std::string& username) {
    const auto org = server->cli({"org", "create", "--name", name, "--json"});
    EXPECT_EQ(org.exit_code, 0) << org.err;
    const auto o = org.json();
    Tenant t{text(o.at("id")), text(o.at("api_key")), text(o.at("agent_username")),
             text(o.at("agent_service_key")), ""};
    const auto user = server->cli(
        {"user", "create", "--org", t.org_id, "--username", username, "--role", "admin", "--json"});
    EXPECT_EQ(user.exit_code, 0) << user.err;
    t.user_service_key = text(user.json().at("service_key"));
    return t;
  }

  // Contrast clients send the credentials as raw base64, without "Basic ".
  Headers ada() const {
    return {{"Authorization", basic_credentials("ada@acme.example", acme.user_service_key)},
            {"API-Key", acme.api_key}};
  }
  Headers eve() const {
    return {{"Authorization", basic_credentials("eve@globex.example", globex.user_service_key)},
            {"API-Key", globex.api_key}};
  }
  static Headers agent(const Tenant& t) {
    return {{"Authorization", basic_credentials(t.agent_username, t.agent_service_key)},
            {"API-Key", t.api_key}};
  }
  static Headers with(Headers h, const std::string& name, const std::string& value) {
    h.emplace_back(name, value);
    return h;
  }

  std::string ng(const std::string& rest) const { return "/Contrast/api/ng/" + acme.org_id + rest; }

  // Registers an application as Acme's agent and returns its id.
  std::string register_app(const std::string& name, const std::string& language) {
    auto client = server->client();
    const auto r = client.post_json(
        "/Contrast/api/engine/applications",
        boost::json::serialize(boost::json::object{{"name", name}, {"language", language}}),
        agent(acme));
    EXPECT_TRUE(r.status == 200 || r.status == 201) << r.body;
    return text(r.json().at("app_id"));
  }

  HttpResponse report(const std::string& app_id, const boost::json::array& findings,
                      const Tenant* as = nullptr) {
    auto client = server->client();
    return client.post_json("/Contrast/api/engine/applications/" + app_id + "/traces",
                            boost::json::serialize(boost::json::object{{"traces", findings}}),
                            agent(as ? *as : acme));
  }

  static boost::json::object finding(const std::string& hash, const std::string& severity,
                                     const std::string& title = "SQL Injection in /search",
                                     const std::string& rule = "sql-injection") {
    return {{"title", title},   {"rule_name", rule},       {"severity", severity},
            {"hash", hash},     {"category", "Injection"}, {"confidence", "High"},
            {"impact", "High"}, {"likelihood", "Medium"}};
  }

  // The shop application with three findings: one critical, one high, one low.
  std::string seed_shop() {
    const std::string app = register_app("shop", "Java");
    const auto r =
        report(app, {finding("h-crit", "Critical"),
                     finding("h-high", "High", "Cross-Site Scripting in /reviews", "reflected-xss"),
                     finding("h-low", "Low", "Missing header", "header-missing")});
    EXPECT_EQ(r.status, 200) << r.body;
    return app;
  }

  Tenant acme, globex;
};

}  // namespace keyward::testing

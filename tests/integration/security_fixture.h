// Organization security administration over real HTTPS: Acme (administrator ada, member max, an
// agent), Globex (administrator eve), and the system administrator from `keyward init`.
#pragma once

#include <string>

#include <boost/json.hpp>

#include "integration/contrast_fixture.h"

namespace keyward::testing {

struct Person {
  std::string username;
  std::string password;
  std::string service_key;
};

class SecurityTest : public ContrastTest {
 protected:
  void SetUp() override {
    ContrastTest::SetUp();
    max_user = add_user(acme.org_id, "max@acme.example", "member");
    auto client = server->client();
    ASSERT_TRUE(eventually([&] { return client.get("/api/v1/auth", max()).status == 204; }));
  }

  Person add_user(const std::string& org_id, const std::string& username, const std::string& role) {
    const auto r = server->cli(
        {"user", "create", "--org", org_id, "--username", username, "--role", role, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto j = r.json();
    return {username, text(j.at("password")), text(j.at("service_key"))};
  }

  Headers root() const { return server->admin_headers(); }
  Headers max() const {
    return {{"Authorization", basic_credentials(max_user.username, max_user.service_key)},
            {"API-Key", acme.api_key}};
  }
  static Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

  std::string acme_path(const std::string& rest) const {
    return "/api/v1/orgs/" + acme.org_id + rest;
  }

  // The newest `limit` audit records of Acme, as its administrator sees them.
  boost::json::array acme_audit(std::size_t limit = 100) {
    auto client = server->client();
    const auto r = client.get(acme_path("/audit?limit=" + std::to_string(limit)), root());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("events").as_array();
  }

  // Whether a record with this action (and, when given, a detail containing `detail`) is there.
  static bool has_record(const boost::json::array& records, const std::string& action,
                         const std::string& detail = "") {
    for (const auto& r : records) {
      if (text(r.at("action")) != action) continue;
      if (detail.empty() || text(r.at("detail")).find(detail) != std::string::npos) return true;
    }
    return false;
  }

  // One record with this action, or null.
  static const boost::json::object* find_record(const boost::json::array& records,
                                                const std::string& action) {
    for (const auto& r : records) {
      if (text(r.at("action")) == action) return &r.as_object();
    }
    return nullptr;
  }

  Person max_user;
};

}  // namespace keyward::testing

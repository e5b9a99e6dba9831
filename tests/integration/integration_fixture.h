// Shared setup for tests that drive a real `keyward serve` over HTTPS.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "store/sqlite/connection.h"
#include "store/sqlite/sqlite_store.h"
#include "support/keyward_process.h"

namespace keyward::testing {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { server = std::make_unique<KeywardServer>(server_options()); }
  // What a suite needs of `keyward serve` (a config file, flags).
  virtual KeywardServer::Options server_options() const { return {}; }

  std::string org_path(const std::string& rest = "") const {
    return "/api/v1/orgs/" + server->init().org_id + rest;
  }

  // Creates a named key as the system administrator and returns the response body.
  boost::json::value create_key(const std::string& kind, const std::string& extra = "") {
    auto client = server->client();
    const auto r = client.post_json(org_path("/keys"),
                                    R"({"name": "test", "kind": ")" + kind + "\"" + extra + "}",
                                    server->admin_headers());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  bool verifies(HttpClient& client, const std::string& token) {
    const auto r = client.post_json("/api/v1/keys/verify",
                                    boost::json::serialize(boost::json::object{{"key", token}}));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("valid").as_bool();
  }

  // The server's database opened a second time, as another process would: for seeding data the
  // API cannot write yet and for changing state behind the server's back.
  std::unique_ptr<store::SqliteStore> open_database() const {
    auto s = store::SqliteStore::open(server->data_dir() / "keyward.db");
    EXPECT_TRUE(s);
    return std::move(*s);
  }

  // Runs SQL on the server's database from outside, as an operator with the sqlite3 shell would.
  void execute_sql(const std::string& sql) const {
    auto connection = store::sqlite::Connection::open((server->data_dir() / "keyward.db").string());
    ASSERT_TRUE(connection) << connection.error().message;
    const auto done = (*connection)->exec(sql);
    ASSERT_TRUE(done) << done.error().message;
  }

  // Polls `condition` for up to `timeout`.
  static bool eventually(const std::function<bool()>& condition,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (condition()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return condition();
  }

  static std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

  std::unique_ptr<KeywardServer> server;
};

}  // namespace keyward::testing

// The throwaway PostgreSQL server `ctest` starts for the run (scripts/postgres-cluster.sh, as the
// `postgres` fixture in tests/CMakeLists.txt), and fresh, isolated places in it for each test.
//
// The fixture exports KEYWARD_TEST_POSTGRES_DIR, the directory where the script wrote the
// server's URI and certificate. Run outside ctest, a test that needs the server fails and says
// how to run it.
#pragma once

#include <filesystem>
#include <string>

namespace keyward::testing {

// The server's superuser URI (database keyward_test); empty, after a test failure saying why,
// when the fixture did not run.
std::string test_postgres_uri();
// The server's self-signed certificate, for sslmode=verify-full.
std::filesystem::path test_postgres_certificate();

// Runs SQL as the superuser; a failure is a test failure.
void postgres_admin(const std::string& sql, const std::string& uri = test_postgres_uri());
// The first column of the first row of an admin query, as text ("" when none).
std::string postgres_admin_value(const std::string& sql,
                                 const std::string& uri = test_postgres_uri());

// A schema of its own in keyward_test, dropped with everything in it afterwards. uri() points
// there (search_path), so a store opened on it migrates and works in it alone.
class TestSchema {
 public:
  TestSchema();
  ~TestSchema();
  TestSchema(const TestSchema&) = delete;
  TestSchema& operator=(const TestSchema&) = delete;

  const std::string& name() const { return name_; }
  // The store location; `extra` is appended as further query parameters ("pool_size=1").
  std::string uri(const std::string& extra = "") const;

 private:
  std::string name_;
};

// A database of its own, for tests of what is per database (LISTEN/NOTIFY channels, advisory
// locks), dropped afterwards.
class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  std::string uri(const std::string& extra = "") const;

 private:
  std::string name_;
};

}  // namespace keyward::testing

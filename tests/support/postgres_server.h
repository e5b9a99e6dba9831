// A PostgreSQL server of one test's own (scripts/postgres-cluster.sh in a temporary directory),
// for the tests that stop, restart or take it away, which they must not do to the server the
// other tests share (test_postgres.h).
#pragma once

#include <string>

#include "support/temp_dir.h"

namespace keyward::testing {

class PostgresServer {
 public:
  // Starts it (a few seconds: initdb, then start); throws when it cannot.
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // The superuser's URI for the database keyward_test.
  const std::string& uri() const { return uri_; }
  // Stops it at once, disconnecting every client; up() starts it again on the same port with the
  // same data.
  void down();
  void up();

 private:
  void script(const std::string& action);

  TempDir state_;
  std::string uri_;
};

}  // namespace keyward::testing

#include "support/test_postgres.h"

#include <cstdlib>
#include <fstream>
#include <random>

#include <gtest/gtest.h>
#include <libpq-fe.h>

namespace keyward::testing {
namespace {

std::filesystem::path state_dir() {
  const char* dir = std::getenv("KEYWARD_TEST_POSTGRES_DIR");
  return dir ? dir : "";
}

std::string random_name(const std::string& prefix) {
  std::random_device rd;
  std::uniform_int_distribution<int> digit(0, 35);
  std::string name = prefix;
  for (int i = 0; i < 12; ++i) name += "0123456789abcdefghijklmnopqrstuvwxyz"[digit(rd)];
  return name;
}

// keyward_test's URI with another database in its place.
std::string with_database(const std::string& uri, const std::string& database) {
  return uri.substr(0, uri.rfind('/') + 1) + database;
}

std::string join(const std::string& uri, const std::string& extra) {
  if (extra.empty()) return uri;
  return uri + (uri.find('?') == std::string::npos ? "?" : "&") + extra;
}

}  // namespace

std::string test_postgres_uri() {
  const auto dir = state_dir();
  std::ifstream in(dir / "uri");
  std::string uri;
  if (dir.empty() || !std::getline(in, uri) || uri.empty()) {
    ADD_FAILURE() << "no test PostgreSQL server: run this test through ctest, whose `postgres` "
                     "fixture starts one (scripts/postgres-cluster.sh) and sets "
                     "KEYWARD_TEST_POSTGRES_DIR";
    return {};
  }
  return uri;
}

std::filesystem::path test_postgres_certificate() { return state_dir() / "server.crt"; }

std::string postgres_admin_value(const std::string& sql, const std::string& uri) {
  PGconn* conn = PQconnectdb(uri.c_str());
  std::string value;
  if (PQstatus(conn) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot connect to the test PostgreSQL: " << PQerrorMessage(conn);
  } else {
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);  // "drop cascades to ..."
    PGresult* r = PQexec(conn, sql.c_str());
    const auto status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      ADD_FAILURE() << sql << ": " << PQresultErrorMessage(r);
    } else if (status == PGRES_TUPLES_OK && PQntuples(r) > 0) {
      value = PQgetvalue(r, 0, 0);
    }
    PQclear(r);
  }
  PQfinish(conn);
  return value;
}

void postgres_admin(const std::string& sql, const std::string& uri) {
  (void)postgres_admin_value(sql, uri);
}

TestSchema::TestSchema() : name_(random_name("t_")) { postgres_admin("CREATE SCHEMA " + name_); }

TestSchema::~TestSchema() { postgres_admin("DROP SCHEMA IF EXISTS " + name_ + " CASCADE"); }

std::string TestSchema::uri(const std::string& extra) const {
  return join(test_postgres_uri() + "?options=-csearch_path%3D" + name_, extra);
}

TestDatabase::TestDatabase() : name_(random_name("db_")) {
  postgres_admin("CREATE DATABASE " + name_);
}

TestDatabase::~TestDatabase() {
  postgres_admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
}

std::string TestDatabase::uri(const std::string& extra) const {
  return join(with_database(test_postgres_uri(), name_), extra);
}

}  // namespace keyward::testing

// The PostgreSQL schema as an ordered list of migrations, recorded in schema_migrations. Append
// new migrations; never edit an old one.
//
// migrate() holds a PostgreSQL advisory lock while it reads and applies them, so when several
// nodes start at once against a new or older database, one migrates and the others wait, then
// find nothing left to do: every migration runs exactly once. Each runs in its own transaction
// (PostgreSQL's DDL is transactional), so a failed one leaves the schema as it was.
#pragma once

#include <span>
#include <string_view>

#include "core/error.h"
#include "store/postgres/connection.h"

namespace keyward::store::postgres {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

std::span<const Migration> migrations();

// Applies every pending migration. Refuses with kConflict a database whose schema is newer than
// this binary knows.
Status migrate(Connection& connection);

// The newest migration recorded in the database (0 for an empty database).
Result<int> schema_version(Connection& connection);

}  // namespace keyward::store::postgres

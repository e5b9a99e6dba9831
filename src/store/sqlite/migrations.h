// The SQLite schema as an ordered list of migrations. PRAGMA user_version records how many have
// been applied; each runs in its own transaction. Append new migrations; never edit an old one.
#pragma once

#include <span>
#include <string_view>

#include "core/error.h"
#include "store/sqlite/connection.h"

namespace keyward::store::sqlite {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

std::span<const Migration> migrations();

// Applies every pending migration. Refuses (kFailedPrecondition-like kConflict) to touch a
// database whose schema is newer than this binary knows.
Status migrate(Connection& connection);

// The schema version recorded in the database.
Result<int> schema_version(Connection& connection);

}  // namespace keyward::store::sqlite

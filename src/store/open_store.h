// The factory callers use to get a Store without naming an implementation.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/change_feed.h"
#include "store/data_dir.h"
#include "store/store.h"

namespace keyward::store {

// `location` selects the implementation:
//   ""            the SQLite database of `data_dir` (the default)
//   "sqlite:PATH" a SQLite database at PATH
//   "memory:"     a MemoryStore (nothing persists)
//   "postgresql://USER@HOST:PORT/DATABASE?sslmode=...&passfile=...", or "postgres://...":
//                 a PostgresStore (store/postgres/location.h lists the parameters)
// kInvalidArgument for anything else. Opening a SQL store brings its schema up to date.
Result<std::unique_ptr<Store>> open_store(std::string_view location, const DataDir& data_dir);

// What wakes a node when another commits, for stores shared by several nodes that have one
// (PostgreSQL: a LISTEN connection of its own); null for the others, which are followed by polling
// the journal alone. Does not connect: the feed's first wait() does.
Result<std::unique_ptr<ChangeFeed>> open_change_feed(std::string_view location);

// The schema version this keyward brings a store at `location` to (0 for memory:).
int latest_schema_version(std::string_view location);

// The location as it may be shown to a person: PostgreSQL URIs reduced to
// postgresql://user@host:port/database, so no password or parameter is ever printed.
std::string describe_location(std::string_view location, const DataDir& data_dir);

}  // namespace keyward::store

// What `--store postgresql://…` says: where the database is (a libpq connection URI) and how
// Keyward should use it (its pool settings, given as extra query parameters).
//
//   postgresql://keyward@db.internal:5432/keyward?sslmode=verify-full
//       &sslrootcert=/etc/keyward/db-ca.pem&passfile=/etc/keyward/pgpass
//       &pool_size=8&pool_timeout=5000&statement_timeout=5000
//
// Every parameter libpq knows is passed to it unchanged (sslmode, passfile, connect_timeout,
// options, target_session_attrs, ...); pool_size, pool_timeout and statement_timeout are
// Keyward's and are removed before libpq sees the URI.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace keyward::store::postgres {

struct PoolSettings {
  // Connections a node keeps at most: its worker threads plus the background flushes, and small
  // enough that a dozen nodes stay under PostgreSQL's default max_connections (100).
  std::size_t size = 8;
  // How long an operation waits for a free connection before failing with kUnavailable: longer
  // than any healthy statement, short enough that a request fails while its client still waits.
  std::chrono::milliseconds acquire_timeout{5000};
  // The longest one statement may run (PostgreSQL's statement_timeout, lock waits included): a
  // stuck query fails instead of holding a connection, and a request, for ever.
  std::chrono::milliseconds statement_timeout{5000};
};

struct Location {
  std::string conninfo;     // the URI for libpq, without Keyward's parameters
  std::string description;  // user@host:port/database, for messages: never a password
  PoolSettings pool;
};

// True for the locations a PostgresStore serves: postgresql://… and postgres://….
bool is_postgres_location(std::string_view location);

// Parses a location. kInvalidArgument, naming the parameter, for a malformed URI or a Keyward
// parameter out of range; the message never repeats a password.
Result<Location> parse_location(std::string_view location);

// True when the URI carries a password (user:password@… or password=…), which a command line
// would show to everyone who can run `ps`.
bool has_password(std::string_view location);

}  // namespace keyward::store::postgres

// Translates PostgreSQL's failures into Keyward's vocabulary (store/conflicts.h), so the API says
// the same thing whatever store is behind it. Messages never carry a statement's parameters or
// PostgreSQL's DETAIL line, which can quote the value that collided.
#pragma once

#include <string_view>

#include "core/error.h"

struct pg_conn;
struct pg_result;

namespace keyward::store::postgres {

// A failed statement: unique violations (23505) and foreign-key violations (23503) by constraint
// name, as SQLite's are by column; deadlocks and serialization failures as kConflict (retry);
// everything else kUnavailable.
Error statement_error(const pg_conn* conn, const pg_result* result, std::string_view doing);

// A connection that could not be made or was lost: kUnavailable with libpq's reason.
Error connection_error(const pg_conn* conn, std::string_view doing);

}  // namespace keyward::store::postgres

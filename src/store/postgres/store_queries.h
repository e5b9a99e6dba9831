// Helpers PostgresStore's files share: run a statement and map its rows to entities.
#pragma once

#include <string_view>
#include <vector>

#include "store/conflicts.h"
#include "store/postgres/connection.h"

namespace keyward::store::postgres {

// Runs a prepared statement and maps every row with `read`.
template <class T, class Read>
Result<std::vector<T>> query_all(Connection& c, const char* sql, Read read,
                                 const Params& params = {}) {
  auto rows = c.query(sql, params);
  if (!rows) return fail(rows.error());
  std::vector<T> out;
  out.reserve(static_cast<size_t>(rows->size()));
  for (int i = 0; i < rows->size(); ++i) out.push_back(read((*rows)[i]));
  return out;
}

// Runs a prepared statement expected to yield at most one row; kNotFound naming `what` if none.
template <class T, class Read>
Result<T> query_one(Connection& c, const char* sql, Read read, const Params& params,
                    std::string_view what) {
  auto rows = c.query(sql, params);
  if (!rows) return fail(rows.error());
  if (rows->empty()) return fail(not_found(what));
  return read((*rows)[0]);
}

}  // namespace keyward::store::postgres

// A thin, owning wrapper over one sqlite3 connection and its prepared statements.
//
// Threading: a Connection is used by one thread at a time (the pool in sqlite_store.cc hands it
// out); SQLite itself is built thread-safe, so different connections run concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/digest.h"
#include "core/error.h"
#include "core/time.h"
#include "core/uuid.h"

struct sqlite3;
struct sqlite3_stmt;

namespace keyward::store::sqlite {

class Connection;

// A prepared statement borrowed from its connection's cache. Reset and unbound on destruction, so
// the next user starts clean. Bind indices start at 1, column indices at 0.
class Statement {
 public:
  // `owned`: finalize on destruction (a one-off statement) rather than reset for reuse.
  Statement(Connection& connection, sqlite3_stmt* stmt, bool owned = false)
      : connection_(connection), stmt_(stmt), owned_(owned) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::span<const std::uint8_t> blob);
  Statement& bind(int index, const Digest& digest) {
    return bind(index, std::span<const std::uint8_t>(digest));
  }
  Statement& bind(int index, const Uuid& id) {
    return bind(index, std::string_view(id.to_string()));
  }
  Statement& bind(int index, Timestamp t) { return bind(index, to_epoch_ms(t)); }
  Statement& bind(int index, bool value) { return bind(index, std::int64_t{value ? 1 : 0}); }
  Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
  Statement& bind_null(int index);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Advances to the next row: true when there is one, false when done.
  Result<bool> step();
  // Runs to completion, ignoring any rows.
  Status run();

  bool is_null(int column) const;
  std::int64_t integer(int column) const;
  std::string text(int column) const;
  std::vector<std::uint8_t> blob(int column) const;
  Uuid uuid(int column) const;  // nil when the column does not hold a UUID
  Timestamp timestamp(int column) const { return from_epoch_ms(integer(column)); }
  std::optional<Timestamp> optional_timestamp(int column) const;
  Digest digest(int column) const;  // zeros when the column does not hold 32 bytes
  std::optional<Digest> optional_digest(int column) const;

 private:
  Connection& connection_;
  sqlite3_stmt* stmt_;
  bool owned_;
};

class Connection {
 public:
  // Opens (creating if needed) the database at `path` with Keyward's settings: WAL journal,
  // synchronous=FULL (an answered write survives power loss), foreign keys on, 5 s busy timeout.
  static Result<std::unique_ptr<Connection>> open(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Prepares `sql` once per connection and reuses it; `sql` must be a string literal (its address
  // is the cache key).
  Result<Statement> prepare(const char* sql);
  // Prepares SQL built at run time (a query whose filters vary) for one use.
  Result<Statement> prepare_once(const std::string& sql);
  // Runs SQL without parameters (pragmas, DDL, transaction control).
  Status exec(const std::string& sql);
  // Rows changed by the last statement.
  int changes() const;

  // Translates the connection's last error into Keyward's vocabulary (see store/conflicts.h).
  Error error(int rc, std::string_view doing) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolling back on any failure.
template <class Body>
Status in_transaction(Connection& c, Body&& body) {
  if (auto s = c.exec("BEGIN IMMEDIATE"); !s) return s;
  Status result = body();
  if (result) result = c.exec("COMMIT");
  if (!result) (void)c.exec("ROLLBACK");
  return result;
}

}  // namespace keyward::store::sqlite

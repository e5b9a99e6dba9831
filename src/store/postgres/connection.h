// A thin, owning wrapper over one libpq connection: statements with parameters, prepared once per
// connection, and rows read in PostgreSQL's binary format.
//
// Parameters travel as text (PostgreSQL parses them into the column's type), except byte strings,
// which travel as binary so hashes and ciphertexts need no escaping. Results come back binary:
// integers, booleans, UUIDs and byte strings as their raw bytes.
//
// Threading: a Connection is used by one thread at a time (ConnectionPool hands it out).
#pragma once

#include <chrono>
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

struct pg_conn;
struct pg_result;

namespace keyward::store::postgres {

// The parameters of one statement, $1 first.
class Params {
 public:
  Params& text(std::string_view value);
  Params& bytes(std::span<const std::uint8_t> value);
  Params& null();

  Params& add(std::string_view value) { return text(value); }
  Params& add(const std::string& value) { return text(value); }
  Params& add(const char* value) { return text(value); }
  Params& add(std::int64_t value) { return text(std::to_string(value)); }
  Params& add(int value) { return text(std::to_string(value)); }
  Params& add(bool value) { return text(value ? "true" : "false"); }
  Params& add(const Uuid& value) { return text(value.to_string()); }
  Params& add(Timestamp value) { return add(to_epoch_ms(value)); }
  Params& add(const Digest& value) { return bytes(value); }
  template <class T>
  Params& add(const std::optional<T>& value) {
    return value ? add(*value) : null();
  }

  int size() const { return static_cast<int>(values_.size()); }

 private:
  friend class Connection;
  // The parameters as libpq takes them: pointers into values_, valid while it lives.
  struct Wire {
    explicit Wire(const Params& params);
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
  };
  struct Value {
    std::string data;
    bool is_null = false;
    bool binary = false;
  };
  std::vector<Value> values_;
};

// One row of a result; valid while its Rows lives.
class Row {
 public:
  Row(const pg_result* result, int row) : result_(result), row_(row) {}

  bool is_null(int column) const;
  std::int64_t integer(int column) const;  // smallint, integer or bigint
  bool boolean(int column) const;
  std::string text(int column) const;
  std::vector<std::uint8_t> bytes(int column) const;
  Digest digest(int column) const;  // zeros unless the column holds 32 bytes
  std::optional<Digest> optional_digest(int column) const;
  Uuid uuid(int column) const;  // nil when NULL
  std::optional<Uuid> optional_uuid(int column) const;
  Timestamp timestamp(int column) const { return from_epoch_ms(integer(column)); }
  std::optional<Timestamp> optional_timestamp(int column) const;

 private:
  std::string_view raw(int column) const;
  const pg_result* result_;
  int row_;
};

// The result of one statement.
class Rows {
 public:
  explicit Rows(pg_result* result);
  ~Rows();
  Rows(Rows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  Rows& operator=(Rows&& other) noexcept;
  Rows(const Rows&) = delete;

  int size() const;
  bool empty() const { return size() == 0; }
  Row operator[](int row) const { return Row(result_, row); }
  // Rows an INSERT, UPDATE or DELETE touched.
  std::int64_t affected() const;

 private:
  pg_result* result_;
};

class Connection {
 public:
  struct Settings {
    std::string conninfo;  // a libpq connection URI
    std::chrono::milliseconds statement_timeout{5000};
    std::string application_name = "keyward";  // shown in pg_stat_activity
  };

  // Connects (libpq's connect_timeout defaults to 5 s unless the URI says otherwise) and sets
  // the statement timeout. kUnavailable with libpq's reason when the server cannot be reached or
  // refuses the login; the reason never contains the password.
  static Result<std::unique_ptr<Connection>> open(const Settings& settings);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A statement that fails because the connection was lost while no transaction was open is run
  // once more on a fresh connection (nothing of it can have happened); inside a transaction the
  // failure is returned, and the transaction is lost with the connection.
  //
  // Runs a statement prepared once per connection; `sql` must live as long as the program, a
  // string literal or a static string (its address is the cache key).
  Result<Rows> query(const char* sql, const Params& params = {});
  // Runs SQL built at run time (a query whose filters vary) without preparing it.
  Result<Rows> query_once(const std::string& sql, const Params& params = {});
  // Runs SQL without parameters, possibly several statements (transaction control, DDL).
  Status exec(const std::string& sql);
  // Sends a prepared statement and COMMIT together (libpq's pipeline mode), so the transaction
  // ends one network round trip sooner: whatever the statement locks is held that much less.
  // When the statement fails, nothing is committed and the transaction is left to roll back.
  Status query_and_commit(const char* sql, const Params& params);

  bool in_transaction() const;
  // False once the connection is broken or left inside a transaction: the pool then drops it.
  bool reusable() const;
  // The server's encoding, as announced at login.
  std::string server_encoding() const;
  pg_conn* native() { return conn_; }

 private:
  explicit Connection(pg_conn* conn) : conn_(conn) {}
  Result<Rows> finish(pg_result* result, std::string_view doing);
  Result<std::string> statement_name(const char* sql);  // prepares `sql` on first use
  Result<Rows> query_prepared(const char* sql, const Params& params);
  Result<Rows> query_unprepared(const std::string& sql, const Params& params);
  // After a failure: true when the connection had been lost between operations and is now
  // re-established, so the operation may be run again.
  bool lost_while_idle(bool was_idle);

  pg_conn* conn_;
  std::string statement_timeout_sql_;
  std::unordered_map<const char*, std::string> prepared_;  // sql address -> statement name
};

// Runs `body` inside BEGIN ... COMMIT, rolling back on any failure. `begin` may name an isolation
// level ("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" for reads that must agree).
template <class Body>
Status in_transaction(Connection& c, Body&& body, const char* begin = "BEGIN") {
  if (auto s = c.exec(begin); !s) return s;
  Status result = body();
  if (result) result = c.exec("COMMIT");
  if (!result) (void)c.exec("ROLLBACK");
  return result;
}

}  // namespace keyward::store::postgres

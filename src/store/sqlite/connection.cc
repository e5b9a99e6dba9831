#include "store/sqlite/connection.h"

#include <algorithm>

#include <sqlite3.h>

#include "store/conflicts.h"

namespace keyward::store::sqlite {
namespace {

constexpr int kBusyTimeoutMs = 5000;

// Maps "UNIQUE constraint failed: <table>.<column>" to what the caller should be told.
Error unique_violation(std::string_view message) {
  if (message.find("users.username") != std::string_view::npos) return username_taken();
  if (message.find("agent_username") != std::string_view::npos) return agent_username_taken();
  if (message.find("applications.org_id") != std::string_view::npos) return application_taken();
  if (message.find("traces.app_id") != std::string_view::npos) return trace_taken();
  if (message.find("traces.id") != std::string_view::npos) return entity_exists("trace");
  if (message.find("sessions.token_hash") != std::string_view::npos) return session_taken();
  if (message.find("sessions.id") != std::string_view::npos) return entity_exists("session");
  if (message.find("organizations.id") != std::string_view::npos) {
    return entity_exists("organization");
  }
  if (message.find("users.id") != std::string_view::npos) return entity_exists("user");
  if (message.find("key_reminders.") != std::string_view::npos) return reminder_given();
  if (message.find("api_keys.id") != std::string_view::npos) return entity_exists("key");
  if (message.find("applications.id") != std::string_view::npos) {
    return entity_exists("application");
  }
  return credential_taken();
}

}  // namespace

Statement::~Statement() {
  if (owned_) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::span<const std::uint8_t> blob) {
  if (blob.empty()) {
    sqlite3_bind_zeroblob(stmt_, index, 0);  // a null pointer would bind NULL, not x''
  } else {
    sqlite3_bind_blob(stmt_, index, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  }
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return fail(connection_.error(rc, "running a query"));
}

Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return fail(row.error());
    if (!*row) return {};
  }
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}

std::vector<std::uint8_t> Statement::blob(int column) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
}

// Parsed straight from SQLite's buffer: the verify index reads a million of these at start.
Uuid Statement::uuid(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  const int n = sqlite3_column_bytes(stmt_, column);
  if (!p) return Uuid{};
  return Uuid::parse(std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(n)))
      .value_or(Uuid{});
}

Digest Statement::digest(int column) const {
  Digest d{};
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  const int n = sqlite3_column_bytes(stmt_, column);
  if (p && static_cast<size_t>(n) == d.size()) std::copy(p, p + n, d.begin());
  return d;
}

std::optional<Digest> Statement::optional_digest(int column) const {
  if (is_null(column)) return std::nullopt;
  return digest(column);
}

std::optional<Timestamp> Statement::optional_timestamp(int column) const {
  if (is_null(column)) return std::nullopt;
  return timestamp(column);
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<Connection> connection(new Connection(db));
  if (rc != SQLITE_OK) {
    return fail(Errc::kUnavailable, "cannot open database " + path + ": " +
                                        (db ? sqlite3_errmsg(db) : "out of memory"));
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  sqlite3_extended_result_codes(db, 1);
  // mmap_size: pages are read through a mapping of the file (up to 256 MiB of address space per
  // connection) instead of a read() each into the connection's own small cache, which another
  // connection's commit empties; writes still go through the WAL as before.
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
        "PRAGMA secure_delete=ON", "PRAGMA mmap_size=268435456"}) {
    if (auto s = connection->exec(pragma); !s) return fail(s.error());
  }
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<Statement> Connection::prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return fail(error(rc, "preparing a query"));
    it = statements_.emplace(sql, stmt).first;
  }
  return Result<Statement>(std::in_place, *this, it->second);
}

Result<Statement> Connection::prepare_once(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return fail(error(rc, "preparing a query"));
  return Result<Statement>(std::in_place, *this, stmt, true);
}

Status Connection::exec(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) return fail(error(rc, "running " + sql.substr(0, sql.find(' '))));
  return {};
}

int Connection::changes() const { return sqlite3_changes(db_); }

Error Connection::error(int rc, std::string_view doing) const {
  const std::string_view message = sqlite3_errmsg(db_);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return unique_violation(message);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Error{
          Errc::kNotFound, "the organization or application it belongs to was not found", {}};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error{Errc::kUnavailable, "the database is busy; try again", {}};
    default:
      return Error{Errc::kUnavailable,
                   "database error while " + std::string(doing) + ": " + std::string(message),
                   {}};
  }
}

}  // namespace keyward::store::sqlite

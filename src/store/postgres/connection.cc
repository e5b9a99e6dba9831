#include "store/postgres/connection.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <utility>

#include <libpq-fe.h>

#include "store/postgres/errors.h"
#include <endian.h>

namespace keyward::store::postgres {

Params::Wire::Wire(const Params& params) {
  for (const auto& v : params.values_) {
    values.push_back(v.is_null ? nullptr : v.data.data());
    lengths.push_back(static_cast<int>(v.data.size()));
    formats.push_back(v.binary ? 1 : 0);
  }
}

Params& Params::text(std::string_view value) {
  values_.push_back({std::string(value), false, false});
  return *this;
}

Params& Params::bytes(std::span<const std::uint8_t> value) {
  values_.push_back(
      {std::string(reinterpret_cast<const char*>(value.data()), value.size()), false, true});
  return *this;
}

Params& Params::null() {
  values_.push_back({{}, true, false});
  return *this;
}

bool Row::is_null(int column) const { return PQgetisnull(result_, row_, column) != 0; }

std::string_view Row::raw(int column) const {
  return {PQgetvalue(result_, row_, column),
          static_cast<size_t>(PQgetlength(result_, row_, column))};
}

std::int64_t Row::integer(int column) const {
  const auto v = raw(column);
  switch (v.size()) {
    case 2: {
      std::uint16_t n;
      std::memcpy(&n, v.data(), 2);
      return static_cast<std::int16_t>(be16toh(n));
    }
    case 4: {
      std::uint32_t n;
      std::memcpy(&n, v.data(), 4);
      return static_cast<std::int32_t>(be32toh(n));
    }
    case 8: {
      std::uint64_t n;
      std::memcpy(&n, v.data(), 8);
      return static_cast<std::int64_t>(be64toh(n));
    }
    default:
      return 0;  // NULL
  }
}

bool Row::boolean(int column) const {
  const auto v = raw(column);
  return !v.empty() && v[0] != 0;
}

std::string Row::text(int column) const { return std::string(raw(column)); }

std::vector<std::uint8_t> Row::bytes(int column) const {
  const auto v = raw(column);
  return {reinterpret_cast<const std::uint8_t*>(v.data()),
          reinterpret_cast<const std::uint8_t*>(v.data()) + v.size()};
}

Digest Row::digest(int column) const {
  Digest d{};
  const auto v = raw(column);
  if (v.size() == d.size()) std::memcpy(d.data(), v.data(), d.size());
  return d;
}

std::optional<Digest> Row::optional_digest(int column) const {
  if (is_null(column)) return std::nullopt;
  return digest(column);
}

Uuid Row::uuid(int column) const {
  std::array<std::uint8_t, 16> bytes{};
  const auto v = raw(column);
  if (v.size() == bytes.size()) std::memcpy(bytes.data(), v.data(), bytes.size());
  return Uuid::from_bytes(bytes);
}

std::optional<Uuid> Row::optional_uuid(int column) const {
  if (is_null(column)) return std::nullopt;
  return uuid(column);
}

std::optional<Timestamp> Row::optional_timestamp(int column) const {
  if (is_null(column)) return std::nullopt;
  return timestamp(column);
}

Rows::Rows(pg_result* result) : result_(result) {}
Rows::~Rows() { PQclear(result_); }
Rows& Rows::operator=(Rows&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}
int Rows::size() const { return PQntuples(result_); }

std::int64_t Rows::affected() const {
  const char* n = PQcmdTuples(result_);
  return (n && *n) ? std::stoll(n) : 0;
}

Result<std::unique_ptr<Connection>> Connection::open(const Settings& settings) {
  // Defaults first: with expand_dbname, what the URI says overrides them.
  const char* keywords[] = {"connect_timeout", "application_name", "client_encoding", "dbname",
                            nullptr};
  const char* values[] = {"5", settings.application_name.c_str(), "UTF8", settings.conninfo.c_str(),
                          nullptr};
  pg_conn* conn = PQconnectdbParams(keywords, values, 1);
  std::unique_ptr<Connection> c(new Connection(conn));
  if (!conn) return fail(Errc::kUnavailable, "cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) return fail(connection_error(conn, "connecting"));
  // libpq prints notices ("relation already exists, skipping") to stderr; Keyward reports what
  // matters through its errors instead.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  c->statement_timeout_sql_ =
      "SET statement_timeout = " + std::to_string(settings.statement_timeout.count());
  if (auto s = c->exec(c->statement_timeout_sql_); !s) return fail(s.error());
  return c;
}

Connection::~Connection() { PQfinish(conn_); }

Result<Rows> Connection::finish(pg_result* result, std::string_view doing) {
  const auto status = PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Rows(result);
  Error e = result ? statement_error(conn_, result, doing) : connection_error(conn_, doing);
  PQclear(result);
  return fail(std::move(e));
}

bool Connection::lost_while_idle(bool was_idle) {
  if (!was_idle || PQstatus(conn_) == CONNECTION_OK) return false;
  // The server restarted or dropped us between two operations: nothing of this one can have
  // happened, so reconnecting and running it once more is safe.
  PQreset(conn_);
  prepared_.clear();
  if (PQstatus(conn_) != CONNECTION_OK) return false;
  pg_result* set = PQexec(conn_, statement_timeout_sql_.c_str());
  const bool ok = PQresultStatus(set) == PGRES_COMMAND_OK;
  PQclear(set);
  return ok;
}

Result<Rows> Connection::query(const char* sql, const Params& params) {
  const bool idle = PQtransactionStatus(conn_) == PQTRANS_IDLE;
  auto r = query_prepared(sql, params);
  if (!r && lost_while_idle(idle)) return query_prepared(sql, params);
  return r;
}

Result<std::string> Connection::statement_name(const char* sql) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "k" + std::to_string(prepared_.size() + 1);
    auto prepared = finish(PQprepare(conn_, name.c_str(), sql, 0, nullptr), "preparing a query");
    if (!prepared) return fail(prepared.error());
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  return it->second;
}

Result<Rows> Connection::query_prepared(const char* sql, const Params& params) {
  auto name = statement_name(sql);
  if (!name) return fail(name.error());
  const Params::Wire wire(params);
  return finish(PQexecPrepared(conn_, name->c_str(), params.size(), wire.values.data(),
                               wire.lengths.data(), wire.formats.data(), 1),
                "running a query");
}

Status Connection::query_and_commit(const char* sql, const Params& params) {
  auto name = statement_name(sql);
  if (!name) return fail(name.error());
  const Params::Wire wire(params);
  if (PQenterPipelineMode(conn_) != 1 ||
      PQsendQueryPrepared(conn_, name->c_str(), params.size(), wire.values.data(),
                          wire.lengths.data(), wire.formats.data(), 1) != 1 ||
      PQsendQueryParams(conn_, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) != 1 ||
      PQpipelineSync(conn_) != 1) {
    Error e = connection_error(conn_, "committing");
    (void)PQexitPipelineMode(conn_);
    return fail(std::move(e));
  }
  // Results arrive in order: the statement's, a NULL, COMMIT's, a NULL, then the sync point.
  // The first failure is the one to report; COMMIT after a failed statement is only "aborted".
  std::optional<Error> failure;
  for (int nulls = 0; nulls < 3;) {
    pg_result* r = PQgetResult(conn_);
    if (!r) {
      if (PQstatus(conn_) != CONNECTION_OK) {
        if (!failure) failure = connection_error(conn_, "committing");
        break;
      }
      ++nulls;
      continue;
    }
    const auto status = PQresultStatus(r);
    if (status == PGRES_PIPELINE_SYNC) {
      PQclear(r);
      break;
    }
    if (!failure && status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK &&
        status != PGRES_PIPELINE_ABORTED) {
      failure = statement_error(conn_, r, "committing");
    }
    PQclear(r);
  }
  (void)PQexitPipelineMode(conn_);
  if (failure) return fail(std::move(*failure));
  return {};
}

Result<Rows> Connection::query_once(const std::string& sql, const Params& params) {
  const bool idle = PQtransactionStatus(conn_) == PQTRANS_IDLE;
  auto r = query_unprepared(sql, params);
  if (!r && lost_while_idle(idle)) return query_unprepared(sql, params);
  return r;
}

Result<Rows> Connection::query_unprepared(const std::string& sql, const Params& params) {
  const Params::Wire wire(params);
  return finish(PQexecParams(conn_, sql.c_str(), params.size(), nullptr, wire.values.data(),
                             wire.lengths.data(), wire.formats.data(), 1),
                "running a query");
}

Status Connection::exec(const std::string& sql) {
  const bool idle = PQtransactionStatus(conn_) == PQTRANS_IDLE;
  const std::string doing = "running " + sql.substr(0, sql.find(' '));
  auto r = finish(PQexec(conn_, sql.c_str()), doing);
  if (!r && lost_while_idle(idle)) r = finish(PQexec(conn_, sql.c_str()), doing);
  if (!r) return fail(r.error());
  return {};
}

bool Connection::in_transaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

bool Connection::reusable() const {
  return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

std::string Connection::server_encoding() const {
  const char* e = PQparameterStatus(conn_, "server_encoding");
  return e ? e : "";
}

}  // namespace keyward::store::postgres

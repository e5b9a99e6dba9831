// PostgresStore's queries over applications and traces: filters become WHERE clauses with bound
// parameters, so the database does the filtering and paging, not the caller. Text matching and
// ordering fold ASCII case only and compare bytes (COLLATE "C"), as SQLite's lower() and the
// memory store do, whatever the database's locale: every store pages identically.
#include <string>
#include <vector>

#include "store/conflicts.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/rows.h"
#include "store/postgres/store_queries.h"

namespace keyward::store {

using postgres::Connection;
using postgres::Params;
using postgres::Row;

namespace {

constexpr char kFindApplication[] = "SELECT " KEYWARD_APPLICATION_COLUMNS
                                    " FROM applications WHERE org_id = $1 AND name = $2 "
                                    "AND language = $3";
constexpr char kGetTrace[] = "SELECT " KEYWARD_TRACE_COLUMNS " FROM traces WHERE id = $1";
// Statuses 0-2 are the open ones: Reported, Suspicious, Confirmed (core/trace.h).
constexpr char kCountTraces[] =
    "SELECT app_id, severity, COUNT(*), COUNT(*) FILTER (WHERE status <= 2) FROM traces "
    "WHERE org_id = $1 GROUP BY app_id, severity ORDER BY app_id";

// Hashes looked up per statement: few enough for a quick plan, many enough for few round trips.
constexpr size_t kHashesPerQuery = 500;

// ASCII-only lower case, as SQLite's lower() folds.
std::string folded(const std::string& column) {
  return "translate(" + column + ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')";
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A WHERE clause built piece by piece, with its parameters numbered $1, $2, ... in order.
class Where {
 public:
  Where& equals(const std::string& column, std::string value) {
    add(column + " = " + next(std::move(value)));
    return *this;
  }
  Where& in(const std::string& column, const std::vector<std::string>& values) {
    if (values.empty()) return *this;
    std::string clause = column + " IN (";
    for (size_t i = 0; i < values.size(); ++i) clause += (i ? ", " : "") + next(values[i]);
    add(clause + ")");
    return *this;
  }
  // Case-insensitive (ASCII) substring of any of `columns`.
  Where& contains(const std::vector<std::string>& columns, const std::string& lower_text) {
    if (lower_text.empty()) return *this;
    std::string clause = "(";
    for (size_t i = 0; i < columns.size(); ++i) {
      clause += (i ? " OR " : "") + std::string("strpos(") + folded(columns[i]) + ", " +
                next(lower_text) + ") > 0";
    }
    add(clause + ")");
    return *this;
  }
  Where& raw(const std::string& clause) {
    add(clause);
    return *this;
  }

  std::string sql() const { return clauses_.empty() ? "" : " WHERE " + clauses_; }
  const Params& params() const { return params_; }
  int count() const { return params_.size(); }

 private:
  std::string next(std::string value) {
    params_.add(value);
    return "$" + std::to_string(params_.size());
  }
  void add(const std::string& clause) { clauses_ += (clauses_.empty() ? "" : " AND ") + clause; }
  std::string clauses_;
  Params params_;
};

// Runs COUNT(*) and the page query for one WHERE clause.
template <class T, class Read>
Result<Page<T>> page_query(Connection& c, const std::string& table, const std::string& columns,
                           const Where& where, const std::string& order, size_t offset,
                           size_t limit, Read read) {
  Page<T> page;
  auto count = c.query_once("SELECT COUNT(*) FROM " + table + where.sql(), where.params());
  if (!count) return fail(count.error());
  page.total = static_cast<size_t>((*count)[0].integer(0));
  Params params = where.params();
  params.add(static_cast<std::int64_t>(limit)).add(static_cast<std::int64_t>(offset));
  const int n = where.count();
  auto rows = c.query_once("SELECT " + columns + " FROM " + table + where.sql() + " ORDER BY " +
                               order + " LIMIT $" + std::to_string(n + 1) + "::bigint OFFSET $" +
                               std::to_string(n + 2) + "::bigint",
                           params);
  if (!rows) return fail(rows.error());
  for (int i = 0; i < rows->size(); ++i) page.items.push_back(read((*rows)[i]));
  return page;
}

// "column [DESC], id": ties are broken by id ascending, as every store does.
std::string order_by(const std::string& column, bool descending) {
  return column + (descending ? " DESC" : "") + ", id";
}

}  // namespace

Result<Application> PostgresStore::find_application(const Uuid& org_id, std::string_view name,
                                                    std::string_view language) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_one<Application>(**c, kFindApplication, postgres::read_application,
                                          Params().add(org_id).add(name).add(language),
                                          "application");
}

Result<Page<Application>> PostgresStore::query_applications(const ApplicationQuery& q) {
  Where where;
  where.equals("org_id", q.org_id.to_string()).contains({"name"}, lower(q.text));
  if (!q.include_archived) where.raw("NOT archived");
  std::string column;
  switch (q.order) {
    case ApplicationOrder::kName:
      column = folded("name") + " COLLATE \"C\"";
      break;
    case ApplicationOrder::kCreated:
      column = "created_at";
      break;
    case ApplicationOrder::kLastSeen:
      column = "last_seen_at";
      break;
    case ApplicationOrder::kImportance:
      column = "importance";
      break;
  }
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return page_query<Application>(**c, "applications", KEYWARD_APPLICATION_COLUMNS, where,
                                 order_by(column, q.descending), q.offset, q.limit,
                                 postgres::read_application);
}

Result<Trace> PostgresStore::get_trace(const Uuid& id) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_one<Trace>(**c, kGetTrace, postgres::read_trace, Params().add(id),
                                    "trace");
}

Result<std::vector<Trace>> PostgresStore::find_traces(const Uuid& app_id,
                                                      std::span<const std::string> hashes) {
  std::vector<Trace> out;
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  for (size_t start = 0; start < hashes.size(); start += kHashesPerQuery) {
    const auto chunk = hashes.subspan(start, std::min(kHashesPerQuery, hashes.size() - start));
    Where where;
    where.equals("app_id", app_id.to_string())
        .in("hash", std::vector<std::string>(chunk.begin(), chunk.end()));
    auto rows = (*c)->query_once("SELECT " KEYWARD_TRACE_COLUMNS " FROM traces" + where.sql(),
                                 where.params());
    if (!rows) return fail(rows.error());
    for (int i = 0; i < rows->size(); ++i) out.push_back(postgres::read_trace((*rows)[i]));
  }
  return out;
}

Result<Page<Trace>> PostgresStore::query_traces(const TraceQuery& q) {
  Where where;
  where.equals("org_id", q.org_id.to_string());
  if (q.app_id) where.equals("app_id", q.app_id->to_string());
  std::vector<std::string> severities, statuses;
  for (auto s : q.severities) severities.push_back(std::to_string(static_cast<int>(s)));
  for (auto s : q.statuses) statuses.push_back(std::to_string(static_cast<int>(s)));
  where.in("severity", severities)
      .in("status", statuses)
      .in("rule_name", q.rule_names)
      .contains({"title", "rule_name"}, lower(q.text));
  std::string column;
  switch (q.order) {
    case TraceOrder::kLastSeen:
      column = "last_seen_at";
      break;
    case TraceOrder::kFirstSeen:
      column = "first_seen_at";
      break;
    case TraceOrder::kSeverity:
      column = "severity";
      break;
    case TraceOrder::kTitle:
      column = folded("title") + " COLLATE \"C\"";
      break;
    case TraceOrder::kStatus:
      column = "status";
      break;
  }
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return page_query<Trace>(**c, "traces", KEYWARD_TRACE_COLUMNS, where,
                           order_by(column, q.descending), q.offset, q.limit, postgres::read_trace);
}

Result<std::vector<TraceCounts>> PostgresStore::count_traces(const Uuid& org_id) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  auto rows = (*c)->query(kCountTraces, Params().add(org_id));
  if (!rows) return fail(rows.error());
  std::vector<TraceCounts> out;
  for (int i = 0; i < rows->size(); ++i) {
    const Row row = (*rows)[i];
    const Uuid app = row.uuid(0);
    if (out.empty() || out.back().app_id != app) out.push_back(TraceCounts{app, {}, {}});
    const auto severity = static_cast<size_t>(row.integer(1));
    if (severity < out.back().by_severity.size()) {
      out.back().by_severity[severity] = static_cast<size_t>(row.integer(2));
      out.back().open_by_severity[severity] = static_cast<size_t>(row.integer(3));
    }
  }
  return out;
}

}  // namespace keyward::store

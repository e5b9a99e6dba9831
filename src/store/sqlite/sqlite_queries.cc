// SqliteStore's queries over applications and traces: filters become WHERE clauses with bound
// parameters, so the database does the filtering and paging, not the caller.
#include <string>
#include <vector>

#include "store/conflicts.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_store.h"

namespace keyward::store {

using sqlite::Connection;
using sqlite::Statement;

namespace {

constexpr char kFindApplication[] = "SELECT " KEYWARD_APPLICATION_COLUMNS
                                    " FROM applications WHERE org_id = ?1 AND name = ?2 "
                                    "AND language = ?3";
constexpr char kGetTrace[] = "SELECT " KEYWARD_TRACE_COLUMNS " FROM traces WHERE id = ?1";
// Statuses 0-2 are the open ones: Reported, Suspicious, Confirmed (core/trace.h).
constexpr char kCountTraces[] =
    "SELECT app_id, severity, COUNT(*), SUM(status <= 2) FROM traces WHERE org_id = ?1 "
    "GROUP BY app_id, severity ORDER BY app_id";

// Hashes looked up per statement; well under SQLite's limit on bound parameters.
constexpr size_t kHashesPerQuery = 500;

// A WHERE clause built piece by piece, with its parameters bound in order.
class Where {
 public:
  Where& equals(const std::string& column, std::string value) {
    add(column + " = ?", {std::move(value)});
    return *this;
  }
  Where& in(const std::string& column, std::vector<std::string> values) {
    if (values.empty()) return *this;
    std::string clause = column + " IN (";
    for (size_t i = 0; i < values.size(); ++i) clause += i ? ", ?" : "?";
    add(clause + ")", std::move(values));
    return *this;
  }
  // Case-insensitive (ASCII, like lower()) substring of any of `columns`.
  Where& contains(const std::vector<std::string>& columns, const std::string& lower_text) {
    if (lower_text.empty()) return *this;
    std::string clause = "(";
    std::vector<std::string> values;
    for (size_t i = 0; i < columns.size(); ++i) {
      clause += (i ? " OR " : "") + std::string("instr(lower(") + columns[i] + "), ?) > 0";
      values.push_back(lower_text);
    }
    add(clause + ")", std::move(values));
    return *this;
  }
  Where& raw(const std::string& clause) {
    add(clause, {});
    return *this;
  }

  std::string sql() const { return clauses_.empty() ? "" : " WHERE " + clauses_; }
  // Binds the parameters from index 1; returns the next free index.
  int bind(Statement& st) const {
    int i = 1;
    for (const auto& v : values_) st.bind(i++, std::string_view(v));
    return i;
  }

 private:
  void add(const std::string& clause, std::vector<std::string> values) {
    clauses_ += (clauses_.empty() ? "" : " AND ") + clause;
    for (auto& v : values) values_.push_back(std::move(v));
  }
  std::string clauses_;
  std::vector<std::string> values_;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Runs COUNT(*) and the page query for one WHERE clause.
template <class T, class Read>
Result<Page<T>> page_query(Connection& c, const std::string& table, const std::string& columns,
                           const Where& where, const std::string& order, size_t offset,
                           size_t limit, Read read) {
  Page<T> page;
  {
    auto count = c.prepare_once("SELECT COUNT(*) FROM " + table + where.sql());
    if (!count) return fail(count.error());
    where.bind(*count);
    auto row = count->step();
    if (!row) return fail(row.error());
    page.total = static_cast<size_t>(count->integer(0));
  }
  auto st = c.prepare_once("SELECT " + columns + " FROM " + table + where.sql() + " ORDER BY " +
                           order + " LIMIT ? OFFSET ?");
  if (!st) return fail(st.error());
  const int next = where.bind(*st);
  st->bind(next, static_cast<std::int64_t>(limit))
      .bind(next + 1, static_cast<std::int64_t>(offset));
  for (;;) {
    auto row = st->step();
    if (!row) return fail(row.error());
    if (!*row) return page;
    page.items.push_back(read(*st));
  }
}

// "column [DESC], id": ties are broken by id ascending, as every store does.
std::string order_by(const std::string& column, bool descending) {
  return column + (descending ? " DESC" : "") + ", id";
}

}  // namespace

Result<Application> SqliteStore::find_application(const Uuid& org_id, std::string_view name,
                                                  std::string_view language) {
  auto c = acquire();
  auto st = c->prepare(kFindApplication);
  if (!st) return fail(st.error());
  st->bind(1, org_id).bind(2, name).bind(3, language);
  auto row = st->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(not_found("application"));
  return sqlite::read_application(*st);
}

Result<Page<Application>> SqliteStore::query_applications(const ApplicationQuery& q) {
  Where where;
  where.equals("org_id", q.org_id.to_string()).contains({"name"}, lower(q.text));
  if (!q.include_archived) where.raw("archived = 0");
  std::string column;
  switch (q.order) {
    case ApplicationOrder::kName:
      column = "lower(name)";
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
  auto c = acquire();
  return page_query<Application>(*c, "applications", KEYWARD_APPLICATION_COLUMNS, where,
                                 order_by(column, q.descending), q.offset, q.limit,
                                 sqlite::read_application);
}

Result<Trace> SqliteStore::get_trace(const Uuid& id) {
  auto c = acquire();
  auto st = c->prepare(kGetTrace);
  if (!st) return fail(st.error());
  st->bind(1, id);
  auto row = st->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(not_found("trace"));
  return sqlite::read_trace(*st);
}

Result<std::vector<Trace>> SqliteStore::find_traces(const Uuid& app_id,
                                                    std::span<const std::string> hashes) {
  std::vector<Trace> out;
  auto c = acquire();
  for (size_t start = 0; start < hashes.size(); start += kHashesPerQuery) {
    const auto chunk = hashes.subspan(start, std::min(kHashesPerQuery, hashes.size() - start));
    Where where;
    where.equals("app_id", app_id.to_string())
        .in("hash", std::vector<std::string>(chunk.begin(), chunk.end()));
    auto st = c->prepare_once("SELECT " KEYWARD_TRACE_COLUMNS " FROM traces" + where.sql());
    if (!st) return fail(st.error());
    where.bind(*st);
    for (;;) {
      auto row = st->step();
      if (!row) return fail(row.error());
      if (!*row) break;
      out.push_back(sqlite::read_trace(*st));
    }
  }
  return out;
}

Result<Page<Trace>> SqliteStore::query_traces(const TraceQuery& q) {
  Where where;
  where.equals("org_id", q.org_id.to_string());
  if (q.app_id) where.equals("app_id", q.app_id->to_string());
  std::vector<std::string> severities, statuses;
  for (auto s : q.severities) severities.push_back(std::to_string(static_cast<int>(s)));
  for (auto s : q.statuses) statuses.push_back(std::to_string(static_cast<int>(s)));
  // Severity and status are INTEGER columns; CAST keeps the text parameters comparable.
  where.in("CAST(severity AS TEXT)", severities)
      .in("CAST(status AS TEXT)", statuses)
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
      column = "lower(title)";
      break;
    case TraceOrder::kStatus:
      column = "status";
      break;
  }
  auto c = acquire();
  return page_query<Trace>(*c, "traces", KEYWARD_TRACE_COLUMNS, where,
                           order_by(column, q.descending), q.offset, q.limit, sqlite::read_trace);
}

Result<std::vector<TraceCounts>> SqliteStore::count_traces(const Uuid& org_id) {
  auto c = acquire();
  auto st = c->prepare(kCountTraces);
  if (!st) return fail(st.error());
  st->bind(1, org_id);
  std::vector<TraceCounts> out;
  for (;;) {
    auto row = st->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    const Uuid app = st->uuid(0);
    if (out.empty() || out.back().app_id != app) out.push_back(TraceCounts{app, {}});
    const auto severity = static_cast<size_t>(st->integer(1));
    if (severity < out.back().by_severity.size()) {
      out.back().by_severity[severity] = static_cast<size_t>(st->integer(2));
      out.back().open_by_severity[severity] = static_cast<size_t>(st->integer(3));
    }
  }
}

}  // namespace keyward::store

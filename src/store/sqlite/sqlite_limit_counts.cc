// SqliteStore's limit counts (store.h, LimitCount): several processes over one database file add
// their counts here and read each other's.
#include <map>
#include <tuple>

#include "store/sqlite/sqlite_store.h"

namespace keyward::store {

namespace {

// SQLite has one writer at a time (BEGIN IMMEDIATE), so positions taken inside the write
// transaction follow commit order.
constexpr char kTakePositions[] =
    "UPDATE limit_count_state SET last_seq = last_seq + ?1 WHERE id = 1 RETURNING last_seq";
constexpr char kAddCount[] =
    "INSERT INTO limit_counts (limiter, key, origin, bucket_ms, count, seq) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (limiter, key, origin, bucket_ms) "
    "DO UPDATE SET count = count + excluded.count, seq = excluded.seq";
constexpr char kCountsAfter[] =
    "SELECT limiter, key, origin, bucket_ms, count, seq FROM limit_counts WHERE seq > ?1 "
    "ORDER BY seq LIMIT ?2";

using Row = std::tuple<std::string, std::string, std::int64_t, std::int64_t>;

}  // namespace

Status SqliteStore::add_limit_counts(std::span<const LimitCount> counts) {
  // One row each, so every row gets a position of its own.
  std::map<Row, std::int64_t> rows;
  for (const auto& c : counts) rows[Row{c.limiter, c.key, c.origin, c.bucket_ms}] += c.count;
  if (rows.empty()) return {};
  auto c = acquire();
  return sqlite::in_transaction(*c, [&]() -> Status {
    auto take = c->prepare(kTakePositions);
    if (!take) return fail(take.error());
    take->bind(1, static_cast<std::int64_t>(rows.size()));
    auto row = take->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(Errc::kInternal, "the limit_count_state row is missing");
    std::int64_t seq = take->integer(0) - static_cast<std::int64_t>(rows.size());
    if (auto s = take->run(); !s) return s;  // finishes the statement before the next
    for (const auto& [key, count] : rows) {
      auto st = c->prepare(kAddCount);
      if (!st) return fail(st.error());
      const auto& [limiter, limited, origin, bucket_ms] = key;
      st->bind(1, std::string_view(limiter))
          .bind(2, std::string_view(limited))
          .bind(3, origin)
          .bind(4, bucket_ms)
          .bind(5, count)
          .bind(6, ++seq);
      if (auto s = st->run(); !s) return s;
    }
    return {};
  });
}

Result<std::vector<LimitCount>> SqliteStore::limit_counts_after(std::int64_t after,
                                                                std::size_t limit) {
  auto c = acquire();
  auto st = c->prepare(kCountsAfter);
  if (!st) return fail(st.error());
  st->bind(1, after).bind(2, static_cast<std::int64_t>(limit));
  std::vector<LimitCount> out;
  for (;;) {
    auto row = st->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    out.push_back(LimitCount{st->text(0), st->text(1), st->integer(2), st->integer(3),
                             st->integer(4), st->integer(5)});
  }
  return out;
}

}  // namespace keyward::store

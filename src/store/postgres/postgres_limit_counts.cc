// PostgresStore's limit counts (store.h, LimitCount): every node adds its counts here and reads
// the others'.
#include <algorithm>
#include <iterator>
#include <map>
#include <string>
#include <tuple>

#include "store/postgres/postgres_store.h"

namespace keyward::store {

using postgres::Params;
using postgres::Row;

namespace {

// Rows per statement: five parameters each, well under PostgreSQL's 65535.
constexpr std::size_t kLimitRowsPerStatement = 1000;

constexpr char kCountsAfter[] =
    "SELECT limiter, key, origin, bucket_ms, count, seq FROM limit_counts WHERE seq > $1::bigint "
    "ORDER BY seq LIMIT $2::bigint";

using Key = std::tuple<std::string, std::string, std::int64_t, std::int64_t>;

// One statement for `n` rows: it takes n positions from the single limit_count_state row (whose
// lock it holds until it commits, so positions follow commit order, as the journal's do) and
// adds each count to its row, giving the row the next of them.
std::string add_counts_sql(std::size_t n) {
  std::string sql = "WITH head AS (UPDATE limit_count_state SET last_seq = last_seq + " +
                    std::to_string(n) +
                    " WHERE id = 1 RETURNING last_seq) "
                    "INSERT INTO limit_counts (limiter, key, origin, bucket_ms, count, seq) "
                    "SELECT v.limiter, v.key, v.origin, v.bucket_ms, v.count, head.last_seq - " +
                    std::to_string(n) + " + v.ord FROM head, (VALUES ";
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t p = i * 5;
    sql += (i == 0 ? "(" : ", (") + ("$" + std::to_string(p + 1)) + "::text, $" +
           std::to_string(p + 2) + "::text, $" + std::to_string(p + 3) + "::bigint, $" +
           std::to_string(p + 4) + "::bigint, $" + std::to_string(p + 5) + "::bigint, " +
           std::to_string(i + 1) + ")";
  }
  sql +=
      ") AS v(limiter, key, origin, bucket_ms, count, ord) "
      "ON CONFLICT (limiter, key, origin, bucket_ms) "
      "DO UPDATE SET count = limit_counts.count + excluded.count, seq = excluded.seq";
  return sql;
}

}  // namespace

Status PostgresStore::add_limit_counts(std::span<const LimitCount> counts) {
  // One entry per row: a statement may not update a row twice, and each row gets its position.
  std::map<Key, std::int64_t> rows;
  for (const auto& c : counts) rows[Key{c.limiter, c.key, c.origin, c.bucket_ms}] += c.count;
  if (rows.empty()) return {};
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  // Every statement commits on its own: a later one failing leaves the earlier counts added,
  // which the caller, publishing again, would count twice. So all go in one transaction.
  return postgres::in_transaction(**c, [&]() -> Status {
    auto it = rows.begin();
    while (it != rows.end()) {
      const std::size_t n =
          std::min(kLimitRowsPerStatement, static_cast<std::size_t>(std::distance(it, rows.end())));
      Params params;
      for (std::size_t i = 0; i < n; ++i, ++it) {
        const auto& [limiter, key, origin, bucket_ms] = it->first;
        params.add(limiter).add(key).add(origin).add(bucket_ms).add(it->second);
      }
      auto done = (*c)->query_once(add_counts_sql(n), params);
      if (!done) return fail(done.error());
    }
    return {};
  });
}

Result<std::vector<LimitCount>> PostgresStore::limit_counts_after(std::int64_t after,
                                                                  std::size_t limit) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  auto rows = (*c)->query(kCountsAfter, Params().add(after).add(static_cast<std::int64_t>(limit)));
  if (!rows) return fail(rows.error());
  std::vector<LimitCount> out;
  out.reserve(static_cast<std::size_t>(rows->size()));
  for (int i = 0; i < rows->size(); ++i) {
    const Row row = (*rows)[i];
    out.push_back(LimitCount{row.text(0), row.text(1), row.integer(2), row.integer(3),
                             row.integer(4), row.integer(5)});
  }
  return out;
}

}  // namespace keyward::store

// PostgresStore's keys' usage counts (store.h, KeyUsageHour): every node adds its counts to the
// same rows, so the rows hold what all of them counted.
#include <algorithm>
#include <iterator>
#include <map>
#include <string>
#include <utility>

#include "store/postgres/postgres_store.h"

namespace keyward::store {

using postgres::Params;
using postgres::Row;

namespace {

// Rows per statement: nine parameters each, well under PostgreSQL's 65535.
constexpr std::size_t kUsageRowsPerStatement = 500;

constexpr char kKeyUsage[] =
    "SELECT key_id, org_id, hour, valid, rate_limited, usage_exceeded, refused, last_used_at, "
    "last_used_ip FROM key_usage WHERE key_id = $1::uuid AND hour >= $2::bigint ORDER BY hour";
// sum() of bigint is numeric: back to bigint, which no count comes near overflowing.
constexpr char kOrgUsage[] =
    "SELECT hour, sum(valid)::bigint, sum(rate_limited)::bigint, sum(usage_exceeded)::bigint, "
    "sum(refused)::bigint FROM key_usage WHERE org_id = $1::uuid AND hour >= $2::bigint "
    "GROUP BY hour ORDER BY hour";
constexpr char kTopKeys[] =
    "SELECT key_id, sum(valid)::bigint, sum(rate_limited)::bigint, sum(usage_exceeded)::bigint, "
    "sum(refused)::bigint, sum(valid + rate_limited + usage_exceeded + refused) AS total "
    "FROM key_usage WHERE org_id = $1::uuid AND hour >= $2::bigint GROUP BY key_id "
    "HAVING sum(valid + rate_limited + usage_exceeded + refused) > 0 "
    "ORDER BY total DESC, key_id LIMIT $3::bigint";

// One statement for `n` rows. A statement may not update a row twice, so the caller merges
// repeats first; rows go in key order, so two nodes adding to the same rows lock them in the
// same order and never deadlock.
std::string add_usage_sql(std::size_t n) {
  std::string sql =
      "INSERT INTO key_usage (key_id, hour, org_id, valid, rate_limited, usage_exceeded, refused, "
      "last_used_at, last_used_ip) VALUES ";
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t p = i * 9;
    const auto arg = [&](std::size_t k, const char* type) {
      return "$" + std::to_string(p + k) + "::" + type;
    };
    sql += (i == 0 ? "(" : ", (") + arg(1, "uuid") + ", " + arg(2, "bigint") + ", " +
           arg(3, "uuid") + ", " + arg(4, "bigint") + ", " + arg(5, "bigint") + ", " +
           arg(6, "bigint") + ", " + arg(7, "bigint") + ", " + arg(8, "bigint") + ", " +
           arg(9, "text") + ")";
  }
  sql +=
      " ON CONFLICT (key_id, hour) DO UPDATE SET valid = key_usage.valid + excluded.valid, "
      "rate_limited = key_usage.rate_limited + excluded.rate_limited, "
      "usage_exceeded = key_usage.usage_exceeded + excluded.usage_exceeded, "
      "refused = key_usage.refused + excluded.refused, "
      "last_used_ip = CASE WHEN excluded.last_used_at > coalesce(key_usage.last_used_at, -1) "
      "THEN excluded.last_used_ip ELSE key_usage.last_used_ip END, "
      "last_used_at = greatest(key_usage.last_used_at, excluded.last_used_at)";
  return sql;
}

UsageCounts counts_at(const Row& row, int first) {
  return {row.integer(first), row.integer(first + 1), row.integer(first + 2),
          row.integer(first + 3)};
}

}  // namespace

Status PostgresStore::add_key_usage(std::span<const KeyUsageHour> rows) {
  std::map<std::pair<Uuid, Timestamp>, KeyUsageHour> merged;
  for (const auto& r : rows) {
    auto [it, fresh] = merged.try_emplace({r.key_id, r.hour}, r);
    if (fresh) continue;
    KeyUsageHour& m = it->second;
    m.counts.add(r.counts);
    if (r.last_used_at && (!m.last_used_at || *m.last_used_at < *r.last_used_at)) {
      m.last_used_at = r.last_used_at;
      m.last_used_ip = r.last_used_ip;
    }
  }
  if (merged.empty()) return {};
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  // All or nothing: a later statement failing must not leave earlier counts added, which the
  // caller, adding them again, would count twice.
  return postgres::in_transaction(**c, [&]() -> Status {
    auto it = merged.begin();
    while (it != merged.end()) {
      const std::size_t n = std::min(kUsageRowsPerStatement,
                                     static_cast<std::size_t>(std::distance(it, merged.end())));
      Params params;
      for (std::size_t i = 0; i < n; ++i, ++it) {
        const KeyUsageHour& r = it->second;
        params.add(r.key_id)
            .add(r.hour)
            .add(r.org_id)
            .add(r.counts.valid)
            .add(r.counts.rate_limited)
            .add(r.counts.usage_exceeded)
            .add(r.counts.refused)
            .add(r.last_used_at)
            .add(r.last_used_ip);
      }
      auto done = (*c)->query_once(add_usage_sql(n), params);
      if (!done) return fail(done.error());
    }
    return {};
  });
}

Result<std::vector<KeyUsageHour>> PostgresStore::key_usage(const Uuid& key_id, Timestamp from) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  auto rows = (*c)->query(kKeyUsage, Params().add(key_id).add(from));
  if (!rows) return fail(rows.error());
  std::vector<KeyUsageHour> out;
  out.reserve(static_cast<std::size_t>(rows->size()));
  for (int i = 0; i < rows->size(); ++i) {
    const Row row = (*rows)[i];
    out.push_back({row.uuid(0), row.uuid(1), row.timestamp(2), counts_at(row, 3),
                   row.optional_timestamp(7), row.text(8)});
  }
  return out;
}

Result<std::vector<KeyUsageHour>> PostgresStore::org_usage(const Uuid& org_id, Timestamp from) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  auto rows = (*c)->query(kOrgUsage, Params().add(org_id).add(from));
  if (!rows) return fail(rows.error());
  std::vector<KeyUsageHour> out;
  out.reserve(static_cast<std::size_t>(rows->size()));
  for (int i = 0; i < rows->size(); ++i) {
    const Row row = (*rows)[i];
    out.push_back({{}, org_id, row.timestamp(0), counts_at(row, 1), {}, {}});
  }
  return out;
}

Result<std::vector<KeyUsageTotal>> PostgresStore::top_keys_by_usage(const Uuid& org_id,
                                                                    Timestamp from,
                                                                    std::size_t limit) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  auto rows =
      (*c)->query(kTopKeys, Params().add(org_id).add(from).add(static_cast<std::int64_t>(limit)));
  if (!rows) return fail(rows.error());
  std::vector<KeyUsageTotal> out;
  out.reserve(static_cast<std::size_t>(rows->size()));
  for (int i = 0; i < rows->size(); ++i) {
    const Row row = (*rows)[i];
    out.push_back({row.uuid(0), counts_at(row, 1)});
  }
  return out;
}

}  // namespace keyward::store

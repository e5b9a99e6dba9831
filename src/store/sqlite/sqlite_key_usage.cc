// SqliteStore's keys' usage counts (store.h, KeyUsageHour): every process over the database adds
// its counts to the same rows.
#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_store.h"

namespace keyward::store {

namespace {

// The SET expressions all see the row as it was: the address goes with the newer last use.
constexpr char kAddUsage[] =
    "INSERT INTO key_usage (key_id, hour, org_id, valid, rate_limited, usage_exceeded, refused, "
    "last_used_at, last_used_ip) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (key_id, hour) DO UPDATE SET valid = valid + excluded.valid, "
    "rate_limited = rate_limited + excluded.rate_limited, "
    "usage_exceeded = usage_exceeded + excluded.usage_exceeded, "
    "refused = refused + excluded.refused, "
    "last_used_ip = CASE WHEN excluded.last_used_at > coalesce(last_used_at, -1) "
    "THEN excluded.last_used_ip ELSE last_used_ip END, "
    "last_used_at = CASE WHEN excluded.last_used_at > coalesce(last_used_at, -1) "
    "THEN excluded.last_used_at ELSE last_used_at END";
constexpr char kKeyUsage[] =
    "SELECT key_id, org_id, hour, valid, rate_limited, usage_exceeded, refused, last_used_at, "
    "last_used_ip FROM key_usage WHERE key_id = ?1 AND hour >= ?2 ORDER BY hour";
constexpr char kOrgUsage[] =
    "SELECT hour, sum(valid), sum(rate_limited), sum(usage_exceeded), sum(refused) FROM key_usage "
    "WHERE org_id = ?1 AND hour >= ?2 GROUP BY hour ORDER BY hour";
constexpr char kTopKeys[] =
    "SELECT key_id, sum(valid), sum(rate_limited), sum(usage_exceeded), sum(refused), "
    "sum(valid + rate_limited + usage_exceeded + refused) AS total FROM key_usage "
    "WHERE org_id = ?1 AND hour >= ?2 GROUP BY key_id HAVING total > 0 "
    "ORDER BY total DESC, key_id LIMIT ?3";

UsageCounts counts_at(const sqlite::Statement& st, int first) {
  return {st.integer(first), st.integer(first + 1), st.integer(first + 2), st.integer(first + 3)};
}

}  // namespace

Status SqliteStore::add_key_usage(std::span<const KeyUsageHour> rows) {
  if (rows.empty()) return {};
  auto c = acquire();
  return sqlite::in_transaction(*c, [&]() -> Status {
    for (const auto& r : rows) {
      auto st = c->prepare(kAddUsage);
      if (!st) return fail(st.error());
      st->bind(1, r.key_id)
          .bind(2, r.hour)
          .bind(3, r.org_id)
          .bind(4, r.counts.valid)
          .bind(5, r.counts.rate_limited)
          .bind(6, r.counts.usage_exceeded)
          .bind(7, r.counts.refused)
          .bind(8, r.last_used_at)
          .bind(9, std::string_view(r.last_used_ip));
      if (auto s = st->run(); !s) return s;
    }
    return {};
  });
}

Result<std::vector<KeyUsageHour>> SqliteStore::key_usage(const Uuid& key_id, Timestamp from) {
  auto c = acquire();
  auto st = c->prepare(kKeyUsage);
  if (!st) return fail(st.error());
  st->bind(1, key_id).bind(2, from);
  return sqlite::all_rows<KeyUsageHour>(*st, [](const sqlite::Statement& r) {
    return KeyUsageHour{
        r.uuid(0), r.uuid(1), r.timestamp(2), counts_at(r, 3), r.optional_timestamp(7), r.text(8)};
  });
}

Result<std::vector<KeyUsageHour>> SqliteStore::org_usage(const Uuid& org_id, Timestamp from) {
  auto c = acquire();
  auto st = c->prepare(kOrgUsage);
  if (!st) return fail(st.error());
  st->bind(1, org_id).bind(2, from);
  return sqlite::all_rows<KeyUsageHour>(*st, [&](const sqlite::Statement& r) {
    return KeyUsageHour{{}, org_id, r.timestamp(0), counts_at(r, 1), {}, {}};
  });
}

Result<std::vector<KeyUsageTotal>> SqliteStore::top_keys_by_usage(const Uuid& org_id,
                                                                  Timestamp from,
                                                                  std::size_t limit) {
  auto c = acquire();
  auto st = c->prepare(kTopKeys);
  if (!st) return fail(st.error());
  st->bind(1, org_id).bind(2, from).bind(3, static_cast<std::int64_t>(limit));
  return sqlite::all_rows<KeyUsageTotal>(*st, [](const sqlite::Statement& r) {
    return KeyUsageTotal{r.uuid(0), counts_at(r, 1)};
  });
}

}  // namespace keyward::store

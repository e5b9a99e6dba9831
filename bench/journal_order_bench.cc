// Measures what it costs to hand out journal positions in commit order (docs/decisions.md, "The
// journal in commit order"). Eight writers run a transaction shaped like a key creation (insert
// the entity, insert its audit record, journal it, COMMIT) as fast as they can, once per scheme:
//
//   sequence              a bigserial: NOT commit-ordered (a later position can commit first)
//   sequence+notify       the same with NOTIFY, which PostgreSQL serializes at commit
//   xid8+notify           bigserial plus the writer's xid8, for readers that stop at the oldest
//                         running transaction (pg_snapshot_xmin)
//   advisory-lock+notify  pg_advisory_xact_lock before taking a sequence value
//   counter-row           a single journal row updated as the last statement, without NOTIFY
//   counter-row+notify    the same with NOTIFY
//   ...+pipelined         sent together with COMMIT: what PostgresStore does
//
//   journal_order_bench --store postgresql://postgres@127.0.0.1:5432/bench [--writers 8]
//                       [--seconds 5]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/postgres/connection.h"
#include "store/postgres/location.h"

using namespace keyward::store::postgres;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kSchema = R"sql(
DROP SCHEMA IF EXISTS journal_order_bench CASCADE;
CREATE SCHEMA journal_order_bench;
SET search_path = journal_order_bench;
CREATE TABLE items (id uuid PRIMARY KEY, payload bytea NOT NULL, version bigint NOT NULL);
CREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, detail text NOT NULL);
CREATE TABLE changes_serial (seq bigserial PRIMARY KEY, entity_id uuid NOT NULL);
CREATE TABLE changes_xid (seq bigserial PRIMARY KEY, xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
                          entity_id uuid NOT NULL);
CREATE TABLE changes (seq bigint PRIMARY KEY, entity_id uuid NOT NULL);
CREATE TABLE journal (id integer PRIMARY KEY, last_seq bigint NOT NULL);
INSERT INTO journal VALUES (1, 0);
)sql";

struct Scheme {
  const char* name;
  const char* journal_sql;   // $1: the entity id
  bool with_commit = false;  // sent together with COMMIT (Connection::query_and_commit)
};

constexpr char kCounterRowNotify[] =
    "WITH head AS (UPDATE journal SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq), "
    "appended AS (INSERT INTO changes (seq, entity_id) SELECT last_seq, $1 FROM head) "
    "SELECT pg_notify('journal_order_bench', last_seq::text) FROM head";

constexpr Scheme kSchemes[] = {
    {"sequence", "INSERT INTO changes_serial (entity_id) VALUES ($1)"},
    {"sequence+notify",
     "WITH c AS (INSERT INTO changes_serial (entity_id) VALUES ($1) RETURNING seq) "
     "SELECT pg_notify('journal_order_bench', seq::text) FROM c"},
    {"xid8+notify",
     "WITH c AS (INSERT INTO changes_xid (entity_id) VALUES ($1) RETURNING seq) "
     "SELECT pg_notify('journal_order_bench', seq::text) FROM c"},
    {"advisory-lock+notify",
     "WITH l AS (SELECT pg_advisory_xact_lock(4242)), "
     "c AS (INSERT INTO changes_serial (entity_id) SELECT $1::uuid FROM l RETURNING seq) "
     "SELECT pg_notify('journal_order_bench', seq::text) FROM c"},
    {"counter-row",
     "WITH head AS (UPDATE journal SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq) "
     "INSERT INTO changes (seq, entity_id) SELECT last_seq, $1 FROM head"},
    {"counter-row+notify", kCounterRowNotify},
    {"counter-row+notify+pipelined", kCounterRowNotify, true},
};

std::string random_uuid(std::mt19937_64& rng) {
  static const char* hex = "0123456789abcdef";
  std::string s = "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx";
  for (auto& c : s) {
    if (c == 'x') c = hex[rng() % 16];
  }
  return s;
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  std::string location;
  int writers = 8;
  int seconds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--store") location = argv[i + 1];
    if (flag == "--writers") writers = std::stoi(argv[i + 1]);
    if (flag == "--seconds") seconds = std::stoi(argv[i + 1]);
  }
  auto parsed = parse_location(location);
  if (!parsed) {
    std::cerr << "usage: journal_order_bench --store postgresql://... [--writers N] "
                 "[--seconds N]\n";
    return 2;
  }
  const Connection::Settings settings{parsed->conninfo, std::chrono::seconds(30), "bench"};
  auto setup = Connection::open(settings);
  if (!setup || !(*setup)->exec(kSchema)) {
    std::cerr << "error: cannot set up the benchmark schema\n";
    return 1;
  }
  std::printf("%d writers, %d s per scheme, transaction = insert + audit + journal + COMMIT\n",
              writers, seconds);
  for (const auto& scheme : kSchemes) {
    std::mutex mu;
    std::vector<double> latencies;
    std::atomic<bool> stop{false};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    const auto started = Clock::now();
    for (int w = 0; w < writers; ++w) {
      threads.emplace_back([&] {
        auto c = Connection::open(settings);
        if (!c || !(*c)->exec("SET search_path = journal_order_bench")) {
          ++failures;
          return;
        }
        std::mt19937_64 rng(std::random_device{}());
        std::vector<double> mine;
        const std::vector<std::uint8_t> payload(120, 7);
        while (!stop) {
          const std::string id = random_uuid(rng);
          const auto t = Clock::now();
          auto s = in_transaction(**c, [&]() -> keyward::Status {
            if (auto r =
                    (*c)->query_once("INSERT INTO items (id, payload, version) VALUES ($1, $2, 1)",
                                     Params().add(id).bytes(payload));
                !r) {
              return keyward::fail(r.error());
            }
            if (auto r = (*c)->query_once("INSERT INTO audit (detail) VALUES ($1)",
                                          Params().add("key.create " + id));
                !r) {
              return keyward::fail(r.error());
            }
            if (auto r = (*c)->query_once(scheme.journal_sql, Params().add(id)); !r) {
              return keyward::fail(r.error());
            }
            return {};
          });
          if (!s) {
            ++failures;
            continue;
          }
          mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
        }
        std::lock_guard lock(mu);
        latencies.insert(latencies.end(), mine.begin(), mine.end());
      });
    }
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    stop = true;
    for (auto& t : threads) t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    const auto n = latencies.size();
    std::printf("  %-28s %8.0f tx/s  p50 %6.2f ms  p99 %6.2f ms  (%zu tx, %d failed)\n",
                scheme.name, static_cast<double>(n) / elapsed, percentile(latencies, 0.5),
                percentile(latencies, 0.99), n, failures.load());
  }
  (void)(*setup)->exec("DROP SCHEMA journal_order_bench CASCADE");
  return 0;
}

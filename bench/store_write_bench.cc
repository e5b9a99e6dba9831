// Write throughput and latency of a store through the real service path: `--writers` threads
// each create a secret key, roll it and revoke the successor, over and over, for `--seconds`.
// Every operation is a WriteBatch with its audit record, as over HTTP.
//
//   store_write_bench --store postgresql://postgres@127.0.0.1:5432/bench --writers 8
//   store_write_bench --store sqlite:/tmp/bench/keyward.db --writers 8
//
// scripts/bench-store.sh runs both against a durable throwaway PostgreSQL (fsync on).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "crypto/credential_protector.h"
#include "crypto/random.h"
#include "service/credential_index.h"
#include "service/key_service.h"
#include "service/organization_service.h"
#include "service/settings_cache.h"
#include "store/data_dir.h"
#include "store/open_store.h"

using namespace keyward;
using Steady = std::chrono::steady_clock;

namespace {

struct Samples {
  std::vector<double> create, roll, revoke;  // milliseconds
  std::size_t failures = 0;
};

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

void report(const char* op, std::vector<double>& v, double seconds) {
  std::printf("  %-7s %7zu ops  %8.0f ops/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms\n", op,
              v.size(), static_cast<double>(v.size()) / seconds, percentile(v, 0.50),
              percentile(v, 0.99), v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()));
}

double ms_since(Steady::time_point t) {
  return std::chrono::duration<double, std::milli>(Steady::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string location;
  int writers = 8;
  int seconds = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--store") location = argv[i + 1];
    if (flag == "--writers") writers = std::stoi(argv[i + 1]);
    if (flag == "--seconds") seconds = std::stoi(argv[i + 1]);
  }
  if (location.empty()) {
    std::cerr << "usage: store_write_bench --store LOCATION [--writers N] [--seconds N]\n";
    return 2;
  }
  store::DataDir dir(std::filesystem::temp_directory_path());
  auto opened = store::open_store(location, dir);
  if (!opened) {
    std::cerr << "error: " << opened.error().message << "\n";
    return 1;
  }
  auto& st = **opened;
  crypto::SystemRandom random;
  SystemClock clock;
  std::array<std::uint8_t, 32> pepper{}, master{};
  random.fill(pepper);
  random.fill(master);
  crypto::CredentialProtector protector(pepper, master);
  service::CredentialIndex index;
  service::SettingsCache settings;
  const service::ServiceContext ctx{st, index, settings, clock, random, protector};
  auto org = service::OrganizationService(ctx).create(service::Actor::command(), "bench");
  if (!org) {
    std::cerr << "error: " << org.error().message << "\n";
    return 1;
  }
  const Uuid org_id = org->org.id;

  std::mutex mu;
  Samples all;
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  const auto started = Steady::now();
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&] {
      service::KeyService keys(ctx);
      const auto actor = service::Actor::command();
      Samples mine;
      while (!stop) {
        auto t = Steady::now();
        auto created = keys.create(actor, org_id, {"bench", KeyKind::kSecret, {}, {}});
        if (!created) {
          ++mine.failures;
          continue;
        }
        mine.create.push_back(ms_since(t));
        t = Steady::now();
        auto rolled = keys.roll(actor, org_id, created->key.id, std::chrono::hours(12), {});
        if (!rolled) {
          ++mine.failures;
          continue;
        }
        mine.roll.push_back(ms_since(t));
        t = Steady::now();
        if (keys.revoke(actor, org_id, rolled->key.id)) {
          mine.revoke.push_back(ms_since(t));
        } else {
          ++mine.failures;
        }
      }
      std::lock_guard lock(mu);
      all.create.insert(all.create.end(), mine.create.begin(), mine.create.end());
      all.roll.insert(all.roll.end(), mine.roll.begin(), mine.roll.end());
      all.revoke.insert(all.revoke.end(), mine.revoke.begin(), mine.revoke.end());
      all.failures += mine.failures;
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Steady::now() - started).count();
  const std::size_t total = all.create.size() + all.roll.size() + all.revoke.size();
  std::printf("%s, %d writers, %.1f s: %zu writes, %.0f writes/s, %zu failed\n",
              store::describe_location(location, dir).c_str(), writers, elapsed, total,
              static_cast<double>(total) / elapsed, all.failures);
  report("create", all.create, elapsed);
  report("roll", all.roll, elapsed);
  report("revoke", all.revoke, elapsed);
  return all.failures == 0 ? 0 : 1;
}

// How long Keyward takes to refuse each kind of bad credential, through the real Dispatcher
// (GET /api/v1/auth, in-process, no socket). A client must not be able to tell from the time of
// a 401 which part of its credential was wrong, so the medians should agree: the table at the end
// shows each against the median of all, and a row more than 10% off is marked. The table takes
// the median over every single request of a kind (all repetitions together), which a busy
// machine's preemptions barely move, where Google Benchmark's own figures are means per
// repetition.
//
// Every kind is checked first to get the same 401 with the same body. Audit records go to a
// SQLite store in a temporary directory and are flushed outside the timed region every 1,000
// requests; the clock moves a minute on every 10,000 so the failure limiter stays small.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/dispatch_stack.h"
#include "core/clock.h"
#include "crypto/base64.h"
#include "crypto/random.h"
#include "service/bootstrap.h"
#include "store/memory/memory_store.h"
#include "store/sqlite/sqlite_store.h"
#include <unistd.h>

namespace keyward {
namespace {

constexpr std::array<std::uint8_t, 32> kPepper{1, 2, 3};
constexpr std::array<std::uint8_t, 32> kMasterKey{4, 5, 6};

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string basic(const std::string& username, const std::string& secret) {
  return crypto::base64_encode(username + ":" + secret);
}

[[noreturn]] void give_up(const char* what) {
  std::fprintf(stderr, "failure_bench: %s\n", what);
  std::exit(2);
}

// One organization with an administrator, a locked member, a deleted, an expired and a disabled
// key; its agent presents its credentials without the API key its organization requires.
struct World {
  World() {
    auto opened = store::SqliteStore::open(audit_dir / "audit.db");
    if (!opened) give_up("cannot open the audit store");
    audit_store = std::move(*opened);
    const service::ServiceContext ctx{store, index, settings, clock, random, protector};
    const auto actor = service::Actor::command();
    auto boot = service::bootstrap(ctx, "root@example.com", "Bench");
    if (!boot) give_up("bootstrap failed");
    admin = boot->admin;
    org = boot->org;

    service::AccountService accounts(ctx);
    auto member = accounts.create(
        actor, {"locked@example.com", Membership{org.org.id, Role::kMember}, false});
    if (!member) give_up("cannot create the locked user");
    locked = *member;
    User locked_user = locked.user;
    locked_user.locked_until = clock.now() + std::chrono::hours(24 * 365 * 10);
    locked_user.version += 1;
    store::WriteBatch lock;
    lock.users.push_back(locked_user);
    if (!ctx.commit(lock)) give_up("cannot lock the user");

    service::KeyService keys(ctx);
    auto doomed = keys.create(actor, org.org.id, {"doomed", KeyKind::kSecret, {}, {}});
    if (!doomed || !keys.revoke(actor, org.org.id, doomed->key.id)) give_up("cannot delete a key");
    deleted_token = doomed->token;
    auto expiring =
        keys.create(actor, org.org.id,
                    {"expiring", KeyKind::kSecret, clock.now() + std::chrono::minutes(1), {}});
    if (!expiring) give_up("cannot create the expiring key");
    expired_token = expiring->token;
    clock.advance(std::chrono::minutes(2));
    auto paused = keys.create(actor, org.org.id, {"paused", KeyKind::kSecret, {}, {}});
    if (!paused || !keys.set_disabled(actor, org.org.id, paused->key.id, true)) {
      give_up("cannot disable a key");
    }
    disabled_token = paused->token;

    stack = std::make_unique<bench::DispatchStack>(ctx, authenticator, *audit_store, 1'000'000);
  }

  // Each kind of refused credential, as the headers of GET /api/v1/auth.
  std::vector<std::pair<std::string, Headers>> refusals() const {
    crypto::SystemRandom r;
    const auto& name = admin.user.username;
    const std::string wrong_secret(admin.service_key.size(), 'x');
    return {
        {"wrong API key",
         {{"Authorization", basic(name, admin.service_key)},
          {"API-Key", std::string(org.api_key.size(), 'x')}}},
        {"wrong service key",
         {{"Authorization", basic(name, wrong_secret)}, {"API-Key", org.api_key}}},
        {"unknown user",
         {{"Authorization", basic("nobody@example.com", admin.service_key)},
          {"API-Key", org.api_key}}},
        {"locked account",
         {{"Authorization", basic(locked.user.username, locked.service_key)},
          {"API-Key", org.api_key}}},
        {"agent without the API key",
         {{"Authorization", basic(org.org.agent_username, org.agent_service_key)}}},
        {"malformed header",
         {{"Authorization", "Digest username=\"root\""}, {"API-Key", org.api_key}}},
        {"deleted key", {{"Authorization", "Bearer " + deleted_token}}},
        {"expired key", {{"Authorization", "Bearer " + expired_token}}},
        {"disabled key", {{"Authorization", "Bearer " + disabled_token}}},
    };
  }

  struct TempDir {
    TempDir()
        : path(std::filesystem::temp_directory_path() /
               ("keyward-failure-bench-" + std::to_string(::getpid()))) {
      std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::filesystem::path operator/(const char* name) const { return path / name; }
    std::filesystem::path path;
  };

  TempDir audit_dir;
  ManualClock clock{from_epoch_ms(1'800'000'000'000)};
  crypto::SystemRandom random;
  crypto::CredentialProtector protector{kPepper, kMasterKey};
  store::MemoryStore store;
  std::unique_ptr<store::SqliteStore> audit_store;
  service::CredentialIndex index;
  service::SettingsCache settings;
  service::Authenticator authenticator{index, protector, clock};
  service::CreatedUser admin;
  service::CreatedUser locked;
  service::CreatedOrganization org;
  std::string deleted_token, expired_token, disabled_token;
  std::unique_ptr<bench::DispatchStack> stack;
};

http::Request request_with(const Headers& headers) {
  http::Request request{http::Method::get, "/api/v1/auth", 11};
  for (const auto& [name, value] : headers) request.set(name, value);
  return request;
}

// The time of every request, per kind of refusal, in microseconds.
std::map<std::string, std::vector<double>> g_samples;

void refuse(benchmark::State& state, World& world, const Headers& headers,
            std::vector<double>& samples) {
  http::Request request = request_with(headers);
  const http::ClientInfo client{boost::asio::ip::make_address("127.0.0.1"), true};
  std::int64_t n = 0;
  for (auto _ : state) {
    const auto started = std::chrono::steady_clock::now();
    auto response = world.stack->dispatcher.answer(request, client);
    const auto took = std::chrono::steady_clock::now() - started;
    benchmark::DoNotOptimize(response);
    const double seconds = std::chrono::duration<double>(took).count();
    state.SetIterationTime(seconds);
    samples.push_back(seconds * 1e6);
    if (++n % 1000 == 0) {
      if (!world.stack->audit.flush()) give_up("the audit flush failed");
      if (n % 10'000 == 0) world.clock.advance(std::chrono::minutes(1));
    }
  }
}

}  // namespace
}  // namespace keyward

int main(int argc, char** argv) {
  using namespace keyward;
  World world;
  const auto refusals = world.refusals();
  std::string first_body;
  for (const auto& [name, headers] : refusals) {
    http::Request request = request_with(headers);
    const auto response = world.stack->dispatcher.answer(
        request, http::ClientInfo{boost::asio::ip::make_address("127.0.0.1"), true});
    if (response.result_int() != 401) give_up(("not refused with 401: " + name).c_str());
    if (first_body.empty()) first_body = response.body();
    if (response.body() != first_body) give_up(("a different 401 body: " + name).c_str());
  }
  for (const auto& [name, headers] : refusals) {
    auto& samples = g_samples[name];
    samples.reserve(4'000'000);
    benchmark::RegisterBenchmark(
        ("refused/" + name).c_str(),
        [&world, &samples, h = headers](benchmark::State& s) { refuse(s, world, h, samples); })
        ->UseManualTime()
        ->Repetitions(9)
        ->ReportAggregatesOnly(true)
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();

  std::vector<std::pair<std::string, double>> medians;  // in the order the kinds were listed
  for (const auto& [name, headers] : refusals) {
    auto& samples = g_samples[name];
    if (samples.empty()) continue;
    const auto middle = samples.begin() + static_cast<std::ptrdiff_t>(samples.size() / 2);
    std::nth_element(samples.begin(), middle, samples.end());
    medians.emplace_back(name, *middle);
  }
  if (medians.empty()) return 0;
  std::vector<double> times;
  for (const auto& [name, t] : medians) times.push_back(t);
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2),
                   times.end());
  const double middle = times[times.size() / 2];
  std::printf("\nmedian time of one refused request, over every request of each kind\n");
  std::printf("%-28s %12s %10s\n", "refused credential", "median", "vs all");
  bool uniform = true;
  for (const auto& [name, t] : medians) {
    const double off = (t - middle) / middle * 100.0;
    const bool outlier = off > 10.0 || off < -10.0;
    uniform &= !outlier;
    std::printf("%-28s %9.2f us %+9.1f%%%s\n", name.c_str(), t, off,
                outlier ? "  <- more than 10% off" : "");
  }
  std::printf("%s\n", uniform ? "every refusal within 10% of the median"
                              : "NOT UNIFORM: a refusal differs by more than 10%");
  return uniform ? 0 : 1;
}

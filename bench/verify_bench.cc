// The verify hot path in-process: token parsing, the peppered hash, the index lookup, the whole
// Authenticator, and the full dispatcher for POST /api/v1/keys/verify without a socket.
//
// `allocs/op` counts heap allocations per iteration (operator new is counted; the C parts of the
// path, OpenSSL's SHA-256 and the parsing, use none): DESIGN.md asks the key check for zero.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>
#include <random>
#include <thread>

#include <benchmark/benchmark.h>

#include "api/api_context.h"
#include "api/dispatcher.h"
#include "bench/dispatch_stack.h"
#include "core/key_token.h"
#include "crypto/base64.h"
#include "crypto/credential_protector.h"
#include "crypto/random.h"
#include "mail/outbox_mailer.h"
#include "service/authenticator.h"
#include "service/bootstrap.h"
#include "service/key_service.h"
#include "service/usage_counters.h"
#include "store/memory/memory_store.h"

namespace {

std::atomic<std::uint64_t> g_allocations{0};

}  // namespace

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
// GCC cannot tell that operator new above is the replacement that paired malloc with this free.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace keyward {
namespace {

constexpr std::array<std::uint8_t, 32> kPepper{1, 2, 3};
constexpr std::array<std::uint8_t, 32> kMasterKey{4, 5, 6};

// A service stack whose index holds `keys` named keys; `token` is one of them. The keys go
// straight into the index (as a load from the store would put them), since the MemoryStore
// copies its state on every write and would make building a large index quadratic.
// A key with every control, none of which a benchmark's requests ever exhaust: read and write
// (as a key without controls holds them) beside three scopes of the organization's own, two rate
// limits, credits and three allowed networks.
KeyControls every_control() {
  KeyControls c;
  c.scopes = {"invoices:read", "invoices:write", "reports:read"};
  c.rate_limits = {{kMaxCount, 1}, {kMaxCount, 86'400}};
  c.credits = Credits{kMaxCount, std::nullopt, {}};
  c.allowed_ips = {*IpNetwork::parse("10.0.0.0/8"), *IpNetwork::parse("2001:db8::/32"),
                   *IpNetwork::parse("127.0.0.0/8")};
  return c;
}

// Empties the usage counters every half second while a benchmark runs, as a node's background
// thread does, so the counted benchmarks pay what a serving node pays (a flush's swap included).
class UsageDrain {
 public:
  explicit UsageDrain(service::UsageCounters& counters)
      : thread_([&counters](std::stop_token stop) {
          std::vector<store::KeyUsageHour> rows;
          while (!stop.stop_requested()) {
            for (int i = 0; i < 50 && !stop.stop_requested(); ++i) {
              std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            rows.clear();
            counters.drain(rows);
          }
        }) {}

 private:
  std::jthread thread_;
};

// `counted`: whether the Authenticator counts usage (service/usage_counters.h), as a node's
// does; benchmarks run both ways (the last argument, 1 counted, 0 not) to show what it costs.
struct Fixture {
  explicit Fixture(std::int64_t keys, bool controlled = false, bool counted = true)
      : counted_(counted) {
    auto boot = service::bootstrap(context(), "root@example.com", "Bench");
    org = boot->org;
    admin = boot->admin;
    const KeyControls controls = controlled ? every_control() : KeyControls{};
    for (std::int64_t i = 0; i < keys; ++i) {
      auto issued =
          service::make_key(context(), org.org.id, {"k", KeyKind::kSecret, {}, {}}, controls);
      index.put(issued->key);
      tokens.push_back(issued->token);
    }
    token = tokens[tokens.size() / 2];
    // Drawn at random, as a gateway sees them: most lookups miss the CPU's caches.
    std::shuffle(tokens.begin(), tokens.end(), std::mt19937_64(1));
  }
  // The i-th of the keys in random order.
  const std::string& random_token(std::size_t i) const { return tokens[i % tokens.size()]; }
  service::ServiceContext context() { return {store, index, settings, clock, random, protector}; }

  SystemClock clock;
  crypto::SystemRandom random;
  crypto::CredentialProtector protector{kPepper, kMasterKey};
  store::MemoryStore store;
  service::CredentialIndex index;
  service::SettingsCache settings;
  bool counted_;
  service::UsageCounters usage;
  service::Authenticator authenticator{index, protector, clock, nullptr,
                                       counted_ ? &usage : nullptr};
  UsageDrain drain{usage};
  service::CreatedOrganization org;
  service::CreatedUser admin;
  std::vector<std::string> tokens;
  std::string token;
};

void report_allocations(benchmark::State& state, std::uint64_t before) {
  state.counters["allocs/op"] = benchmark::Counter(
      static_cast<double>(g_allocations.load() - before) / static_cast<double>(state.iterations()));
}

void BM_ParseKeyToken(benchmark::State& state) {
  crypto::SystemRandom random;
  const std::string token = generate_key_token(KeyKind::kSecret, random);
  const auto before = g_allocations.load();
  for (auto _ : state) benchmark::DoNotOptimize(parse_key_token(token));
  report_allocations(state, before);
}
BENCHMARK(BM_ParseKeyToken);

void BM_PepperedHash(benchmark::State& state) {
  crypto::SystemRandom random;
  const crypto::KeyedHasher hasher(kPepper);
  const std::string token = generate_key_token(KeyKind::kSecret, random);
  const auto before = g_allocations.load();
  for (auto _ : state) benchmark::DoNotOptimize(hasher.hash(token));
  report_allocations(state, before);
}
BENCHMARK(BM_PepperedHash);

// The whole key check: checksum, hash, index lookup, status, usage bookkeeping; one key over and
// over (always in cache), then keys drawn at random from many.
void BM_VerifyKey(benchmark::State& state) {
  Fixture f(state.range(0), false, state.range(1) != 0);
  const auto before = g_allocations.load();
  for (auto _ : state) benchmark::DoNotOptimize(f.authenticator.verify_key(f.token));
  report_allocations(state, before);
}
BENCHMARK(BM_VerifyKey)->ArgsProduct({{1, 1000, 100000}, {0, 1}});

void BM_VerifyRandomKey(benchmark::State& state) {
  Fixture f(state.range(0), false, state.range(1) != 0);
  std::size_t i = 0;
  const auto before = g_allocations.load();
  for (auto _ : state) benchmark::DoNotOptimize(f.authenticator.verify_key(f.random_token(i++)));
  report_allocations(state, before);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyRandomKey)
    ->ArgsProduct({{100000, 1000000}, {0, 1}})
    ->Unit(benchmark::kNanosecond);

// What a gateway asks of every key, whether the key has controls or not: a scope it needs and the
// client's address. Both benchmarks below send it, so that they differ only in the key.
constexpr std::array<std::string_view, 1> kAskedScopes{"read"};
const service::KeyDemands kGatewayDemands{kAskedScopes, "10.1.2.3", 1};

void verify_random_keys_with_demands(benchmark::State& state, bool controlled) {
  Fixture f(state.range(0), controlled, /*counted=*/true);
  const auto checked = f.authenticator.verify_key(f.token, kGatewayDemands);
  if (!checked || checked->admission.verdict != service::ControlVerdict::kPassed) {
    return state.SkipWithError("the benchmark's key does not pass its controls");
  }
  std::size_t i = 0;
  const auto before = g_allocations.load();
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.authenticator.verify_key(f.random_token(i++), kGatewayDemands));
  }
  report_allocations(state, before);
  state.SetItemsProcessed(state.iterations());
}

// Keys without controls, asked for a scope from an address.
void BM_VerifyRandomKeyAsked(benchmark::State& state) {
  verify_random_keys_with_demands(state, false);
}
BENCHMARK(BM_VerifyRandomKeyAsked)->Arg(100000)->Unit(benchmark::kNanosecond);

// The same request to keys with every control: the cost of the controls.
void BM_VerifyRandomKeyWithControls(benchmark::State& state) {
  verify_random_keys_with_demands(state, true);
}
BENCHMARK(BM_VerifyRandomKeyWithControls)->Arg(100000)->Unit(benchmark::kNanosecond);

void BM_VerifyForgedKey(benchmark::State& state) {
  Fixture f(1000);
  crypto::SystemRandom random;
  const std::string forged = generate_key_token(KeyKind::kSecret, random);
  const auto before = g_allocations.load();
  for (auto _ : state) benchmark::DoNotOptimize(f.authenticator.verify_key(forged));
  report_allocations(state, before);
}
BENCHMARK(BM_VerifyForgedKey);

// Contrast-style: base64 decode, two peppered hashes, three lookups.
void BM_AuthenticateContrast(benchmark::State& state) {
  Fixture f(1000);
  const std::string authorization =
      crypto::base64_encode(f.admin.user.username + ":" + f.admin.service_key);
  const auto before = g_allocations.load();
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.authenticator.authenticate({authorization, f.org.api_key}));
  }
  report_allocations(state, before);
}
BENCHMARK(BM_AuthenticateContrast);

// The pipeline over a Fixture, for requests through the dispatcher without a socket.
struct ApiStack {
  explicit ApiStack(Fixture& f) : stack(f.context(), f.authenticator, f.store, 1'000'000) {}
  http::Response answer(http::Request& request) { return stack.dispatcher.answer(request, client); }
  bench::DispatchStack stack;
  http::ClientInfo client{boost::asio::ip::make_address("127.0.0.1"), true};
};

http::Request verify_request(const std::string& body) {
  http::Request request{http::Method::post, "/api/v1/keys/verify", 11};
  request.set(http::beast_http::field::content_type, "application/json");
  request.body() = body;
  request.prepare_payload();
  return request;
}

// POST /api/v1/keys/verify through routing, JSON parsing, the key check and rendering.
void BM_DispatchVerify(benchmark::State& state) {
  Fixture f(1000, false, state.range(0) != 0);
  ApiStack api(f);
  http::Request request = verify_request(R"({"key":")" + f.token + R"("})");
  const auto before = g_allocations.load();
  for (auto _ : state) benchmark::DoNotOptimize(api.answer(request));
  report_allocations(state, before);
}
BENCHMARK(BM_DispatchVerify)->Arg(0)->Arg(1);

// The gateway's request (a scope and the client's address) for keys drawn at random from 100,000,
// through the whole pipeline: without controls, then with every control. Only the keys differ.
void dispatch_verify_as_gateway(benchmark::State& state, bool controlled) {
  Fixture f(100000, controlled, /*counted=*/true);
  ApiStack api(f);
  std::vector<http::Request> requests;
  for (std::size_t i = 0; i < 1024; ++i) {
    requests.push_back(verify_request(R"({"key":")" + f.random_token(i) +
                                      R"(","scopes":["read"],"client_ip":"10.1.2.3"})"));
  }
  if (api.answer(requests.front()).body().find(R"("valid":true)") == std::string::npos) {
    return state.SkipWithError("the benchmark's keys are not valid for its request");
  }
  std::size_t i = 0;
  const auto before = g_allocations.load();
  for (auto _ : state) {
    benchmark::DoNotOptimize(api.answer(requests[i++ % requests.size()]));
  }
  report_allocations(state, before);
  state.SetItemsProcessed(state.iterations());
}

void BM_DispatchVerifyAsGateway(benchmark::State& state) {
  dispatch_verify_as_gateway(state, false);
}
BENCHMARK(BM_DispatchVerifyAsGateway);

void BM_DispatchVerifyAsGatewayWithControls(benchmark::State& state) {
  dispatch_verify_as_gateway(state, true);
}
BENCHMARK(BM_DispatchVerifyAsGatewayWithControls);

// GET /api/v1/auth, as nginx's auth_request sends it, with keys drawn at random from 100,000.
void BM_DispatchAuth(benchmark::State& state) {
  Fixture f(100000, false, state.range(0) != 0);
  ApiStack api(f);
  std::vector<http::Request> requests;
  for (std::size_t i = 0; i < 1024; ++i) {
    http::Request r{http::Method::get, "/api/v1/auth", 11};
    r.set(http::beast_http::field::authorization, "Bearer " + f.random_token(i));
    requests.push_back(std::move(r));
  }
  std::size_t i = 0;
  const auto before = g_allocations.load();
  for (auto _ : state) {
    benchmark::DoNotOptimize(api.answer(requests[i++ % requests.size()]));
  }
  report_allocations(state, before);
}
BENCHMARK(BM_DispatchAuth)->Arg(0)->Arg(1);

// A batch of 1,000 keys drawn at random from 100,000, in one request: keys per second.
void BM_DispatchVerifyBatch(benchmark::State& state) {
  Fixture f(100000);
  ApiStack api(f);
  std::string body = R"({"keys":[)";
  for (std::size_t i = 0; i < 1000; ++i) body += (i ? ",\"" : "\"") + f.random_token(i) + "\"";
  body += "]}";
  http::Request request = verify_request(body);
  for (auto _ : state) benchmark::DoNotOptimize(api.answer(request));
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_DispatchVerifyBatch)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace keyward

BENCHMARK_MAIN();

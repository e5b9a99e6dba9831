// The verify hot path in-process: token parsing, the peppered hash, the index lookup, the whole
// Authenticator, and the full dispatcher for POST /api/v1/keys/verify without a socket.
//
// `allocs/op` counts heap allocations per iteration (operator new is counted; the C parts of the
// path, OpenSSL's SHA-256 and the parsing, use none): DESIGN.md asks the key check for zero.
#include <atomic>
#include <cstdlib>
#include <new>

#include <benchmark/benchmark.h>

#include "api/api_context.h"
#include "api/dispatcher.h"
#include "core/key_token.h"
#include "crypto/base64.h"
#include "crypto/credential_protector.h"
#include "crypto/random.h"
#include "mail/outbox_mailer.h"
#include "service/authenticator.h"
#include "service/bootstrap.h"
#include "service/key_service.h"
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
struct Fixture {
  explicit Fixture(std::int64_t keys) {
    auto boot = service::bootstrap(context(), "root@example.com", "Bench");
    org = boot->org;
    admin = boot->admin;
    for (std::int64_t i = 0; i < keys; ++i) {
      auto issued = service::make_key(context(), org.org.id, {"k", KeyKind::kSecret, {}, {}});
      index.put(issued->key);
      if (i == keys / 2) token = issued->token;
    }
  }
  service::ServiceContext context() { return {store, index, settings, clock, random, protector}; }

  SystemClock clock;
  crypto::SystemRandom random;
  crypto::CredentialProtector protector{kPepper, kMasterKey};
  store::MemoryStore store;
  service::CredentialIndex index;
  service::SettingsCache settings;
  service::UsageRecorder usage;
  service::Authenticator authenticator{index, protector, clock, usage};
  service::CreatedOrganization org;
  service::CreatedUser admin;
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

// The whole key check: checksum, hash, index lookup, status, usage bookkeeping.
void BM_VerifyKey(benchmark::State& state) {
  Fixture f(state.range(0));
  const auto before = g_allocations.load();
  for (auto _ : state) benchmark::DoNotOptimize(f.authenticator.verify_key(f.token));
  report_allocations(state, before);
}
BENCHMARK(BM_VerifyKey)->Arg(1)->Arg(1000)->Arg(100000);

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

// POST /api/v1/keys/verify through routing, JSON parsing, the key check and rendering.
void BM_DispatchVerify(benchmark::State& state) {
  Fixture f(1000);
  service::OrganizationService organizations(f.context());
  service::KeyService keys(f.context());
  service::AccountService accounts(f.context());
  service::MemberService members(f.context());
  service::ApplicationService applications(f.context());
  api::Metrics metrics;
  service::TraceService traces(f.context());
  service::PolicyService policies(f.context());
  service::SessionService sessions(f.context(), service::SignInPolicy{});
  mail::OutboxMailer mailer(std::filesystem::temp_directory_path() / "keyward-bench-outbox",
                            f.clock, f.random);
  service::KeyMail key_mail(f.context(), mailer, service::MailPolicy{});
  service::AuditLog audit(f.store);
  service::WindowLimiter auth_failures(1'000'000, std::chrono::minutes(1));
  const http::TrustedProxies proxies;
  api::ApiContext ctx{.organizations = organizations,
                      .keys = keys,
                      .accounts = accounts,
                      .members = members,
                      .applications = applications,
                      .traces = traces,
                      .policies = policies,
                      .sessions = sessions,
                      .key_mail = key_mail,
                      .audit = audit,
                      .auth_failures = auth_failures,
                      .authenticator = f.authenticator,
                      .index = f.index,
                      .metrics = metrics,
                      .clock = f.clock,
                      .connection_count = [] { return std::size_t{0}; },
                      .public_url = "",
                      .version = "bench"};
  const api::Routes routes = api::build_routes(ctx);
  api::Dispatcher dispatcher(routes,
                             api::Gatekeeper{f.authenticator, f.index, f.settings, f.protector,
                                             audit, auth_failures, proxies, f.clock, metrics},
                             nullptr);
  http::ClientInfo client{boost::asio::ip::make_address("127.0.0.1"), true};
  http::Request request{http::Method::post, "/api/v1/keys/verify", 11};
  request.set(http::beast_http::field::content_type, "application/json");
  request.body() = R"({"key":")" + f.token + R"("})";
  request.prepare_payload();
  const auto before = g_allocations.load();
  for (auto _ : state) benchmark::DoNotOptimize(dispatcher.handle(request, client));
  report_allocations(state, before);
}
BENCHMARK(BM_DispatchVerify);

}  // namespace
}  // namespace keyward

BENCHMARK_MAIN();

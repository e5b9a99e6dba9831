// The whole API over a MemoryStore, called through the Dispatcher without sockets, with one
// principal of every kind: a system administrator, an administrator and a member of organization
// A, an administrator of organization B, A's agent, and a secret and a public key of A.
#pragma once

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/api_context.h"
#include "api/dispatcher.h"
#include "console/console_routes.h"
#include "service/bootstrap.h"
#include "service/leak_reports.h"
#include "support/ecdsa_test_signer.h"
#include "unit/service/service_fixture.h"

namespace keyward::testing {

// Keeps what would have been sent. The handlers under test here only need the Mailer seam; real
// delivery over SMTP is covered by the integration tests.
class RecordingMailer final : public service::Mailer {
 public:
  Status send(const service::EmailMessage& message) override {
    sent.push_back(message);
    return {};
  }
  std::vector<service::EmailMessage> sent;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class ApiTest : public ServiceTest {
 protected:
  void SetUp() override {
    auto boot = service::bootstrap(context(), "root@example.com", "Org A");
    ASSERT_TRUE(boot);
    org_a = boot->org;
    root = boot->admin;
    auto b = organizations.create(actor, "Org B");
    ASSERT_TRUE(b);
    org_b = *b;
    admin_a =
        *accounts.create(actor, {"admin@a.example", Membership{org_a.org.id, Role::kAdmin}, false});
    member_a = *accounts.create(
        actor, {"member@a.example", Membership{org_a.org.id, Role::kMember}, false});
    admin_b =
        *accounts.create(actor, {"admin@b.example", Membership{org_b.org.id, Role::kAdmin}, false});
    secret_a = *keys.create(actor, org_a.org.id, {"secret", KeyKind::kSecret, {}, {}});
    app_a =
        applications.register_application(actor, org_a.org.id, {"shop", "Java", "/shop", {}, {}})
            ->app;
    service::ReportedTrace finding;
    finding.title = "SQL Injection";
    finding.rule_name = "sql-injection";
    finding.severity = Severity::kHigh;
    finding.hash = "h1";
    ASSERT_TRUE(traces.report(org_a.org.id, app_a.id, {finding}));
    store::TraceQuery q;
    q.org_id = org_a.org.id;
    trace_a = traces.query(q)->items.front();
  }

  Headers user(const service::CreatedUser& u, const service::CreatedOrganization& org) const {
    return {{"Authorization", basic(u.user.username, u.service_key)}, {"API-Key", org.api_key}};
  }
  Headers agent(const service::CreatedOrganization& org) const {
    return {{"Authorization", basic(org.org.agent_username, org.agent_service_key)},
            {"API-Key", org.api_key}};
  }
  static Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

  http::Response call(http::Method method, const std::string& target, const Headers& headers = {},
                      const std::string& body = "", const std::string& content_type = "") {
    http::Request request{method, target, 11};
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!content_type.empty()) request.set(http::beast_http::field::content_type, content_type);
    request.body() = body;
    request.prepare_payload();
    return dispatcher.answer(request, client);
  }

  static boost::json::value json(const http::Response& r) { return boost::json::parse(r.body()); }

  service::OrganizationService organizations{context()};
  service::KeyService keys{context()};
  service::AccountService accounts{context()};
  service::MemberService members{context()};
  service::ApplicationService applications{context()};
  api::Metrics metrics;
  service::TraceService traces{context()};
  service::PolicyService policies{context()};
  service::SessionService sessions{context(), service::SignInPolicy{}, network_locks};
  RecordingMailer mailer;
  service::KeyMail key_mail{context(), mailer, service::MailPolicy{}};
  service::AuditLog audit{store};
  service::WebhookService webhooks{context()};
  // High enough that tests of access rules never meet the throttle (dispatcher_test has its own).
  service::WindowLimiter auth_failures{1'000'000, std::chrono::minutes(1)};
  service::WindowLimiter chosen_api_keys{10, std::chrono::hours(1)};
  http::TrustedProxies proxies;
  // Leaked-key reports are on, signed by `scanner` under the identifier "scanner".
  EcdsaTestSigner scanner;
  crypto::SignatureKeys scanner_keys = [this] {
    crypto::SignatureKeys k;
    EXPECT_TRUE(k.add("scanner", *crypto::EcdsaPublicKey::from_pem(scanner.public_key_pem())));
    return k;
  }();
  service::LeakReports leak_reports{context(), keys, mailer, "keyward@localhost"};
  service::UsageService usage{context()};
  // The API over these services, with its own throttle: suites that test throttling or proxies
  // build a second one with theirs.
  api::ApiContext context_with(service::WindowLimiter& limiter) {
    return {.organizations = organizations,
            .keys = keys,
            .accounts = accounts,
            .members = members,
            .applications = applications,
            .traces = traces,
            .policies = policies,
            .sessions = sessions,
            .key_mail = key_mail,
            .audit = audit,
            .webhooks = webhooks,
            .auth_failures = limiter,
            .chosen_api_keys = chosen_api_keys,
            .authenticator = authenticator,
            .index = index,
            .metrics = metrics,
            .clock = clock,
            .connection_stats = [] { return http::ConnectionStats{}; },
            .public_url = "",
            .version = "test",
            .leak_reports = &leak_reports,
            .scanner_keys = &scanner_keys,
            .usage = &usage};
  }
  api::Gatekeeper gatekeeper_with(service::WindowLimiter& limiter,
                                  const http::TrustedProxies& trusted) {
    return {authenticator, index, settings, protector, audit, limiter, trusted, clock, metrics};
  }

  api::ApiContext ctx = context_with(auth_failures);
  // What a node serves: the API and the console's pages.
  api::Routes routes = console::with_console_routes(api::build_routes(ctx));
  api::Dispatcher dispatcher{routes, gatekeeper_with(auth_failures, proxies), nullptr};
  http::ClientInfo client{boost::asio::ip::make_address("127.0.0.1"), true};

  service::CreatedOrganization org_a, org_b;
  service::CreatedUser root, admin_a, member_a, admin_b;
  service::IssuedKey secret_a;
  Application app_a;  // an application of A with one trace
  Trace trace_a;
};

}  // namespace keyward::testing

// The services the API's handlers are built over, and the settings that shape their answers.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "api/metrics.h"
#include "api/route.h"
#include "core/clock.h"
#include "crypto/signature_keys.h"
#include "service/account_service.h"
#include "service/application_service.h"
#include "service/audit_log.h"
#include "service/authenticator.h"
#include "service/credential_index.h"
#include "service/index_sync.h"
#include "service/key_mail.h"
#include "service/key_service.h"
#include "service/leak_reports.h"
#include "service/member_service.h"
#include "service/organization_service.h"
#include "service/policy_service.h"
#include "service/session_service.h"
#include "service/trace_service.h"
#include "service/usage_service.h"
#include "service/webhook_service.h"
#include "service/window_limiter.h"

namespace keyward::api {

struct ApiContext {
  service::OrganizationService& organizations;
  service::KeyService& keys;
  service::AccountService& accounts;
  service::MemberService& members;
  service::ApplicationService& applications;
  service::TraceService& traces;
  service::PolicyService& policies;
  service::SessionService& sessions;
  service::KeyMail& key_mail;
  service::AuditLog& audit;
  service::WebhookService& webhooks;
  service::WindowLimiter& auth_failures;  // shared with the dispatcher: sign-in failures count
  // Attempts to set a chosen API key, per organization: a cap, so that refusals cannot be used to
  // test guesses of other organizations' keys.
  service::WindowLimiter& chosen_api_keys;
  const service::Authenticator& authenticator;
  const service::CredentialIndex& index;
  Metrics& metrics;
  const Clock& clock;
  std::function<http::ConnectionStats()> connection_stats;
  // The address clients reach this server at ("https://keys.example.com"), used in links. Empty:
  // taken from each request's Host header.
  std::string public_url;
  std::string version;
  // Password failures before an account locks, as /ng/global/properties reports it.
  int max_failed_attempts = 5;
  // Whether this node's index is current enough to answer for keys (verify, /healthz).
  service::Staleness staleness = {};
  // Leaked-key reports from secret scanners (POST /api/v1/keys/leaked): what to do with them and
  // the public keys they must be signed with. Null, or no keys: the operator has not turned them
  // on, and the route says how.
  service::LeakReports* leak_reports = nullptr;
  const crypto::SignatureKeys* scanner_keys = nullptr;
  // Keys' usage (GET .../usage). Null: the routes answer 503.
  service::UsageService* usage = nullptr;
};

// Writes the record of showing a secret in full before the secret leaves: when the record cannot
// be written, kUnavailable (503) and the caller shows nothing. Waits for the store (a worker-pool
// handler only).
inline Status record_reveal(const ApiContext& ctx, AuditEvent event) {
  if (auto s = ctx.audit.write_now(std::move(event)); !s) {
    return fail(Errc::kUnavailable, "the audit log could not be written, so nothing is shown");
  }
  return {};
}

// Adapts a handler written as `fn(const ApiContext&, const Call&)` to a route's Handler.
template <class Fn>
Handler with(const ApiContext& ctx, Fn fn) {
  return [&ctx, fn](const Call& call) { return fn(ctx, call); };
}

// Builds every route of the API. The result is what the dispatcher serves, what
// docs/openapi.yaml must describe, and what the role-by-route test walks.
Routes build_routes(const ApiContext& ctx);

}  // namespace keyward::api

// The whole request pipeline in-process, without a socket: every service, the routes and the
// Dispatcher over a ServiceContext, as node::Node wires them, for benchmarks that time
// Dispatcher::handle. The audit log writes to `audit_store`, which may differ from the services'
// store (a benchmark that makes millions of audit records needs one that stays fast).
//
// Not thread-safe to build; handle() may then be called as from any I/O thread.
#pragma once

#include <filesystem>

#include "api/api_context.h"
#include "api/dispatcher.h"
#include "mail/outbox_mailer.h"
#include "service/application_service.h"
#include "service/authenticator.h"
#include "service/key_service.h"
#include "service/member_service.h"
#include "service/organization_service.h"
#include "service/policy_service.h"
#include "service/session_service.h"
#include "service/trace_service.h"

namespace keyward::bench {

struct DispatchStack {
  DispatchStack(const service::ServiceContext& ctx, const service::Authenticator& authenticator,
                store::Store& audit_store, int auth_failures_per_minute)
      : organizations(ctx),
        keys(ctx),
        accounts(ctx),
        members(ctx),
        applications(ctx),
        traces(ctx),
        policies(ctx),
        sessions(ctx, service::SignInPolicy{}, network_locks),
        mailer(std::filesystem::temp_directory_path() / "keyward-bench-outbox", ctx.clock,
               ctx.random),
        key_mail(ctx, mailer, service::MailPolicy{}),
        audit(audit_store),
        webhooks(ctx),
        auth_failures(auth_failures_per_minute, std::chrono::minutes(1)),
        api{.organizations = organizations,
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
            .auth_failures = auth_failures,
            .chosen_api_keys = chosen_api_keys,
            .authenticator = authenticator,
            .index = ctx.index,
            .metrics = metrics,
            .clock = ctx.clock,
            .connection_stats = [] { return http::ConnectionStats{}; },
            .public_url = "",
            .version = "bench"},
        routes(api::build_routes(api)),
        dispatcher(routes,
                   api::Gatekeeper{authenticator, ctx.index, ctx.settings, ctx.protector, audit,
                                   auth_failures, proxies, ctx.clock, metrics},
                   nullptr) {}

  service::OrganizationService organizations;
  service::KeyService keys;
  service::AccountService accounts;
  service::MemberService members;
  service::ApplicationService applications;
  service::TraceService traces;
  service::PolicyService policies;
  service::NetworkLocks network_locks;
  service::SessionService sessions;
  mail::OutboxMailer mailer;
  service::KeyMail key_mail;
  service::AuditLog audit;
  service::WebhookService webhooks;
  service::WindowLimiter auth_failures;
  service::WindowLimiter chosen_api_keys{10, std::chrono::hours(1)};
  api::Metrics metrics;
  const http::TrustedProxies proxies;
  api::ApiContext api;
  const api::Routes routes;
  api::Dispatcher dispatcher;
};

}  // namespace keyward::bench

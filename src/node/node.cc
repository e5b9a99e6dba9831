#include "node/node.h"

#include <functional>

#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "api/api_context.h"
#include "api/dispatcher.h"
#include "console/console_routes.h"
#include "http/server.h"
#include "service/audit_log.h"
#include "service/index_sync.h"
#include "service/policy_service.h"
#include "service/usage_recorder.h"
#include "service/window_limiter.h"

namespace keyward::node {
namespace {

namespace net = boost::asio;

// Runs `task` every `period` on the io_context until the context stops.
class Ticker {
 public:
  Ticker(net::io_context& io, std::chrono::milliseconds period, std::function<void()> task)
      : timer_(io), period_(period), task_(std::move(task)) {}
  void start() { schedule(); }

 private:
  void schedule() {
    timer_.expires_after(period_);
    timer_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      task_();
      schedule();
    });
  }
  net::steady_timer timer_;
  std::chrono::milliseconds period_;
  std::function<void()> task_;
};

}  // namespace

// Declaration order is construction order: each part is built from those above it.
struct Node::Parts {
  Parts(service::ServiceContext c, service::Mailer& mailer, NodeOptions o)
      : ctx(c),
        options(std::move(o)),
        sync(ctx.store, ctx.index, ctx.settings, ctx.clock),
        authenticator(ctx.index, ctx.protector, ctx.clock, usage),
        organizations(ctx),
        keys(ctx),
        accounts(ctx),
        members(ctx),
        applications(ctx),
        traces(ctx),
        policies(ctx),
        sessions(ctx, options.sign_in),
        audit(ctx.store),
        auth_failures(options.auth_failures_per_minute, std::chrono::minutes(1)),
        key_mail(ctx, mailer, options.mail),
        api_context{.organizations = organizations,
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
                    .authenticator = authenticator,
                    .index = ctx.index,
                    .metrics = metrics,
                    .clock = ctx.clock,
                    .connection_count = [this] { return server.connection_count(); },
                    .public_url = options.public_url,
                    .version = options.version,
                    .max_failed_attempts = options.sign_in.max_failed_logins},
        routes(console::with_console_routes(api::build_routes(api_context))),
        dispatcher(routes,
                   api::Gatekeeper{authenticator, ctx.index, ctx.settings, ctx.protector, audit,
                                   auth_failures, options.trusted_proxies, ctx.clock, metrics},
                   options.access_log),
        server(http::ServerOptions{options.endpoint, options.tls, options.limits, options.threads},
               dispatcher),
        journal(server.main_context(), options.journal_poll,
                [this] {
                  if (auto s = sync.catch_up(); !s) {
                    spdlog::warn("reading the change journal: {}", s.error().message);
                  }
                }),
        flusher(server.main_context(), options.flush_period, [this] { flush("writing"); }) {}

  void flush(const char* when) {
    if (auto s = usage.flush(ctx.store); !s) {
      spdlog::warn("{} key usage: {}", when, s.error().message);
    }
    if (auto s = audit.flush(); !s) {
      spdlog::warn("{} audit records: {}", when, s.error().message);
    }
  }

  service::ServiceContext ctx;
  NodeOptions options;
  service::IndexSync sync;
  service::UsageRecorder usage;
  service::Authenticator authenticator;
  service::OrganizationService organizations;
  service::KeyService keys;
  service::AccountService accounts;
  service::MemberService members;
  service::ApplicationService applications;
  service::TraceService traces;
  service::PolicyService policies;
  service::SessionService sessions;
  service::AuditLog audit;
  service::WindowLimiter auth_failures;
  service::KeyMail key_mail;
  api::Metrics metrics;
  api::ApiContext api_context;
  api::Routes routes;
  api::Dispatcher dispatcher;
  http::Server server;
  Ticker journal;
  Ticker flusher;
};

Node::Node(service::ServiceContext ctx, service::Mailer& mailer, NodeOptions options)
    : parts_(std::make_unique<Parts>(ctx, mailer, std::move(options))) {}

Node::~Node() = default;

Result<net::ip::tcp::endpoint> Node::start() {
  if (auto s = parts_->sync.load(); !s) return fail(s.error());
  auto bound = parts_->server.start();
  if (!bound) return bound;
  parts_->journal.start();
  parts_->flusher.start();
  return bound;
}

void Node::run() {
  parts_->server.run();
  parts_->flush("at shutdown, writing");
  if (parts_->audit.dropped() > 0) {
    spdlog::warn("{} audit records of authentication failures were dropped under load",
                 parts_->audit.dropped());
  }
}

void Node::shutdown() { parts_->server.shutdown(); }

net::io_context& Node::main_context() { return parts_->server.main_context(); }

}  // namespace keyward::node

#include "node/node.h"

#include <functional>
#include <thread>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <spdlog/spdlog.h>

#include "api/api_context.h"
#include "api/dispatcher.h"
#include "console/console_routes.h"
#include "http/server.h"
#include "http/ticket_keys.h"
#include "http/tls.h"
#include "node/metrics_listener.h"
#include "service/audit_log.h"
#include "service/credit_flusher.h"
#include "service/index_sync.h"
#include "service/lifecycle_sweeper.h"
#include "service/policy_service.h"
#include "service/rate_limit_counts.h"
#include "service/shared_limits.h"
#include "service/usage_count_flusher.h"
#include "service/usage_counters.h"
#include "service/usage_flusher.h"
#include "service/usage_service.h"
#include "service/window_limiter.h"
#include "webhook/curl_poster.h"
#include "webhook/delivery_worker.h"
#include <malloc.h>

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

// Limit counts stay in the store as long as the longest shared window needs them.
service::RetentionPolicy keeping_limit_counts(service::RetentionPolicy r,
                                              std::chrono::milliseconds needed) {
  r.limit_counts = std::max(r.limit_counts, needed);
  return r;
}

}  // namespace

// Declaration order is construction order: each part is built from those above it, and torn
// down in reverse, so the worker pool and the background thread stop before what they use goes.
struct Node::Parts {
  Parts(service::ServiceContext c, service::Mailer& mailer, NodeOptions o)
      : ctx(c),
        options(std::move(o)),
        sync(ctx.store, ctx.index, ctx.settings, ctx.clock),
        staleness{&sync, options.staleness_bound},
        usage(ctx.store, ctx.index.keys(), {.granularity = options.usage_granularity}),
        credits(ctx.store, ctx.index.keys(), ctx.clock, options.change_feed != nullptr),
        usage_count_flusher(ctx.store, usage_counts, ctx.settings),
        network_locks(options.sign_in.max_failed_logins, options.sign_in.lockout),
        authenticator(ctx.index, ctx.protector, ctx.clock, &network_locks, &usage_counts),
        organizations(ctx),
        keys(ctx),
        accounts(ctx),
        members(ctx),
        applications(ctx),
        traces(ctx),
        policies(ctx),
        sessions(ctx, options.sign_in, network_locks),
        audit(ctx.store),
        auth_failures(options.auth_failures_per_minute, std::chrono::minutes(1)),
        key_mail(ctx, mailer, options.mail),
        shared_limits(ctx.store, ctx.clock, ctx.random, ctx.protector, shared_counts()),
        webhooks(ctx),
        leak_reports(ctx, keys, mailer, options.mail.from),
        usage_reports(ctx),
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
                    .webhooks = webhooks,
                    .auth_failures = auth_failures,
                    .chosen_api_keys = chosen_api_keys,
                    .authenticator = authenticator,
                    .index = ctx.index,
                    .metrics = metrics,
                    .clock = ctx.clock,
                    .connection_stats = [this] { return server.connection_stats(); },
                    .public_url = options.public_url,
                    .version = options.version,
                    .max_failed_attempts = options.sign_in.max_failed_logins,
                    .staleness = staleness,
                    .leak_reports = &leak_reports,
                    .scanner_keys = &options.scanner_keys,
                    .usage = &usage_reports},
        routes(console::with_console_routes(api::build_routes(api_context))),
        workers(std::max(1u, options.workers)),
        dispatcher(
            routes,
            api::Gatekeeper{authenticator, ctx.index, ctx.settings, ctx.protector, audit,
                            auth_failures, options.trusted_proxies, ctx.clock, metrics, staleness},
            options.access_log, &workers),
        server(http::ServerOptions{options.endpoint, options.tls, options.limits, options.threads},
               dispatcher),
        journal(background, options.journal_poll, [this] { follow_journal(); }),
        flusher(background, options.flush_period, [this] { flush(); }),
        usage_counts_flusher(background, options.usage_counts_flush,
                             [this] { flush_usage_counts(); }),
        limits_sync(background, options.limits_sync, [this] { sync_limits(); }),
        pruner(background, kPrunePeriod,
               [this] { ctx.index.prune(ctx.clock.now(), kForgetAfter, kExpiredLife); }),
        store_pruner(ctx.store, keeping_limit_counts(options.retention, shared_limits.retention())),
        store_pruning(maintenance, options.store_prune_period, [this] { prune_store(); }),
        lifecycle(ctx, keys, mailer, options.mail.from),
        lifecycle_sweeps(maintenance, options.lifecycle_period, [this] { sweep_lifecycle(); }),
        trimmer(background, kTrimPeriod, [this] { trim_memory(); }),
        ticket_rotation(background, kTicketRotation,
                        [this] {
                          if (options.tls) http::rotate_ticket_keys(*options.tls);
                        }),
        webhook_poster(options.webhook_poster ? options.webhook_poster
                                              : std::make_shared<webhook::CurlPoster>()),
        webhook_worker(ctx, *webhook_poster, options.webhooks) {}

  ~Parts() {
    stop_feed();
    if (metrics_server) metrics_server->shutdown();
    if (metrics_thread.joinable()) metrics_thread.join();
    workers.join();
    background.stop();
    if (background_thread.joinable()) background_thread.join();
    stop_maintenance();
  }

  // A prune under way stops after its current batch.
  void stop_maintenance() {
    store_pruner.stop();
    lifecycle.stop();
    maintenance.stop();
    if (maintenance_thread.joinable()) maintenance_thread.join();
  }

  // On a thread of its own: reads the journal as soon as the feed says something was committed
  // (or after it reconnects, when wake-ups may have been missed), and tells the sync when the
  // feed is lost, so that a node that would learn of revocations late stops answering in time.
  void follow_feed() {
    bool lost = false;
    for (;;) {
      auto event = options.change_feed->wait(std::chrono::seconds(1));
      switch (event.kind) {
        case store::ChangeFeed::Event::kStopped:
          return;
        case store::ChangeFeed::Event::kDisconnected:
          sync.feed_lost();
          if (!lost) spdlog::warn("lost the change feed: {}; reconnecting", event.reason);
          lost = true;
          break;
        case store::ChangeFeed::Event::kConnected:
          sync.feed_restored();
          if (lost) spdlog::info("the change feed is connected again");
          lost = false;
          [[fallthrough]];
        case store::ChangeFeed::Event::kNotified:
          if (auto applied = sync.catch_up(); !applied) {
            spdlog::warn("reading the change journal: {}", applied.error().message);
          }
          break;
        case store::ChangeFeed::Event::kTimeout:
          break;
      }
    }
  }

  void stop_feed() {
    if (options.change_feed) options.change_feed->stop();
    if (feed_thread.joinable()) feed_thread.join();
  }

  // On the background thread: the journal, and whether the index has gone stale. Staleness is
  // reported once when it begins and once when it ends, not on every failed read.
  void follow_journal() {
    const auto applied = sync.catch_up();
    if (!applied) spdlog::warn("reading the change journal: {}", applied.error().message);
    const bool fresh = staleness.fresh();
    if (fresh != was_fresh) {
      if (fresh) {
        spdlog::info("the change journal is readable again; answering for credentials");
      } else {
        spdlog::error(
            "the change journal has not been read for over {} ms; refusing to answer for "
            "credentials until it is",
            options.staleness_bound.count());
      }
      was_fresh = fresh;
    }
  }

  // glibc keeps the memory of closed connections (TLS buffers, parsers) in its arenas; once many
  // have closed, hand it back to the system, so a burst of connections does not leave the
  // process large for good.
  void trim_memory() {
    const std::uint64_t closed = server.connection_stats().closed;
    if (closed - closed_at_last_trim >= kTrimAfterClosing) {
      ::malloc_trim(0);
      closed_at_last_trim = closed;
    }
  }

  std::string render_metrics() {
    return metrics.render(ctx.index.key_count(), server.connection_stats(), staleness.fresh());
  }

  // On its own thread, neither an I/O thread nor the background one: deleting a large backlog
  // takes a while, and the journal must still be read every journal_poll meanwhile.
  void prune_store() {
    const auto report = store_pruner.run(ctx.clock.now());
    if (!report) {
      spdlog::warn("pruning the store: {}", report.error().message);
      return;
    }
    if (report->sessions + report->grants + report->audit + report->key_usage +
            report->webhook_attempts + report->journal >
        0) {
      spdlog::info(
          "pruned the store: {} sessions, {} reveal links, {} audit records, {} hours of key "
          "usage, {} webhook delivery attempts, {} journal entries",
          report->sessions, report->grants, report->audit, report->key_usage,
          report->webhook_attempts, report->journal);
    }
  }

  // On the maintenance thread too: it waits on the store and the mail server.
  void sweep_lifecycle() {
    const auto report = lifecycle.run();
    if (!report) {
      spdlog::warn("key reminders and unused keys: {}", report.error().message);
      return;
    }
    if (report->reminders + report->expired + report->disabled + report->mail_failures > 0) {
      spdlog::info(
          "key lifecycle: {} reminders, {} keys expired, {} unused keys disabled, {} emails not "
          "delivered",
          report->reminders, report->expired, report->disabled, report->mail_failures);
    }
  }

  std::vector<service::SharedLimits::Shared> shared_counts() {
    auto shared = key_mail.shared_counts();
    shared.push_back({"auth_failures", &auth_failures});
    shared.push_back({"signin", &network_locks});
    shared.push_back({"org_api_key.chosen", &chosen_api_keys});
    // Keys' rate limits only where other nodes may verify the same keys (a store with a change
    // feed): a node alone would write rows no one reads, and walk its keys for them.
    if (options.change_feed) {
      shared.push_back({std::string(service::RateLimitCounts::kName), &rate_limit_counts});
    }
    return shared;
  }

  // A store that cannot be reached is reported once when it begins and once when it ends; until
  // then every node counts its limits alone.
  void sync_limits() {
    const auto synced = shared_limits.sync();
    if (synced.has_value() == limits_shared) return;
    limits_shared = synced.has_value();
    if (limits_shared) {
      spdlog::info("limits are counted with the other nodes again");
    } else {
      spdlog::warn("sharing limits with the other nodes: {}; counting on this node alone meanwhile",
                   synced.error().message);
    }
  }

  void flush() {
    if (auto s = usage.flush(); !s) spdlog::warn("writing key usage: {}", s.error().message);
    if (auto s = credits.flush(); !s) spdlog::warn("writing spent credits: {}", s.error().message);
    if (auto s = audit.flush(); !s) spdlog::warn("writing audit records: {}", s.error().message);
  }

  // Every half second: the counts show in GET .../usage within a second or so.
  void flush_usage_counts() {
    if (auto s = usage_count_flusher.flush(); !s) {
      spdlog::warn("writing keys' usage counts: {}", s.error().message);
    }
    if (const auto dropped = usage_count_flusher.take_dropped(); dropped > 0) {
      spdlog::warn(
          "{} verifications were left out of keys' usage counts (counters full or the "
          "store unreachable for long)",
          dropped);
    }
  }

  void flush_everything() {
    flush_usage_counts();
    if (auto s = usage.flush_all(); !s) {
      spdlog::warn("at shutdown, writing key usage: {}", s.error().message);
    }
    if (auto s = credits.flush_all(); !s) {
      spdlog::warn("at shutdown, writing spent credits: {}", s.error().message);
    }
    if (auto s = audit.flush(); !s) {
      spdlog::warn("at shutdown, writing audit records: {}", s.error().message);
    }
  }

  // Deleted keys and ended sessions are forgotten this long after the fact (until then they
  // stop a stale copy from bringing them back); keys past their end linger a day, so the audit
  // log can still say "expired key" for a client that has not noticed.
  static constexpr std::chrono::minutes kPrunePeriod{1};
  // Attempts per organization per hour to set the API key to a chosen value.
  static constexpr int kChosenApiKeysPerHour = 10;
  static constexpr std::chrono::minutes kForgetAfter{10};
  static constexpr std::chrono::hours kExpiredLife{24};
  static constexpr std::chrono::seconds kTrimPeriod{5};
  static constexpr std::size_t kTrimAfterClosing = 256;
  // Session tickets live two rotations (http::kTicketLifetime).
  static constexpr std::chrono::seconds kTicketRotation = http::kTicketLifetime / 2;

  service::ServiceContext ctx;
  NodeOptions options;
  service::IndexSync sync;
  service::Staleness staleness;
  bool was_fresh = true;  // background thread only
  service::UsageFlusher usage;
  service::CreditFlusher credits;
  service::UsageCounters usage_counts;
  service::UsageCountFlusher usage_count_flusher;
  service::NetworkLocks network_locks;
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
  service::WindowLimiter chosen_api_keys{kChosenApiKeysPerHour, std::chrono::hours(1)};
  service::KeyMail key_mail;
  service::RateLimitCounts rate_limit_counts{ctx.index.keys()};
  service::SharedLimits shared_limits;
  bool limits_shared = true;  // background thread only
  service::WebhookService webhooks;
  service::LeakReports leak_reports;
  service::UsageService usage_reports;
  api::Metrics metrics;
  api::ApiContext api_context;
  api::Routes routes;
  net::thread_pool workers;
  api::Dispatcher dispatcher;
  http::Server server;
  net::io_context background{1};
  net::io_context maintenance{1};  // the store pruning alone
  Ticker journal;
  Ticker flusher;
  Ticker usage_counts_flusher;
  Ticker limits_sync;
  Ticker pruner;
  service::StorePruner store_pruner;
  Ticker store_pruning;
  service::LifecycleSweeper lifecycle;
  Ticker lifecycle_sweeps;
  Ticker trimmer;
  Ticker ticket_rotation;
  MetricsHandler metrics_handler{[this] { return render_metrics(); }};
  std::optional<http::Server> metrics_server;
  std::optional<net::ip::tcp::endpoint> metrics_bound;
  std::thread metrics_thread;
  std::uint64_t closed_at_last_trim = 0;  // background thread only
  std::thread background_thread;
  std::thread maintenance_thread;
  std::thread feed_thread;
  std::shared_ptr<service::WebhookPoster> webhook_poster;
  webhook::DeliveryWorker webhook_worker;
};

Node::Node(service::ServiceContext ctx, service::Mailer& mailer, NodeOptions options)
    : parts_(std::make_unique<Parts>(ctx, mailer, std::move(options))) {}

Node::~Node() = default;

Result<net::ip::tcp::endpoint> Node::start() {
  if (auto s = parts_->sync.load(); !s) return fail(s.error());
  auto bound = parts_->server.start();
  if (!bound) return bound;
  if (const auto& endpoint = parts_->options.metrics_endpoint) {
    auto& listener = parts_->metrics_server.emplace(
        http::ServerOptions{*endpoint, nullptr, parts_->options.limits, 1},
        parts_->metrics_handler);
    auto metrics_bound = listener.start();
    if (!metrics_bound) return metrics_bound;
    parts_->metrics_bound = *metrics_bound;
    parts_->metrics_thread = std::thread([&listener] { listener.run(); });
  }
  if (parts_->options.change_feed) {
    parts_->sync.feed_lost();  // until it first connects
    parts_->feed_thread = std::thread([this] { parts_->follow_feed(); });
  }
  parts_->journal.start();
  parts_->flusher.start();
  parts_->usage_counts_flusher.start();
  parts_->sync_limits();  // what the other nodes counted so far, before the first request
  parts_->limits_sync.start();
  parts_->pruner.start();
  parts_->store_pruning.start();
  // One pass at start, then every lifecycle_period.
  net::post(parts_->maintenance, [this] { parts_->sweep_lifecycle(); });
  parts_->lifecycle_sweeps.start();
  parts_->trimmer.start();
  parts_->ticket_rotation.start();
  parts_->background_thread = std::thread([this] { parts_->background.run(); });
  parts_->maintenance_thread = std::thread([this] { parts_->maintenance.run(); });
  parts_->webhook_worker.start();
  return bound;
}

void Node::run() {
  parts_->server.run();
  if (parts_->metrics_thread.joinable()) parts_->metrics_thread.join();
  // Requests have been answered; let handlers still running finish, stop the periodic work, and
  // write what is still buffered.
  parts_->workers.join();
  parts_->stop_feed();
  parts_->background.stop();
  if (parts_->background_thread.joinable()) parts_->background_thread.join();
  parts_->stop_maintenance();
  parts_->webhook_worker.stop();
  parts_->flush_everything();
  if (parts_->audit.dropped() > 0) {
    spdlog::warn("{} audit records of authentication failures were dropped under load",
                 parts_->audit.dropped());
  }
}

void Node::shutdown() {
  parts_->server.shutdown();
  if (parts_->metrics_server) parts_->metrics_server->shutdown();
}

std::optional<net::ip::tcp::endpoint> Node::metrics_endpoint() const {
  return parts_->metrics_bound;
}

net::io_context& Node::main_context() { return parts_->server.main_context(); }

}  // namespace keyward::node

// `webhook create|list|delete|deliveries`: an organization's lifecycle webhook endpoints from the
// command line, with the same service, rules, audit records and JSON field names as the HTTP API
// (src/api/v1/webhooks.cc). A running server delivers to an endpoint made here from its next look
// at the outbox.
#include <iostream>

#include <boost/json.hpp>

#include "api/views.h"
#include "cli/commands.h"
#include "cli/org_scope.h"
#include "cli/output.h"
#include "service/webhook_service.h"

namespace keyward::cli {
namespace {

std::string joined(const std::vector<std::string>& names, std::string_view separator) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : std::string(separator)) + n;
  return out;
}

struct WebhookScope {
  OrgScope org;
  WebhookEndpoint endpoint;
};

// The organization of --org and its endpoint of --webhook, or the exit code of an error already
// reported.
Opened<WebhookScope> open_webhook(const WebhookTargetOptions& o) {
  const auto id = Uuid::parse(o.webhook);
  if (!id) return std::unexpected(usage_error("--webhook must be a webhook endpoint id (a UUID)"));
  auto s = open_org(o.data_dir, o.store, o.org);
  if (!s) return std::unexpected(s.error());
  auto endpoint = service::WebhookService(s->rt->context()).get(s->org.id, *id);
  if (!endpoint && endpoint.error().code == Errc::kNotFound) {
    return std::unexpected(report(Error{Errc::kNotFound,
                                        "\"" + s->org.name + "\" has no webhook endpoint " +
                                            o.webhook + " (`keyward webhook list` shows them)",
                                        {}}));
  }
  if (!endpoint) return std::unexpected(report(endpoint.error()));
  return WebhookScope{std::move(*s), std::move(*endpoint)};
}

}  // namespace

int run_webhook_create(const WebhookCreateOptions& o) {
  auto s = open_org(o.data_dir, o.store, o.org);
  if (!s) return s.error();
  auto created = service::WebhookService(s->rt->context())
                     .create(service::Actor::command(), s->org.id, {o.url, o.events});
  if (!created) return report(created.error());
  const auto& e = created->endpoint;
  if (o.json) {
    auto body = api::webhook_view(e);
    body["secret"] = created->secret;  // shown this once
    print_json(body);
    return kExitOk;
  }
  std::cout << "Webhook endpoint for \"" << s->org.name << "\"\n"
            << "  id:      " << e.id.to_string() << "\n"
            << "  url:     " << e.url << "\n"
            << "  events:  " << joined(e.events.names(), " ") << "\n"
            << "  secret:  " << created->secret << "\n"
            << "Copy the secret now: it cannot be shown again. The receiver checks each "
               "request's webhook-signature header with it.\n";
  return kExitOk;
}

int run_webhook_list(const OrgTargetOptions& o) {
  auto s = open_org(o.data_dir, o.store, o.org);
  if (!s) return s.error();
  auto list = service::WebhookService(s->rt->context()).list(s->org.id);
  if (!list) return report(list.error());
  if (o.json) {
    boost::json::array items;
    for (const auto& e : *list) items.push_back(api::webhook_view(e));
    print_json(boost::json::object{{"webhooks", std::move(items)}});
    return kExitOk;
  }
  if (list->empty()) {
    std::cout << "\"" << s->org.name
              << "\" has no webhook endpoints (`keyward webhook create` adds one).\n";
    return kExitOk;
  }
  std::cout << "Webhook endpoints of \"" << s->org.name << "\" (" << list->size() << "):\n";
  for (const auto& e : *list) {
    std::cout << "  " << e.id.to_string() << "  " << e.url << "  " << joined(e.events.names(), ", ")
              << "\n";
  }
  return kExitOk;
}

int run_webhook_delete(const WebhookTargetOptions& o) {
  auto w = open_webhook(o);
  if (!w) return w.error();
  if (auto done = service::WebhookService(w->org.rt->context())
                      .remove(service::Actor::command(), w->org.org.id, w->endpoint.id);
      !done) {
    return report(done.error());
  }
  if (o.json) {
    print_json(boost::json::object{{"id", w->endpoint.id.to_string()}, {"deleted", true}});
  } else {
    std::cout << "Deleted webhook endpoint " << w->endpoint.id.to_string() << " ("
              << w->endpoint.url << "): nothing more is sent to it.\n";
  }
  return kExitOk;
}

int run_webhook_deliveries(const WebhookDeliveriesOptions& o) {
  auto w = open_webhook(o);
  if (!w) return w.error();
  auto tries = service::WebhookService(w->org.rt->context())
                   .attempts(w->org.org.id, w->endpoint.id, 0, static_cast<std::size_t>(o.limit));
  if (!tries) return report(tries.error());
  if (o.json) {
    boost::json::array items;
    for (const auto& a : *tries) items.push_back(api::webhook_attempt_view(a));
    print_json(boost::json::object{{"deliveries", std::move(items)}});
    return kExitOk;
  }
  if (tries->empty()) {
    std::cout << "Nothing sent to " << w->endpoint.url << " yet.\n";
    return kExitOk;
  }
  std::cout << "Deliveries to " << w->endpoint.url << ", newest first:\n";
  for (const auto& a : *tries) {
    std::cout << "  " << format_rfc3339(a.at) << "  " << to_string(a.type) << "  try " << a.attempt
              << "  " << to_string(a.outcome) << "  "
              << (a.response_code ? "HTTP " + std::to_string(*a.response_code) : "no answer");
    if (!a.error.empty()) std::cout << "  " << a.error;
    if (a.next_attempt_at) std::cout << "  (next try " << format_rfc3339(*a.next_attempt_at) << ")";
    std::cout << "\n";
  }
  return kExitOk;
}

}  // namespace keyward::cli

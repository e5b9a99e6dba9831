// The command line of `webhook ...` (webhook_commands.cc does the work).
#include "cli/command_line.h"

namespace keyward::cli {
namespace {

void add_target(CLI::App* cmd, WebhookTargetOptions& o) {
  add_common(cmd, o);
  cmd->add_option("--org", o.org, "Organization id")->required();
  cmd->add_option("--webhook", o.webhook, "Webhook endpoint id (`keyward webhook list`)")
      ->required();
}

}  // namespace

void add_webhook_commands(CLI::App& app, WebhookCommandLine& o, const BindCommand& on) {
  auto* webhook = app.add_subcommand(
      "webhook", "An organization's endpoints told of key lifecycle events (signed POSTs)");
  webhook->require_subcommand(1);

  auto* create =
      webhook->add_subcommand("create", "Register an endpoint; prints its signing secret once");
  add_common(create, o.create);
  create->add_option("--org", o.create.org, "Organization id")->required();
  create
      ->add_option("--url", o.create.url,
                   "Where to POST events: https://, or http:// to this machine only")
      ->required();
  create
      ->add_option("--event", o.create.events,
                   "key.created, key.rolled, key.disabled, key.deleted, key.expiring, "
                   "key.expired, key.leaked, api_key.rotated or agent_key.rotated (repeatable)")
      ->required();
  on(create, [&o] { return run_webhook_create(o.create); });

  auto* list = webhook->add_subcommand("list", "List the endpoints and their events");
  add_common(list, o.list);
  list->add_option("--org", o.list.org, "Organization id")->required();
  on(list, [&o] { return run_webhook_list(o.list); });

  auto* remove = webhook->add_subcommand(
      "delete", "Delete an endpoint; nothing more is sent to it, retries included");
  add_target(remove, o.remove);
  on(remove, [&o] { return run_webhook_delete(o.remove); });

  auto* deliveries = webhook->add_subcommand(
      "deliveries", "List the tries to deliver to an endpoint, newest first");
  add_target(deliveries, o.deliveries);
  deliveries->add_option("--limit", o.deliveries.limit, "How many tries to list")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{500}));
  on(deliveries, [&o] { return run_webhook_deliveries(o.deliveries); });
}

}  // namespace keyward::cli

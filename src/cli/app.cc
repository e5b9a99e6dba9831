#include "cli/app.h"

#include <exception>
#include <functional>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "core/key_controls.h"
#include "service/usage_service.h"
#include "store/postgres/location.h"

namespace keyward::cli {

// A password in a store URI on the command line is visible to every user of the machine (`ps`).
CLI::Validator no_password() {
  return CLI::Validator(
      [](const std::string& value) -> std::string {
        if (!store::postgres::has_password(value)) return {};
        return "the URI contains a password, which anyone on this machine can read with `ps`; "
               "put it in a password file (passfile=PATH in the URI, or PGPASSFILE) or in the "
               "config file's store setting";
      },
      "", "no password");
}

void add_common(CLI::App* cmd, CommonOptions& o, bool with_json) {
  cmd->add_option("--data-dir", o.data_dir, "Data directory (database, keys, TLS certificate)")
      ->capture_default_str();
  cmd->add_option("--store", o.store,
                  "Store to use instead of the data directory's database (sqlite:PATH, "
                  "postgresql://USER@HOST/DATABASE?..., memory:)")
      ->check(no_password());
  if (with_json) cmd->add_flag("--json", o.json, "Print JSON instead of text");
}

int run(int argc, char** argv) {
  CLI::App app{"Keyward: issues, stores, rotates, revokes and verifies API keys."};
  app.set_version_flag("--version", KEYWARD_VERSION);
  app.require_subcommand(1);
  int exit_code = kExitOk;
  const std::string program = argc > 0 ? argv[0] : "keyward";
  auto on = [&exit_code](CLI::App* cmd, std::function<int()> body) {
    cmd->callback([&exit_code, body] { exit_code = body(); });
  };

  InitOptions init;
  init.program = program;
  auto* init_cmd = app.add_subcommand("init",
                                      "Initialize a data directory: keys, store, "
                                      "system administrator, demo organization");
  add_common(init_cmd, init);
  init_cmd->add_option("--admin", init.admin_username, "The system administrator's username")
      ->capture_default_str();
  init_cmd->add_option("--org-name", init.org_name, "The first organization's name")
      ->capture_default_str();
  init_cmd->add_option("--listen", init.listen, "Where you will serve (for the printed curl)")
      ->capture_default_str();
  on(init_cmd, [&] { return run_init(init); });

  ServeOptions serve;
  serve.data_dir.clear();  // unset unless given, so a config file's data_dir can apply
  auto* serve_cmd = app.add_subcommand("serve", "Serve the API over HTTPS");
  serve_cmd->add_option("--data-dir", serve.data_dir, "Data directory [default: ./var]");
  serve_cmd
      ->add_option("--store", serve.store,
                   "Store location (sqlite:PATH, postgresql://USER@HOST/DATABASE?..., memory:)")
      ->check(no_password());
  serve_cmd->add_option("--config", serve.config_file, "TOML configuration file")
      ->check(CLI::ExistingFile);
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT [default: 127.0.0.1:8443]");
  serve_cmd->add_flag("--plaintext", serve.plaintext, "Serve plain HTTP instead of HTTPS");
  serve_cmd->add_option("--tls-cert", serve.tls_certificate, "PEM certificate chain");
  serve_cmd->add_option("--tls-key", serve.tls_private_key, "PEM private key");
  serve_cmd->add_option("--public-url", serve.public_url, "Base URL clients reach this server at");
  serve_cmd->add_option("--ready-file", serve.ready_file,
                        "Write the serving URL to this file once listening");
  serve_cmd->add_option("--threads", serve.threads, "I/O threads [default: one per core]")
      ->check(CLI::Range(1u, 256u));
  serve_cmd->add_flag("--no-access-log", serve.no_access_log, "Do not log each request");
  on(serve_cmd, [&] { return run_serve(serve); });

  CommonOptions migrate;
  auto* migrate_cmd = app.add_subcommand("migrate", "Bring the store's schema up to date");
  add_common(migrate_cmd, migrate);
  on(migrate_cmd, [&] { return run_migrate(migrate); });

  auto* org_cmd = app.add_subcommand("org", "Organizations");
  org_cmd->require_subcommand(1);
  OrgCreateOptions org_create;
  auto* org_create_cmd = org_cmd->add_subcommand("create", "Create an organization");
  add_common(org_create_cmd, org_create);
  org_create_cmd->add_option("--name", org_create.name, "Organization name")->required();
  on(org_create_cmd, [&] { return run_org_create(org_create); });
  OrgListOptions org_list;
  auto* org_list_cmd = org_cmd->add_subcommand("list", "List organizations");
  add_common(org_list_cmd, org_list);
  org_list_cmd->add_option("--search", org_list.search,
                           "Only organizations whose name contains this, or with this id");
  on(org_list_cmd, [&] { return run_org_list(org_list); });

  UsageOptions org_usage;
  auto* org_usage_cmd = org_cmd->add_subcommand(
      "usage", "Show the organization's verifications per hour or day, and its busiest keys");
  add_common(org_usage_cmd, org_usage);
  org_usage_cmd->add_option("--org", org_usage.org, "Organization id")->required();
  org_usage_cmd->add_option("--granularity", org_usage.granularity, "hour or day [default: hour]")
      ->check(CLI::IsMember({"hour", "day"}));
  org_usage_cmd->add_option("--top", org_usage.top, "How many of the busiest keys to name")
      ->check(CLI::Range(std::size_t{1}, service::UsageService::kMaxTopKeys));
  on(org_usage_cmd, [&] { return run_org_usage(org_usage); });

  auto* user_cmd = app.add_subcommand("user", "Users");
  user_cmd->require_subcommand(1);
  UserCreateOptions user_create;
  auto* user_create_cmd = user_cmd->add_subcommand("create", "Create a user in an organization");
  add_common(user_create_cmd, user_create);
  user_create_cmd->add_option("--org", user_create.org, "Organization id")->required();
  user_create_cmd->add_option("--username", user_create.username, "Username (an email address)")
      ->required();
  user_create_cmd->add_option("--role", user_create.role, "admin or member")
      ->check(CLI::IsMember({"admin", "member"}))
      ->capture_default_str();
  user_create_cmd->add_flag("--system-admin", user_create.system_admin,
                            "Make the user a system administrator");
  on(user_create_cmd, [&] { return run_user_create(user_create); });
  UserResetPasswordOptions reset;
  auto* reset_cmd = user_cmd->add_subcommand("reset-password", "Set a new generated password");
  add_common(reset_cmd, reset);
  reset_cmd->add_option("--username", reset.username, "Username")->required();
  on(reset_cmd, [&] { return run_user_reset_password(reset); });

  auto* key_cmd = app.add_subcommand("key", "Named API keys (public and secret)");
  key_cmd->require_subcommand(1);
  KeyCreateOptions key_create;
  auto* key_create_cmd = key_cmd->add_subcommand("create", "Create a key; prints its token once");
  add_common(key_create_cmd, key_create);
  key_create_cmd->add_option("--org", key_create.org, "Organization id")->required();
  key_create_cmd->add_option("--name", key_create.name, "Key name")->required();
  key_create_cmd->add_option("--kind", key_create.kind, "public or secret")
      ->required()
      ->check(CLI::IsMember({"public", "secret"}));
  key_create_cmd->add_option("--expires-at", key_create.expires_at,
                             "Expiry, RFC 3339 (e.g. 2026-12-31T23:59:59Z)");
  const auto add_controls = [](CLI::App* cmd, KeyControlOptions& c) {
    cmd->add_option("--scope", c.scopes,
                    "read, write, or a scope of your own such as invoices:read (repeatable)");
    cmd->add_option("--rate-limit", c.rate_limits,
                    "COUNT/WINDOW, such as 100/1s or 10000/1d (repeatable)");
    cmd->add_option("--credits", c.credits, "Verifications the key may make")
        ->check(CLI::Range(std::int64_t{0}, kMaxCount));
    cmd->add_option("--refill", c.refill, "AMOUNT/INTERVAL the credits are set back to (1000/1d)");
    cmd->add_option("--allow-ip", c.allowed_ips,
                    "Address or network the key may be used from (repeatable)");
  };
  add_controls(key_create_cmd, key_create.controls);
  on(key_create_cmd, [&] { return run_key_create(key_create); });
  KeyUpdateOptions key_update;
  auto* key_update_cmd = key_cmd->add_subcommand("update", "Change a live key's name and controls");
  add_common(key_update_cmd, key_update);
  key_update_cmd->add_option("--org", key_update.org, "Organization id")->required();
  key_update_cmd->add_option("--key", key_update.key, "Key id")->required();
  key_update_cmd->add_option("--name", key_update.name, "New name");
  add_controls(key_update_cmd, key_update.controls);
  key_update_cmd->add_flag("--no-rate-limits", key_update.no_rate_limits, "Remove its rate limits");
  key_update_cmd->add_flag("--no-credits", key_update.no_credits, "Remove its credits");
  key_update_cmd->add_flag("--any-ip", key_update.any_ip, "Let it be used from any address");
  on(key_update_cmd, [&] { return run_key_update(key_update); });
  KeyTargetOptions key_list;
  auto* key_list_cmd = key_cmd->add_subcommand("list", "List an organization's keys");
  add_common(key_list_cmd, key_list);
  key_list_cmd->add_option("--org", key_list.org, "Organization id")->required();
  on(key_list_cmd, [&] { return run_key_list(key_list); });
  KeyTargetOptions key_show;
  auto* key_show_cmd = key_cmd->add_subcommand("show", "Show one key (never a secret token)");
  add_common(key_show_cmd, key_show);
  key_show_cmd->add_option("--org", key_show.org, "Organization id")->required();
  key_show_cmd->add_option("--key", key_show.key, "Key id")->required();
  on(key_show_cmd, [&] { return run_key_show(key_show); });
  KeyRollOptions key_roll;
  auto* key_roll_cmd = key_cmd->add_subcommand("roll",
                                               "Replace a key; the old one keeps working "
                                               "for a grace period");
  add_common(key_roll_cmd, key_roll);
  key_roll_cmd->add_option("--org", key_roll.org, "Organization id")->required();
  key_roll_cmd->add_option("--key", key_roll.key, "Key id")->required();
  key_roll_cmd
      ->add_option("--grace-seconds", key_roll.grace_seconds,
                   "How long the old token keeps working [default: 43200]")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{30} * 24 * 60 * 60));
  key_roll_cmd->add_option("--expires-at", key_roll.expires_at, "Expiry of the new key");
  on(key_roll_cmd, [&] { return run_key_roll(key_roll); });
  KeyTargetOptions key_disable;
  auto* key_disable_cmd =
      key_cmd->add_subcommand("disable", "Make a key fail at once, until it is enabled again");
  add_common(key_disable_cmd, key_disable);
  key_disable_cmd->add_option("--org", key_disable.org, "Organization id")->required();
  key_disable_cmd->add_option("--key", key_disable.key, "Key id")->required();
  on(key_disable_cmd, [&] { return run_key_set_disabled(key_disable, true); });
  KeyTargetOptions key_enable;
  auto* key_enable_cmd =
      key_cmd->add_subcommand("enable", "Let a disabled key work again (the same token)");
  add_common(key_enable_cmd, key_enable);
  key_enable_cmd->add_option("--org", key_enable.org, "Organization id")->required();
  key_enable_cmd->add_option("--key", key_enable.key, "Key id")->required();
  on(key_enable_cmd, [&] { return run_key_set_disabled(key_enable, false); });
  KeyTargetOptions key_delete;
  auto* key_delete_cmd = key_cmd->add_subcommand("delete", "Revoke a key at once");
  add_common(key_delete_cmd, key_delete);
  key_delete_cmd->add_option("--org", key_delete.org, "Organization id")->required();
  key_delete_cmd->add_option("--key", key_delete.key, "Key id")->required();
  on(key_delete_cmd, [&] { return run_key_delete(key_delete); });
  UsageOptions key_usage;
  auto* key_usage_cmd = key_cmd->add_subcommand(
      "usage", "Show how a key's verifications ended, per hour or day, and its last use");
  add_common(key_usage_cmd, key_usage);
  key_usage_cmd->add_option("--org", key_usage.org, "Organization id")->required();
  key_usage_cmd->add_option("--key", key_usage.key, "Key id")->required();
  key_usage_cmd->add_option("--granularity", key_usage.granularity, "hour or day [default: hour]")
      ->check(CLI::IsMember({"hour", "day"}));
  on(key_usage_cmd, [&] { return run_key_usage(key_usage); });
  KeyVerifyOptions key_verify;
  auto* key_verify_cmd =
      key_cmd->add_subcommand("verify", "Check a token (read from stdin when not given)");
  add_common(key_verify_cmd, key_verify);
  key_verify_cmd->add_option("token", key_verify.token, "The token");
  on(key_verify_cmd, [&] { return run_key_verify(key_verify); });

  // org credentials | api-key | agent-key, user service-key, app key, policy, audit.
  SecurityCommandLine security;
  add_security_commands(app, org_cmd, user_cmd, security, on);
  MemberCommandLine members;
  add_member_commands(app, org_cmd, members, on);
  WebhookCommandLine webhooks;
  add_webhook_commands(app, webhooks, on);
  OrgSettingsOptions org_settings;
  add_org_settings_command(org_cmd, org_settings, on);

  AgentDemoOptions demo;
  auto* demo_cmd = app.add_subcommand(
      "agent-demo", "Act as an organization's agent: register an application, report findings");
  demo_cmd
      ->add_option("--url", demo.url,
                   "Where Keyward serves, e.g. https://127.0.0.1:8443 (or an agent "
                   "configuration's api.url, ending in /Contrast)")
      ->required();
  demo_cmd->add_option("--api-key", demo.api_key, "The organization's API key")->required();
  demo_cmd->add_option("--agent-user", demo.agent_username, "The organization's agent username")
      ->required();
  demo_cmd->add_option("--agent-key", demo.agent_service_key, "The agent service key")->required();
  demo_cmd->add_option("--ca-file", demo.ca_file, "Trust this certificate (PEM)")
      ->check(CLI::ExistingFile);
  demo_cmd->add_flag("--insecure", demo.insecure, "Accept any certificate, e.g. a self-signed one");
  demo_cmd->add_flag("--json", demo.json, "Print JSON instead of text");
  on(demo_cmd, [&] { return run_agent_demo(demo); });

  auto* store_cmd = app.add_subcommand("store", "Moving data between stores");
  store_cmd->require_subcommand(1);
  StoreCopyOptions copy;
  auto* copy_cmd = store_cmd->add_subcommand(
      "copy", "Copy everything into an empty store, e.g. from SQLite to PostgreSQL");
  copy_cmd
      ->add_option("--data-dir", copy.data_dir,
                   "Data directory whose pepper and master key the copied store was made with")
      ->capture_default_str();
  copy_cmd->add_flag("--json", copy.json, "Print JSON instead of text");
  copy_cmd
      ->add_option("--from", copy.from,
                   "The store to copy (sqlite:PATH, ...) [default: the data directory's]")
      ->check(no_password());
  copy_cmd
      ->add_option("--to", copy.to, "The empty store to fill (postgresql://USER@HOST/DATABASE?...)")
      ->required()
      ->check(no_password());
  on(copy_cmd, [&] { return run_store_copy(copy); });
  PruneJournalOptions prune;
  auto* prune_cmd = store_cmd->add_subcommand(
      "prune-journal", "Delete old change journal entries (nodes further behind reload in full)");
  add_common(prune_cmd, prune);
  prune_cmd->add_option("--keep", prune.keep, "How many of the newest entries to keep")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 40));
  on(prune_cmd, [&] { return run_store_prune_journal(prune); });

  QuickstartOptions quickstart;
  quickstart.program = program;
  auto* quickstart_cmd =
      app.add_subcommand("quickstart", "Print how to sign in and ready-to-paste requests");
  add_common(quickstart_cmd, quickstart, false);
  quickstart_cmd->add_option("--url", quickstart.url, "Where the server is")->capture_default_str();
  quickstart_cmd->add_flag("--reset-password", quickstart.reset_password,
                           "Give the system administrator a new password and print it (for a "
                           "local installation: `make run` does this)");
  on(quickstart_cmd, [&] { return run_quickstart(quickstart); });

  // CLI11 would answer an unknown command with "A subcommand is required"; name it instead.
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    for (const auto* cmd : app.get_subcommands({})) known |= cmd->get_name() == argv[1];
    if (!known) {
      return usage_error("unknown command \"" + std::string(argv[1]) +
                         "\"; run `keyward --help` to see the commands");
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return exit_code;
}

}  // namespace keyward::cli

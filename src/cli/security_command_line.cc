// The command line of the organization-security commands (security_commands.cc does the work).
#include <cstdint>
#include <limits>

#include "cli/command_line.h"

namespace keyward::cli {
namespace {

constexpr std::int64_t kMaxAuditPage = 500;  // as GET /api/v1/orgs/{orgId}/audit

void add_org(CLI::App* cmd, std::string& org) {
  cmd->add_option("--org", org, "Organization id")->required();
}

// The email commands read `keyward serve`'s config file, whose data_dir applies unless
// --data-dir is given.
void add_email_options(CLI::App* cmd, KeyEmailOptions& o) {
  o.data_dir.clear();
  cmd->add_option("--data-dir", o.data_dir,
                  "Data directory [default: the config file's data_dir, else ./var]");
  cmd->add_option("--store", o.store, "Store location (sqlite:PATH, memory:)");
  cmd->add_flag("--json", o.json, "Print JSON instead of text");
  cmd->add_option("--config", o.config_file,
                  "keyward serve's TOML configuration: SMTP settings, sender, public_url")
      ->check(CLI::ExistingFile);
  cmd->add_option("--public-url", o.public_url,
                  "Base URL of the emailed link [default: the config's public_url, else "
                  "https://127.0.0.1:8443]");
  cmd->add_flag("--rotate", o.rotate, "Rotate the key first, and email the new one");
}

void add_org_commands(CLI::App* org, SecurityCommandLine& o, const BindCommand& on) {
  auto* credentials = org->add_subcommand(
      "credentials", "Show the organization's credentials, masked unless --reveal");
  add_common(credentials, o.credentials);
  add_org(credentials, o.credentials.org);
  credentials->add_flag("--reveal", o.credentials.reveal,
                        "Show the keys in clear (recorded in the audit log)");
  on(credentials, [&o] { return run_org_credentials(o.credentials); });

  auto* api_key = org->add_subcommand("api-key", "The organization's API key");
  api_key->require_subcommand(1);
  auto* rotate = api_key->add_subcommand(
      "rotate", "Replace the API key with a new random one (the old one stops working)");
  add_common(rotate, o.api_key_rotate);
  add_org(rotate, o.api_key_rotate.org);
  on(rotate, [&o] { return run_org_api_key_rotate(o.api_key_rotate); });
  auto* set = api_key->add_subcommand(
      "set", "Set the API key to a value read from standard input (checked against the policy)");
  add_common(set, o.api_key_set);
  add_org(set, o.api_key_set.org);
  on(set, [&o] { return run_org_api_key_set(o.api_key_set); });
  auto* enable = api_key->add_subcommand("enable", "Require the API key of agents (the default)");
  add_common(enable, o.api_key_enable);
  add_org(enable, o.api_key_enable.org);
  on(enable, [&o] { return run_org_api_key_enable(o.api_key_enable, true); });
  auto* disable = api_key->add_subcommand(
      "disable", "Let agents authenticate without the API key (users still need it)");
  add_common(disable, o.api_key_disable);
  add_org(disable, o.api_key_disable.org);
  on(disable, [&o] { return run_org_api_key_enable(o.api_key_disable, false); });
  auto* email = api_key->add_subcommand(
      "email", "Email the API key (by default a one-time link to it) to a member");
  add_email_options(email, o.api_key_email);
  add_org(email, o.api_key_email.org);
  email->add_option("--to", o.api_key_email.to, "The recipient's username")->required();
  on(email, [&o] { return run_org_api_key_email(o.api_key_email); });

  auto* agent_key = org->add_subcommand("agent-key", "The organization's agent service key");
  agent_key->require_subcommand(1);
  auto* agent_rotate =
      agent_key->add_subcommand("rotate", "Replace the agent service key with a new random one");
  add_common(agent_rotate, o.agent_key_rotate);
  add_org(agent_rotate, o.agent_key_rotate.org);
  on(agent_rotate, [&o] { return run_org_agent_key_rotate(o.agent_key_rotate); });
}

void add_user_commands(CLI::App* user, SecurityCommandLine& o, const BindCommand& on) {
  auto* service_key = user->add_subcommand("service-key", "A user's service key");
  service_key->require_subcommand(1);
  auto* rotate = service_key->add_subcommand(
      "rotate", "Replace the service key with a new random one (the old one stops working)");
  add_common(rotate, o.service_key_rotate);
  rotate->add_option("--username", o.service_key_rotate.username, "Username")->required();
  on(rotate, [&o] { return run_user_service_key_rotate(o.service_key_rotate); });
  auto* email = service_key->add_subcommand(
      "email", "Email users their service key (by default a one-time link to it)");
  add_email_options(email, o.service_key_email);
  email->add_option("--username", o.service_key_email.username, "Username")->required();
  on(email, [&o] { return run_user_service_key_email(o.service_key_email); });
}

void add_app_commands(CLI::App& app, SecurityCommandLine& o, const BindCommand& on) {
  auto* app_cmd = app.add_subcommand("app", "Applications reported by an organization's agents");
  app_cmd->require_subcommand(1);
  auto* key = app_cmd->add_subcommand("key", "An application's key");
  key->require_subcommand(1);
  for (auto [name, help, options, set] :
       {std::tuple{"rotate", "Replace the application key with a new random one", &o.app_key_rotate,
                   false},
        std::tuple{"set",
                   "Set the application key to a value read from standard input (checked "
                   "against the policy)",
                   &o.app_key_set, true}}) {
    auto* cmd = key->add_subcommand(name, help);
    add_common(cmd, *options);
    add_org(cmd, options->org);
    cmd->add_option("--app", options->app, "Application id")->required();
    on(cmd,
       [options, set] { return set ? run_app_key_set(*options) : run_app_key_rotate(*options); });
  }
}

void add_policy_commands(CLI::App& app, SecurityCommandLine& o, const BindCommand& on) {
  auto* policy = app.add_subcommand("policy", "The key policy and other system security settings");
  policy->require_subcommand(1);
  auto* show = policy->add_subcommand("show", "Show the key policy");
  add_common(show, o.policy_show);
  on(show, [&o] { return run_policy_show(o.policy_show); });

  auto* set = policy->add_subcommand(
      "set", "Change the key policy; settings not given keep their values, existing keys stay");
  add_common(set, o.policy_set);
  auto& p = o.policy_set;
  for (auto [name, value, help] :
       {std::tuple{"--org-api-key-length", &p.org_api_key_length,
                   "Characters in an organization API key"},
        std::tuple{"--org-api-key-min-numerals", &p.org_api_key_min_numerals,
                   "Numerals it needs at least"},
        std::tuple{"--org-api-key-min-upper", &p.org_api_key_min_upper,
                   "Upper-case letters it needs at least"},
        std::tuple{"--org-api-key-min-lower", &p.org_api_key_min_lower,
                   "Lower-case letters it needs at least"},
        std::tuple{"--app-key-length", &p.app_key_length, "Characters in an application key"},
        std::tuple{"--app-key-min-numerals", &p.app_key_min_numerals, "Numerals it needs at least"},
        std::tuple{"--app-key-min-upper", &p.app_key_min_upper,
                   "Upper-case letters it needs at least"},
        std::tuple{"--app-key-min-lower", &p.app_key_min_lower,
                   "Lower-case letters it needs at least"}}) {
    set->add_option(name, *value, help);
  }
  set->add_option("--mask-invalid-ips", p.mask_invalid_ips,
                  "true or false: record failed attempts' addresses masked to their network")
      ->check(CLI::IsMember({"true", "false"}));
  set->add_option("--email-key-in-message", p.email_key_in_message,
                  "true or false: emailed keys in the message itself instead of a one-time link")
      ->check(CLI::IsMember({"true", "false"}));
  on(set, [&o] { return run_policy_set(o.policy_set); });

  auto* compliance = policy->add_subcommand(
      "compliance", "List the API and application keys that do not comply with the key policy");
  add_common(compliance, o.policy_compliance);
  on(compliance, [&o] { return run_policy_compliance(o.policy_compliance); });
}

void add_audit_commands(CLI::App& app, SecurityCommandLine& o, const BindCommand& on) {
  auto* audit = app.add_subcommand("audit", "The audit log");
  audit->require_subcommand(1);
  auto* list = audit->add_subcommand("list", "List audit records, newest first");
  add_common(list, o.audit_list);
  list->add_option("--org", o.audit_list.org,
                   "Only this organization's records [default: every record]");
  list->add_option("--limit", o.audit_list.limit, "How many records")
      ->check(CLI::Range(std::int64_t{1}, kMaxAuditPage))
      ->capture_default_str();
  list->add_option("--before", o.audit_list.before,
                   "Only records older than this id (the previous page's last)")
      ->check(CLI::Range(std::int64_t{1}, std::numeric_limits<std::int64_t>::max()));
  on(list, [&o] { return run_audit_list(o.audit_list); });
}

}  // namespace

void add_security_commands(CLI::App& app, CLI::App* org, CLI::App* user, SecurityCommandLine& o,
                           const BindCommand& on) {
  add_org_commands(org, o, on);
  add_user_commands(user, o, on);
  add_app_commands(app, o, on);
  add_policy_commands(app, o, on);
  add_audit_commands(app, o, on);
}

}  // namespace keyward::cli

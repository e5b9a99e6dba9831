// The pieces of the command-line declaration that app.cc shares with the files declaring groups
// of commands (security_command_line.cc).
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace keyward::cli {

// Adds --data-dir, --store and (unless told not to) --json.
void add_common(CLI::App* cmd, CommonOptions& o, bool with_json = true);

// Makes `body` the command's action; its return value becomes the exit code.
using BindCommand = std::function<void(CLI::App* cmd, std::function<int()> body)>;

// The options of the organization-security commands. They must outlive parsing, so run() owns
// them.
struct SecurityCommandLine {
  OrgCredentialsOptions credentials;
  OrgTargetOptions api_key_rotate, api_key_set, api_key_enable, api_key_disable, agent_key_rotate;
  OrgApiKeyEmailOptions api_key_email;
  UserTargetOptions service_key_rotate;
  ServiceKeyEmailOptions service_key_email;
  AppKeyOptions app_key_rotate, app_key_set;
  CommonOptions policy_show, policy_compliance;
  PolicySetOptions policy_set;
  AuditListOptions audit_list;
};

// The options of `member ...` and `org agent-config`.
struct MemberCommandLine {
  MemberListOptions list;
  MemberOptions add, role, unlock, remove;
  AgentConfigOptions agent_config;
};

// The options of `webhook ...`.
struct WebhookCommandLine {
  WebhookCreateOptions create;
  OrgTargetOptions list;
  WebhookTargetOptions remove;
  WebhookDeliveriesOptions deliveries;
};

// Declares `webhook create|list|delete|deliveries`.
void add_webhook_commands(CLI::App& app, WebhookCommandLine& o, const BindCommand& on);

// Declares `member list|add|role|unlock|remove` and `org agent-config`.
void add_member_commands(CLI::App& app, CLI::App* org, MemberCommandLine& o, const BindCommand& on);

// Declares `org credentials`, `org api-key ...`, `org agent-key rotate` under `org`,
// `user service-key ...` under `user`, and the top-level `app`, `policy` and `audit`.
void add_security_commands(CLI::App& app, CLI::App* org, CLI::App* user, SecurityCommandLine& o,
                           const BindCommand& on);

// Declares `org settings` under `org` (org_settings_commands.cc).
void add_org_settings_command(CLI::App* org, OrgSettingsOptions& o, const BindCommand& on);

}  // namespace keyward::cli

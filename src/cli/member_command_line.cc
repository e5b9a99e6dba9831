// The command line of `member ...` and `org agent-config` (member_commands.cc does the work).
#include "cli/command_line.h"

namespace keyward::cli {
namespace {

void add_target(CLI::App* cmd, MemberOptions& o) {
  add_common(cmd, o);
  cmd->add_option("--org", o.org, "Organization id")->required();
  cmd->add_option("--username", o.username, "The member's username")->required();
}

void add_role(CLI::App* cmd, MemberOptions& o) {
  cmd->add_option("--role", o.role, "admin or member")
      ->required()
      ->check(CLI::IsMember({"admin", "member"}));
}

}  // namespace

void add_member_commands(CLI::App& app, CLI::App* org, MemberCommandLine& o,
                         const BindCommand& on) {
  auto* member = app.add_subcommand("member", "An organization's members and their roles");
  member->require_subcommand(1);

  auto* list = member->add_subcommand("list", "List the members, their roles and lock state");
  add_common(list, o.list);
  list->add_option("--org", o.list.org, "Organization id")->required();
  on(list, [&o] { return run_member_list(o.list); });

  auto* add = member->add_subcommand(
      "add", "Add a user; someone new gets a one-time password, printed once");
  add_target(add, o.add);
  add_role(add, o.add);
  on(add, [&o] { return run_member_add(o.add); });

  auto* role = member->add_subcommand("role", "Change a member's role");
  add_target(role, o.role);
  add_role(role, o.role);
  on(role, [&o] { return run_member_role(o.role); });

  auto* unlock = member->add_subcommand("unlock", "Lift a member's lock after failed sign-ins");
  add_target(unlock, o.unlock);
  on(unlock, [&o] { return run_member_unlock(o.unlock); });

  auto* remove = member->add_subcommand(
      "remove", "Remove a member; their service key stops working with the organization at once");
  add_target(remove, o.remove);
  on(remove, [&o] { return run_member_remove(o.remove); });

  auto* config = org->add_subcommand(
      "agent-config", "Write contrast_security.yaml for the organization's agents (audited)");
  add_common(config, o.agent_config, /*with_json=*/false);
  config->add_option("--org", o.agent_config.org, "Organization id")->required();
  config->add_option("--url", o.agent_config.url, "Where agents reach Keyward")
      ->capture_default_str();
  config->add_option("--output", o.agent_config.output,
                     "Write to this file (owner-only) instead of standard output");
  on(config, [&o] { return run_org_agent_config(o.agent_config); });
}

}  // namespace keyward::cli

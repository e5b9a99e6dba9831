// The `keyward` subcommands, each a function of its parsed options that returns an exit code.
// app.cc declares the command line; these do the work.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keyward::cli {

struct CommonOptions {
  std::string data_dir = "./var";
  std::string store;  // empty: the data directory's SQLite database
  bool json = false;
};

struct InitOptions : CommonOptions {
  std::string admin_username = "admin@localhost";
  std::string org_name = "Demo Organization";
  std::string listen = "127.0.0.1:8443";  // only used to print a ready-to-paste curl
  std::string program = "keyward";        // how the command was invoked, for the printed lines
};

struct ServeOptions : CommonOptions {
  std::string config_file;
  std::string listen;  // default 127.0.0.1:8443, or the config file's
  bool plaintext = false;
  std::string tls_certificate;
  std::string tls_private_key;
  std::string public_url;
  std::string ready_file;  // written with the base URL once listening (for scripts and tests)
  unsigned threads = 0;    // 0: one per core
  bool no_access_log = false;
};

struct OrgCreateOptions : CommonOptions {
  std::string name;
};

struct OrgListOptions : CommonOptions {
  std::string search;  // only names containing it (ignoring case), or this id
};

struct UserCreateOptions : CommonOptions {
  std::string org;
  std::string username;
  std::string role = "member";
  bool system_admin = false;
};

struct UserResetPasswordOptions : CommonOptions {
  std::string username;
};

// A key's controls as the command line gives them (cli/key_controls_options.h reads them).
struct KeyControlOptions {
  std::vector<std::string> scopes;       // read, write, and the organization's own
  std::vector<std::string> rate_limits;  // "100/1s", "10000/1d"
  std::optional<std::int64_t> credits;
  std::string refill;                    // "1000/1d"
  std::vector<std::string> allowed_ips;  // "203.0.113.0/24"
};

struct KeyCreateOptions : CommonOptions {
  std::string org;
  std::string name;
  std::string kind;
  std::string expires_at;
  KeyControlOptions controls;
};

struct KeyTargetOptions : CommonOptions {
  std::string org;
  std::string key;
};

// `keyward key update`: what is given replaces what the key has; the --no-* flags remove.
struct KeyUpdateOptions : KeyTargetOptions {
  std::string name;
  KeyControlOptions controls;
  bool no_rate_limits = false;
  bool no_credits = false;
  bool any_ip = false;
};

struct KeyRollOptions : KeyTargetOptions {
  std::optional<std::int64_t> grace_seconds;
  std::string expires_at;
};

// `keyward key usage` (key set) and `keyward org usage` (key empty): usage_commands.cc.
struct UsageOptions : CommonOptions {
  std::string org;
  std::string key;
  std::string granularity = "hour";
  std::size_t top = 10;  // org usage: the busiest keys named
};

struct KeyVerifyOptions : CommonOptions {
  std::string token;  // empty: read from standard input, which keeps it out of `ps`
};

// `keyward store copy`: the keys of `data_dir` must be the ones `from` was made with.
struct StoreCopyOptions : CommonOptions {
  std::string from;  // empty: the data directory's database
  std::string to;
};

// `keyward store prune-journal`: keeps the newest `keep` journal entries.
struct PruneJournalOptions : CommonOptions {
  std::int64_t keep = 100000;
};

struct QuickstartOptions : CommonOptions {
  std::string url = "https://127.0.0.1:8443";
  std::string program = "keyward";  // how the command was invoked, for the printed lines
  bool reset_password = false;      // give the administrator a new password, and print it
};

// Organization security (security_commands.cc). Secrets chosen by hand are read from standard
// input, never from the command line, where `ps` would show them.
struct OrgTargetOptions : CommonOptions {
  std::string org;
};

// `org settings`: unset options keep their current values; none shows them.
struct OrgSettingsOptions : OrgTargetOptions {
  std::optional<std::string> reminder_days;    // "7,1" or "none"
  std::optional<std::string> unused_key_days;  // a number of days or "off"
};

struct OrgCredentialsOptions : OrgTargetOptions {
  bool reveal = false;
};

struct UserTargetOptions : CommonOptions {
  std::string username;
};

// The email commands read `keyward serve`'s config file for the mailer (SMTP, else the outbox)
// and the link's base URL. `data_dir` is empty unless given, so the file's data_dir can apply.
struct KeyEmailOptions : CommonOptions {
  std::string config_file;
  std::string public_url;  // default: the config's public_url, else https://127.0.0.1:8443
  bool rotate = false;
};

struct OrgApiKeyEmailOptions : KeyEmailOptions {
  std::string org;
  std::string to;  // the recipient's username: a member of the organization or a system admin
};

struct ServiceKeyEmailOptions : KeyEmailOptions {
  std::string username;
};

struct AppKeyOptions : CommonOptions {
  std::string org;
  std::string app;
};

// Unset options keep their current values.
struct PolicySetOptions : CommonOptions {
  std::optional<int> org_api_key_length;
  std::optional<int> org_api_key_min_numerals;
  std::optional<int> org_api_key_min_upper;
  std::optional<int> org_api_key_min_lower;
  std::optional<int> app_key_length;
  std::optional<int> app_key_min_numerals;
  std::optional<int> app_key_min_upper;
  std::optional<int> app_key_min_lower;
  std::optional<bool> mask_invalid_ips;
  std::optional<bool> email_key_in_message;
};

struct AuditListOptions : CommonOptions {
  std::string org;  // empty: every organization's records and the system's
  std::int64_t limit = 50;
  std::int64_t before = 0;  // 0: from the newest
};

// An organization's members (member_commands.cc); the command acts as a system administrator.
struct MemberListOptions : CommonOptions {
  std::string org;
};

struct MemberOptions : MemberListOptions {
  std::string username;
  std::string role;  // add and role only: "admin" or "member"
};

// contrast_security.yaml for an organization's agents, written to standard output or a file.
struct AgentConfigOptions : CommonOptions {
  std::string org;
  std::string url = "https://127.0.0.1:8443";  // the server as agents reach it
  std::string output;                          // empty: standard output
};

// `keyward webhook ...`: an organization's lifecycle webhook endpoints (webhook_commands.cc).
struct WebhookCreateOptions : CommonOptions {
  std::string org;
  std::string url;
  std::vector<std::string> events;  // "key.created", ...
};

struct WebhookTargetOptions : CommonOptions {
  std::string org;
  std::string webhook;  // the endpoint's id
};

struct WebhookDeliveriesOptions : WebhookTargetOptions {
  std::int64_t limit = 50;
};

struct AgentDemoOptions {
  std::string url;
  std::string api_key;
  std::string agent_username;
  std::string agent_service_key;
  std::string ca_file;
  bool insecure = false;
  bool json = false;
};

int run_init(const InitOptions& o);
int run_serve(const ServeOptions& o);
int run_migrate(const CommonOptions& o);
int run_org_create(const OrgCreateOptions& o);
int run_org_list(const OrgListOptions& o);
int run_user_create(const UserCreateOptions& o);
int run_user_reset_password(const UserResetPasswordOptions& o);
int run_key_create(const KeyCreateOptions& o);
int run_key_update(const KeyUpdateOptions& o);
int run_key_list(const KeyTargetOptions& o);
int run_key_show(const KeyTargetOptions& o);
int run_key_roll(const KeyRollOptions& o);
int run_key_set_disabled(const KeyTargetOptions& o, bool disabled);
int run_key_delete(const KeyTargetOptions& o);
int run_key_verify(const KeyVerifyOptions& o);
int run_key_usage(const UsageOptions& o);
int run_org_usage(const UsageOptions& o);
int run_quickstart(const QuickstartOptions& o);
int run_store_copy(const StoreCopyOptions& o);
int run_store_prune_journal(const PruneJournalOptions& o);
int run_org_credentials(const OrgCredentialsOptions& o);
int run_org_settings(const OrgSettingsOptions& o);
int run_org_api_key_rotate(const OrgTargetOptions& o);
int run_org_api_key_set(const OrgTargetOptions& o);  // the value from standard input
int run_org_api_key_enable(const OrgTargetOptions& o, bool enabled);
int run_org_api_key_email(const OrgApiKeyEmailOptions& o);
int run_org_agent_key_rotate(const OrgTargetOptions& o);
int run_user_service_key_rotate(const UserTargetOptions& o);
int run_user_service_key_email(const ServiceKeyEmailOptions& o);
int run_app_key_rotate(const AppKeyOptions& o);
int run_app_key_set(const AppKeyOptions& o);  // the value from standard input
int run_policy_show(const CommonOptions& o);
int run_policy_set(const PolicySetOptions& o);
int run_policy_compliance(const CommonOptions& o);
int run_audit_list(const AuditListOptions& o);
int run_agent_demo(const AgentDemoOptions& o);
int run_member_list(const MemberListOptions& o);
int run_member_add(const MemberOptions& o);
int run_member_role(const MemberOptions& o);
int run_member_unlock(const MemberOptions& o);
int run_member_remove(const MemberOptions& o);
int run_org_agent_config(const AgentConfigOptions& o);
int run_webhook_create(const WebhookCreateOptions& o);
int run_webhook_list(const OrgTargetOptions& o);
int run_webhook_delete(const WebhookTargetOptions& o);
int run_webhook_deliveries(const WebhookDeliveriesOptions& o);

}  // namespace keyward::cli

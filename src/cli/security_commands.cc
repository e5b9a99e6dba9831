// An organization's security from the command line: its credentials (show, rotate, set, enable,
// disable, email), users' service keys, application keys, the key policy and the audit log. The
// same services and the same JSON field names as the HTTP API (src/api/v1/{credentials,policy,
// users,application_keys,audit}.cc); every change is recorded as the actor "command". A running
// server picks the changes up from the store's journal within a fraction of a second.
#include <chrono>
#include <expected>
#include <iostream>
#include <memory>

#include <boost/json.hpp>

#include "api/views.h"
#include "cli/commands.h"
#include "cli/mail_setup.h"
#include "cli/org_scope.h"
#include "cli/output.h"
#include "cli/runtime.h"
#include "cli/serve_config.h"
#include "core/key_policy.h"
#include "core/reveal_grant.h"
#include "core/system_settings.h"
#include "service/account_service.h"
#include "service/actor.h"
#include "service/application_service.h"
#include "service/audit_log.h"
#include "service/key_mail.h"
#include "service/organization_service.h"
#include "service/policy_service.h"
#include <termios.h>
#include <unistd.h>

namespace keyward::cli {
namespace {

// Where emailed links point when neither --public-url nor the config's public_url says.
constexpr const char* kDefaultPublicUrl = "https://127.0.0.1:8443";
// The client address the per-client email limit counts this command under.
constexpr const char* kCommandClient = "command";

// ---- Looking things up, with errors that say what was not found -------------------------------

Result<User> existing_user(Runtime& rt, const std::string& username) {
  auto user = service::AccountService(rt.context()).find(username);
  if (!user && user.error().code == Errc::kNotFound) {
    return fail(Errc::kNotFound, "no user named \"" + username + "\"");
  }
  return user;
}

struct UserScope {
  std::unique_ptr<Runtime> rt;
  User user;
};

Opened<UserScope> open_user(const std::string& data_dir, const std::string& store,
                            const std::string& username) {
  auto rt = Runtime::open(data_dir, store);
  if (!rt) return std::unexpected(report(rt.error()));
  auto user = existing_user(**rt, username);
  if (!user) return std::unexpected(report(user.error()));
  return UserScope{std::move(*rt), std::move(*user)};
}

// ---- Secrets from standard input ---------------------------------------------------------------

// One line from standard input: a value chosen by hand never comes from the command line, where
// `ps` and the shell's history would show it. At a terminal it is asked for without echo.
Result<std::string> read_secret(const std::string& what) {
  const bool terminal = ::isatty(STDIN_FILENO) == 1;
  termios saved{};
  bool echo_off = false;
  if (terminal) {
    std::cerr << "New " << what << ": " << std::flush;
    if (::tcgetattr(STDIN_FILENO, &saved) == 0) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      echo_off = ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
    }
  }
  std::string value;
  std::getline(std::cin, value);
  if (echo_off) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  if (terminal) std::cerr << "\n";
  while (!value.empty() && (value.back() == '\r' || value.back() == ' ' || value.back() == '\t')) {
    value.pop_back();
  }
  if (value.empty()) {
    return fail(Errc::kInvalidArgument,
                "the new " + what +
                    " is read from standard input (so that it never shows in `ps`), and none "
                    "was given; e.g. `... < key.txt`");
  }
  return value;
}

// ---- Output helpers ----------------------------------------------------------------------------

boost::json::array json_strings(const std::vector<std::string>& items) {
  boost::json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

// As GET /api/v1/system/key-policy.
boost::json::object settings_json(const SystemSettings& s) {
  return {{"org_api_key", api::key_policy_view(s.org_api_key)},
          {"application_key", api::key_policy_view(s.application_key)},
          {"mask_invalid_ips", s.mask_invalid_ips},
          {"email_key_in_message", s.email_key_in_message}};
}

std::string describe(const KeyPolicy& p) {
  return std::to_string(p.length) + " characters, at least " + std::to_string(p.min_numerals) +
         " numerals, " + std::to_string(p.min_upper) + " upper-case and " +
         std::to_string(p.min_lower) + " lower-case letters";
}

void print_settings(const SystemSettings& s) {
  std::cout << "  organization API keys: " << describe(s.org_api_key) << "\n"
            << "  application keys:      " << describe(s.application_key) << "\n"
            << "  mask invalid IPs:      " << (s.mask_invalid_ips ? "on" : "off") << "\n"
            << "  key in email messages: "
            << (s.email_key_in_message ? "on (the message holds the key itself)"
                                       : "off (the message holds a one-time link)")
            << "\n";
}

// ---- Emailing keys -----------------------------------------------------------------------------

// What the email commands need: `keyward serve`'s settings (for the mailer and the link's base),
// the data directory, and the mailer itself.
struct MailScope {
  ServeConfig config;
  std::unique_ptr<Runtime> rt;
  std::unique_ptr<service::Mailer> mailer;  // uses rt's clock and randomness; declared after it
  std::string base_url;
};

Opened<MailScope> open_for_mail(const KeyEmailOptions& o) {
  ServeOptions serve;
  serve.config_file = o.config_file;
  serve.data_dir = o.data_dir;
  serve.store = o.store;
  auto config = resolve_serve_config(serve);
  if (!config) return std::unexpected(report(config.error()));
  std::string base = !o.public_url.empty()         ? o.public_url
                     : !config->public_url.empty() ? config->public_url
                                                   : kDefaultPublicUrl;
  if (!base.starts_with("https://") && !base.starts_with("http://")) {
    return std::unexpected(
        usage_error("the public URL must start with https:// (or http://), e.g. "
                    "https://keys.example.com; got \"" +
                    base + "\""));
  }
  while (base.ends_with('/')) base.pop_back();
  auto rt = Runtime::open(config->data_dir, config->store);
  if (!rt) return std::unexpected(report(rt.error()));
  MailScope scope{std::move(*config), std::move(*rt), nullptr, std::move(base)};
  scope.mailer = make_mailer(scope.config, *scope.rt);
  return scope;
}

int print_sent(const MailScope& scope, const std::string& what, const std::string& username,
               bool rotated, bool json) {
  if (json) {
    print_json(boost::json::object{{"sent_to", username}, {"rotated", rotated}});
    return kExitOk;
  }
  std::cout << "Emailed " << what << " to " << username;
  if (rotated) std::cout << ", rotated first: the previous key no longer works";
  std::cout << ".\n";
  if (scope.rt->settings().get().email_key_in_message) {
    std::cout << "The message holds the key itself (the policy's email_key_in_message is on).\n";
  } else {
    std::cout << "The message holds a one-time link to " << scope.base_url << " that shows the key"
              << " after sign-in, for " << kRevealLinkLifetime.count() << " minutes.\n";
  }
  if (scope.config.smtp.url.empty()) {
    std::cout << "No SMTP server is configured (smtp.url), so it was written to "
              << (scope.rt->data_dir().root() / "outbox").string() << "/.\n";
  } else {
    std::cout << "Sent through " << scope.config.smtp.url << ".\n";
  }
  return kExitOk;
}

}  // namespace

// ---- Organization credentials ------------------------------------------------------------------

int run_org_credentials(const OrgCredentialsOptions& o) {
  auto scope = open_org(o.data_dir, o.store, o.org);
  if (!scope) return scope.error();
  Runtime& rt = *scope->rt;
  const Organization& org = scope->org;
  auto creds = service::OrganizationService(rt.context()).reveal_credentials(org.id);
  if (!creds) return report(creds.error());
  const auto broken = policy_violations(rt.settings().get().org_api_key, creds->api_key);
  if (o.reveal) {
    // Written before anything is shown: a reveal the audit log cannot record does not happen.
    store::WriteBatch batch;
    batch.audit.push_back(service::audit_event(service::Actor::command(), rt.clock(), org.id,
                                               "org.credentials.reveal",
                                               "org:" + org.id.to_string()));
    if (auto s = rt.context().commit(batch); !s) return report(s.error());
  }
  const std::string api_key = o.reveal ? creds->api_key : api::masked(creds->api_key, true);
  const std::string agent_key =
      o.reveal ? creds->agent_service_key : api::masked(creds->agent_service_key, true);
  if (o.json) {
    print_json(boost::json::object{{"organization_uuid", org.id.to_string()},
                                   {"agent_username", org.agent_username},
                                   {"api_key", api_key},
                                   {"agent_service_key", agent_key},
                                   {"api_key_enabled", org.api_key_enabled},
                                   {"revealed", o.reveal},
                                   {"api_key_complies", broken.empty()},
                                   {"api_key_violations", json_strings(broken)}});
    return kExitOk;
  }
  std::cout << "Organization \"" << org.name << "\"\n"
            << "  organization UUID: " << org.id.to_string() << "\n"
            << "  agent username:    " << org.agent_username << "\n"
            << "  API key:           " << api_key << "\n"
            << "  agent service key: " << agent_key << "\n"
            << "  API key enabled:   "
            << (org.api_key_enabled ? "yes (agents need it)" : "no (agents may go without it)")
            << "\n"
            << "  key policy:        "
            << (broken.empty() ? "the API key complies" : "the API key does not comply") << "\n";
  for (const auto& v : broken) std::cout << "    - it " << v << "\n";
  if (!o.reveal) {
    std::cout << "Keys are masked; --reveal shows them (and records that in the audit log).\n";
  }
  return kExitOk;
}

int run_org_api_key_rotate(const OrgTargetOptions& o) {
  auto scope = open_org(o.data_dir, o.store, o.org);
  if (!scope) return scope.error();
  auto key = service::OrganizationService(scope->rt->context())
                 .rotate_api_key(service::Actor::command(), scope->org.id);
  if (!key) return report(key.error());
  if (o.json) {
    print_json(boost::json::object{{"api_key", *key}});
    return kExitOk;
  }
  std::cout << "New API key of organization \"" << scope->org.name << "\": " << *key << "\n"
            << "The previous key no longer works; give the new one to the organization's users "
               "and agents.\n";
  return kExitOk;
}

int run_org_api_key_set(const OrgTargetOptions& o) {
  auto scope = open_org(o.data_dir, o.store, o.org);
  if (!scope) return scope.error();
  auto value = read_secret("API key");
  if (!value) return report(value.error());
  if (auto s = service::OrganizationService(scope->rt->context())
                   .set_api_key(service::Actor::command(), scope->org.id, *value);
      !s) {
    return report(s.error());
  }
  if (o.json) {
    print_json(boost::json::object{{"api_key", api::masked(*value, true)}, {"set", true}});
    return kExitOk;
  }
  std::cout << "Set the API key of organization \"" << scope->org.name << "\" ("
            << api::masked(*value, true) << "); the previous key no longer works.\n";
  return kExitOk;
}

int run_org_api_key_enable(const OrgTargetOptions& o, bool enabled) {
  auto scope = open_org(o.data_dir, o.store, o.org);
  if (!scope) return scope.error();
  if (auto s = service::OrganizationService(scope->rt->context())
                   .set_api_key_enabled(service::Actor::command(), scope->org.id, enabled);
      !s) {
    return report(s.error());
  }
  if (o.json) {
    print_json(boost::json::object{{"api_key_enabled", enabled}});
    return kExitOk;
  }
  std::cout << "The API key of organization \"" << scope->org.name << "\" is "
            << (enabled ? "enabled: agents need it with their agent credentials again."
                        : "disabled: agents may authenticate with their agent credentials alone; "
                          "User API requests still need it.")
            << "\n";
  return kExitOk;
}

int run_org_api_key_email(const OrgApiKeyEmailOptions& o) {
  const auto org_id = Uuid::parse(o.org);
  if (!org_id) return usage_error(kOrgNotUuid);
  auto scope = open_for_mail(o);
  if (!scope) return scope.error();
  Runtime& rt = *scope->rt;
  auto org = existing_org(rt, *org_id);
  if (!org) return report(org.error());
  auto recipient = existing_user(rt, o.to);
  if (!recipient) return report(recipient.error());
  // The link shows the key only to a member (or a system administrator); anyone else would get a
  // dead link, or, with the key in the message, a key they must not have.
  if (!recipient->system_admin && !recipient->role_in(org->id)) {
    return report(Error{Errc::kPermissionDenied,
                        recipient->username + " is not a member of organization \"" + org->name +
                            "\"; only its members and system administrators may be sent its API "
                            "key",
                        {}});
  }
  service::KeyMail key_mail(rt.context(), *scope->mailer, mail_policy(scope->config));
  std::chrono::seconds retry_after{0};
  if (auto s = key_mail.email_org_api_key(service::Actor::command(), recipient->id, org->id,
                                          o.rotate, scope->base_url, kCommandClient, retry_after);
      !s) {
    return report(s.error());
  }
  return print_sent(*scope, "the API key of organization \"" + org->name + "\"",
                    recipient->username, o.rotate, o.json);
}

int run_org_agent_key_rotate(const OrgTargetOptions& o) {
  auto scope = open_org(o.data_dir, o.store, o.org);
  if (!scope) return scope.error();
  auto key = service::OrganizationService(scope->rt->context())
                 .rotate_agent_key(service::Actor::command(), scope->org.id);
  if (!key) return report(key.error());
  if (o.json) {
    print_json(boost::json::object{{"agent_service_key", *key}});
    return kExitOk;
  }
  std::cout << "New agent service key of organization \"" << scope->org.name << "\" (agent "
            << scope->org.agent_username << "): " << *key << "\n"
            << "The previous key no longer works; update the agents' configuration.\n";
  return kExitOk;
}

// ---- Users' service keys -----------------------------------------------------------------------

int run_user_service_key_rotate(const UserTargetOptions& o) {
  auto scope = open_user(o.data_dir, o.store, o.username);
  if (!scope) return scope.error();
  auto key = service::AccountService(scope->rt->context())
                 .rotate_service_key(service::Actor::command(), scope->user.id);
  if (!key) return report(key.error());
  if (o.json) {
    print_json(boost::json::object{{"username", scope->user.username}, {"service_key", *key}});
    return kExitOk;
  }
  std::cout << "New service key of " << scope->user.username << ": " << *key << "\n"
            << "The previous key no longer works.\n";
  return kExitOk;
}

int run_user_service_key_email(const ServiceKeyEmailOptions& o) {
  auto scope = open_for_mail(o);
  if (!scope) return scope.error();
  Runtime& rt = *scope->rt;
  auto user = existing_user(rt, o.username);
  if (!user) return report(user.error());
  service::KeyMail key_mail(rt.context(), *scope->mailer, mail_policy(scope->config));
  std::chrono::seconds retry_after{0};
  if (auto s = key_mail.email_service_key(service::Actor::command(), user->id, o.rotate,
                                          scope->base_url, kCommandClient, retry_after);
      !s) {
    return report(s.error());
  }
  return print_sent(*scope, "their service key", user->username, o.rotate, o.json);
}

// ---- Application keys --------------------------------------------------------------------------

namespace {

struct AppScope {
  OrgScope org;
  Application app;
};

Opened<AppScope> open_app(const AppKeyOptions& o) {
  const auto app_id = Uuid::parse(o.app);
  if (!Uuid::parse(o.org)) return std::unexpected(usage_error(kOrgNotUuid));
  if (!app_id) return std::unexpected(usage_error("--app must be an application id (a UUID)"));
  auto org = open_org(o.data_dir, o.store, o.org);
  if (!org) return std::unexpected(org.error());
  auto app = service::ApplicationService(org->rt->context()).get(org->org.id, *app_id);
  if (!app && app.error().code == Errc::kNotFound) {
    return std::unexpected(report(Error{Errc::kNotFound,
                                        "no application with id " + app_id->to_string() +
                                            " in organization \"" + org->org.name + "\"",
                                        {}}));
  }
  if (!app) return std::unexpected(report(app.error()));
  return AppScope{std::move(*org), std::move(*app)};
}

}  // namespace

int run_app_key_rotate(const AppKeyOptions& o) {
  auto scope = open_app(o);
  if (!scope) return scope.error();
  auto key = service::ApplicationService(scope->org.rt->context())
                 .rotate_key(service::Actor::command(), scope->org.org.id, scope->app.id);
  if (!key) return report(key.error());
  if (o.json) {
    print_json(
        boost::json::object{{"app_id", scope->app.id.to_string()}, {"application_key", *key}});
    return kExitOk;
  }
  std::cout << "New application key of \"" << scope->app.name << "\" (" << scope->app.id.to_string()
            << "): " << *key << "\n";
  return kExitOk;
}

int run_app_key_set(const AppKeyOptions& o) {
  auto scope = open_app(o);
  if (!scope) return scope.error();
  auto value = read_secret("application key");
  if (!value) return report(value.error());
  if (auto s = service::ApplicationService(scope->org.rt->context())
                   .set_key(service::Actor::command(), scope->org.org.id, scope->app.id, *value);
      !s) {
    return report(s.error());
  }
  if (o.json) {
    print_json(boost::json::object{{"app_id", scope->app.id.to_string()},
                                   {"application_key", api::masked(*value, true)},
                                   {"set", true}});
    return kExitOk;
  }
  std::cout << "Set the application key of \"" << scope->app.name << "\" ("
            << api::masked(*value, true) << ").\n";
  return kExitOk;
}

// ---- Key policy --------------------------------------------------------------------------------

int run_policy_show(const CommonOptions& o) {
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  const SystemSettings settings = service::PolicyService((*rt)->context()).get();
  if (o.json) {
    print_json(settings_json(settings));
    return kExitOk;
  }
  std::cout << "Key policy:\n";
  print_settings(settings);
  return kExitOk;
}

int run_policy_set(const PolicySetOptions& o) {
  const std::pair<const std::optional<int>*, int KeyPolicy::*> numbers[] = {
      {&o.org_api_key_length, &KeyPolicy::length},
      {&o.org_api_key_min_numerals, &KeyPolicy::min_numerals},
      {&o.org_api_key_min_upper, &KeyPolicy::min_upper},
      {&o.org_api_key_min_lower, &KeyPolicy::min_lower},
      {&o.app_key_length, &KeyPolicy::length},
      {&o.app_key_min_numerals, &KeyPolicy::min_numerals},
      {&o.app_key_min_upper, &KeyPolicy::min_upper},
      {&o.app_key_min_lower, &KeyPolicy::min_lower}};
  bool any = o.mask_invalid_ips.has_value() || o.email_key_in_message.has_value();
  for (const auto& [value, field] : numbers) any |= value->has_value();
  if (!any) {
    return usage_error(
        "give at least one setting to change; `keyward policy set --help` lists them");
  }
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  service::PolicyService policies((*rt)->context());
  SystemSettings proposed = policies.get();
  for (std::size_t i = 0; i < std::size(numbers); ++i) {
    const auto& [value, field] = numbers[i];
    KeyPolicy& policy = i < 4 ? proposed.org_api_key : proposed.application_key;
    if (*value) policy.*field = **value;
  }
  if (o.mask_invalid_ips) proposed.mask_invalid_ips = *o.mask_invalid_ips;
  if (o.email_key_in_message) proposed.email_key_in_message = *o.email_key_in_message;
  auto saved = policies.set(service::Actor::command(), proposed);
  if (!saved) return report(saved.error());
  if (o.json) {
    print_json(settings_json(*saved));
    return kExitOk;
  }
  std::cout << "Updated the key policy:\n";
  print_settings(*saved);
  std::cout << "Existing keys are unchanged; `keyward policy compliance` lists those that no "
               "longer comply.\n";
  return kExitOk;
}

int run_policy_compliance(const CommonOptions& o) {
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  auto checked = service::PolicyService((*rt)->context()).compliance();
  if (!checked) return report(checked.error());
  std::int64_t failing = 0;
  for (const auto& k : *checked) failing += k.violations.empty() ? 0 : 1;
  if (o.json) {
    boost::json::array keys;
    for (const auto& k : *checked) {
      boost::json::object item{{"kind", k.kind},
                               {"org_id", k.org_id.to_string()},
                               {"org_name", k.org_name},
                               {"complies", k.violations.empty()},
                               {"violations", json_strings(k.violations)}};
      if (k.app_id) {
        item["app_id"] = k.app_id->to_string();
        item["app_name"] = k.app_name;
      }
      keys.push_back(std::move(item));
    }
    print_json(boost::json::object{{"keys", std::move(keys)}, {"non_compliant", failing}});
    return kExitOk;
  }
  if (failing == 0) {
    std::cout << "All " << checked->size() << " keys comply with the key policy.\n";
    return kExitOk;
  }
  std::cout << failing << " of " << checked->size() << " keys do not comply with the key policy:\n";
  for (const auto& k : *checked) {
    if (k.violations.empty()) continue;
    if (k.app_id) {
      std::cout << "  application key of \"" << k.app_name << "\" (" << k.app_id->to_string()
                << ") in organization \"" << k.org_name << "\"\n";
    } else {
      std::cout << "  API key of organization \"" << k.org_name << "\" (" << k.org_id.to_string()
                << ")\n";
    }
    for (const auto& v : k.violations) std::cout << "    - it " << v << "\n";
  }
  std::cout << "Rotating a key gives it a new value that complies.\n";
  return kExitOk;
}

// ---- Audit log ---------------------------------------------------------------------------------

int run_audit_list(const AuditListOptions& o) {
  std::optional<Uuid> org_id;
  if (!o.org.empty()) {
    org_id = Uuid::parse(o.org);
    if (!org_id) return usage_error(kOrgNotUuid);
  }
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  if (org_id) {
    if (auto org = existing_org(**rt, *org_id); !org) return report(org.error());
  }
  store::AuditQuery query;
  query.org_id = org_id;
  query.before_id = o.before;
  query.limit = static_cast<std::size_t>(o.limit);
  auto events = service::AuditLog((*rt)->store()).list(query);
  if (!events) return report(events.error());
  if (o.json) {
    print_json(api::audit_page(*events, query.limit));
    return kExitOk;
  }
  if (events->empty()) {
    std::cout << "No audit records" << (o.before != 0 ? " before that one" : "") << ".\n";
    return kExitOk;
  }
  for (const auto& e : *events) {
    std::cout << e.id << "  " << format_rfc3339(e.at) << "  " << e.actor << "  " << e.action << "  "
              << e.target << "  " << to_string(e.outcome);
    if (!e.client_ip.empty()) std::cout << "  from " << e.client_ip;
    if (!e.detail.empty()) std::cout << "  (" << e.detail << ")";
    std::cout << "\n";
  }
  if (events->size() == query.limit) {
    std::cout << "Older records: add --before " << events->back().id << "\n";
  }
  return kExitOk;
}

}  // namespace keyward::cli

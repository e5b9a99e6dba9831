// init, migrate, org, user and quickstart: the commands that set up and administer a data
// directory without a running server.
#include <filesystem>
#include <iostream>

#include <boost/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/quickstart_text.h"
#include "cli/runtime.h"
#include "core/text_rules.h"
#include "http/tls.h"
#include "service/account_service.h"
#include "service/bootstrap.h"
#include "service/key_service.h"
#include "service/organization_service.h"
#include "store/open_store.h"

namespace keyward::cli {
namespace {

std::string url_for_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
  const std::string port = colon == std::string::npos ? "8443" : listen.substr(colon + 1);
  if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::" || host == "[::]") host = "[::1]";
  return "https://" + host + ":" + port;
}

// The organization's default public key, for the quickstart's verify example.
std::string default_public_token(Runtime& rt, const Uuid& org_id) {
  auto keys = rt.store().list_keys(org_id);
  if (!keys) return {};
  for (const auto& k : *keys) {
    if (k.kind == KeyKind::kPublic && !k.revoked_at && k.name == "Default API Key") {
      return k.public_token;
    }
  }
  return {};
}

}  // namespace

int run_init(const InitOptions& o) {
  // Check what can be checked before anything is written, so a typo never leaves a
  // half-initialized directory behind.
  if (auto s = check_username(o.admin_username); !s) return report(s.error());
  if (auto s = check_name("organization name", o.org_name); !s) return report(s.error());

  auto rt = Runtime::create(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  auto done = service::bootstrap((*rt)->context(), o.admin_username, o.org_name);
  if (!done) return report(done.error());

  const auto& dir = (*rt)->data_dir();
  std::error_code ec;
  if (!std::filesystem::exists(dir.tls_certificate(), ec)) {
    auto s = http::generate_self_signed_certificate(dir.tls_certificate(), dir.tls_private_key(),
                                                    {"localhost", "127.0.0.1", "::1"});
    if (!s) return report(s.error());
  }

  const auto& admin = done->admin;
  const auto& org = done->org;
  if (o.json) {
    print_json(boost::json::object{
        {"admin",
         {{"username", admin.user.username},
          {"password", admin.password},
          {"service_key", admin.service_key}}},
        {"org",
         {{"id", org.org.id.to_string()}, {"name", org.org.name}, {"api_key", org.api_key}}}});
    return kExitOk;
  }
  std::cout << "Initialized " << dir.root().string() << "\n\n"
            << "System administrator (the password is shown only now):\n"
            << "  username:     " << admin.user.username << "\n"
            << "  password:     " << admin.password << "\n"
            << "  service key:  " << admin.service_key << "\n\n"
            << "Organization \"" << org.org.name << "\":\n"
            << "  id:                 " << org.org.id.to_string() << "\n"
            << "  API key:            " << org.api_key << "\n"
            << "  agent username:     " << org.org.agent_username << "\n"
            << "  agent service key:  " << org.agent_service_key << "\n"
            << "  default public key: " << org.default_public_key.token << "\n\n"
            << "Start the server with `keyward serve --data-dir " << o.data_dir << "`, then:\n\n"
            << quickstart_text({.program = o.program,
                                .base_url = url_for_listen(o.listen),
                                .certificate_path = dir.tls_certificate().string(),
                                .username = admin.user.username,
                                .service_key = admin.service_key,
                                .org_id = org.org.id.to_string(),
                                .org_api_key = org.api_key,
                                .agent_username = org.org.agent_username,
                                .agent_service_key = org.agent_service_key,
                                .public_key = org.default_public_key.token,
                                .password = admin.password});
  return kExitOk;
}

int run_migrate(const CommonOptions& o) {
  auto rt = Runtime::open(o.data_dir, o.store);  // opening a store brings its schema up to date
  if (!rt) return report(rt.error());
  const int latest = store::latest_schema_version(o.store);
  if (o.json) {
    print_json(boost::json::object{{"schema_version", latest}});
  } else {
    std::cout << "The store is at schema version " << latest << ".\n";
  }
  return kExitOk;
}

int run_org_create(const OrgCreateOptions& o) {
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  auto created =
      service::OrganizationService((*rt)->context()).create(service::Actor::command(), o.name);
  if (!created) return report(created.error());
  const auto& org = created->org;
  if (o.json) {
    print_json(boost::json::object{{"id", org.id.to_string()},
                                   {"name", org.name},
                                   {"api_key", created->api_key},
                                   {"agent_username", org.agent_username},
                                   {"agent_service_key", created->agent_service_key},
                                   {"default_public_key", created->default_public_key.token}});
    return kExitOk;
  }
  std::cout << "Created organization \"" << org.name << "\"\n"
            << "  id:                 " << org.id.to_string() << "\n"
            << "  API key:            " << created->api_key << "\n"
            << "  agent username:     " << org.agent_username << "\n"
            << "  agent service key:  " << created->agent_service_key << "\n"
            << "  default public key: " << created->default_public_key.token << "\n";
  return kExitOk;
}

int run_org_list(const OrgListOptions& o) {
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  auto orgs = service::OrganizationService((*rt)->context()).list(o.search);
  if (!orgs) return report(orgs.error());
  if (o.json) {
    boost::json::array items;
    for (const auto& org : *orgs) {
      items.push_back({{"id", org.id.to_string()},
                       {"name", org.name},
                       {"agent_username", org.agent_username},
                       {"api_key_enabled", org.api_key_enabled}});
    }
    print_json(items);
    return kExitOk;
  }
  for (const auto& org : *orgs) std::cout << org.id.to_string() << "  " << org.name << "\n";
  return kExitOk;
}

int run_user_create(const UserCreateOptions& o) {
  const auto org_id = Uuid::parse(o.org);
  if (!org_id) return usage_error("--org must be an organization id (a UUID)");
  const auto role = parse_role(o.role);
  if (!role) return usage_error("--role must be admin or member");
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  auto created = service::AccountService((*rt)->context())
                     .create(service::Actor::command(),
                             {o.username, Membership{*org_id, *role}, o.system_admin});
  if (!created) return report(created.error());
  if (o.json) {
    print_json(boost::json::object{{"id", created->user.id.to_string()},
                                   {"username", created->user.username},
                                   {"password", created->password},
                                   {"service_key", created->service_key}});
    return kExitOk;
  }
  std::cout << "Created user " << created->user.username << " (" << o.role << ")\n"
            << "  id:          " << created->user.id.to_string() << "\n"
            << "  password:    " << created->password << "   (shown only now)\n"
            << "  service key: " << created->service_key << "\n";
  return kExitOk;
}

int run_user_reset_password(const UserResetPasswordOptions& o) {
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  service::AccountService accounts((*rt)->context());
  auto user = accounts.find(o.username);
  if (!user) return report(user.error());
  auto password = accounts.reset_password(service::Actor::command(), user->id);
  if (!password) return report(password.error());
  if (o.json) {
    print_json(boost::json::object{{"username", user->username}, {"password", *password}});
  } else {
    std::cout << "New password for " << user->username << ": " << *password << "\n";
  }
  return kExitOk;
}

int run_quickstart(const QuickstartOptions& o) {
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  auto users = (*rt)->store().list_users();
  if (!users) return report(users.error());
  const User* admin = nullptr;
  for (const auto& u : *users) {
    if (u.system_admin && !u.memberships.empty()) {
      admin = &u;
      break;
    }
  }
  if (!admin) return report(Error{Errc::kNotFound, "no system administrator found", {}});
  const Uuid org_id = admin->memberships.front().org_id;
  service::AccountService accounts((*rt)->context());
  auto service_key = accounts.reveal_service_key(admin->id);
  if (!service_key) return report(service_key.error());
  std::string password;
  if (o.reset_password) {
    auto reset = accounts.reset_password(service::Actor::command(), admin->id);
    if (!reset) return report(reset.error());
    password = std::move(*reset);
  }
  auto creds = service::OrganizationService((*rt)->context()).reveal_credentials(org_id);
  if (!creds) return report(creds.error());
  const std::string cert =
      o.url.starts_with("https://") ? (*rt)->data_dir().tls_certificate().string() : "";
  std::cout << quickstart_text({.program = o.program,
                                .base_url = o.url,
                                .certificate_path = cert,
                                .username = admin->username,
                                .service_key = *service_key,
                                .org_id = org_id.to_string(),
                                .org_api_key = creds->api_key,
                                .agent_username = creds->agent_username,
                                .agent_service_key = creds->agent_service_key,
                                .public_key = default_public_token(**rt, org_id),
                                .password = password});
  return kExitOk;
}

}  // namespace keyward::cli

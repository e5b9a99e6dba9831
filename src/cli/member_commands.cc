// `member list|add|role|unlock|remove` and `org agent-config`: an organization's members and its
// agents' configuration from the command line, with the same services, rules, audit records and
// JSON field names as the HTTP API (src/api/v1/members.cc, agent_config.cc). The command acts as
// a system administrator, so it may add an existing account to another organization.
#include <filesystem>
#include <fstream>
#include <iostream>

#include <boost/json.hpp>

#include "api/views.h"
#include "cli/commands.h"
#include "cli/org_scope.h"
#include "cli/output.h"
#include "cli/runtime.h"
#include "core/agent_config.h"
#include "service/member_service.h"
#include "service/organization_service.h"

namespace keyward::cli {
namespace {

// The member named --username, or an error that says who was not found where.
Result<User> member(OrgScope& s, const std::string& username) {
  auto user = s.rt->store().find_user(username);
  if (!user && user.error().code != Errc::kNotFound) return user;
  if (!user || !user->role_in(s.org.id)) {
    return fail(Errc::kNotFound, "\"" + username + "\" is not a member of \"" + s.org.name +
                                     "\" (`keyward member list` shows them)");
  }
  return user;
}

std::string describe(const User& u, const Uuid& org_id, Timestamp now) {
  std::string out = std::string(to_string(u.role_in(org_id).value_or(Role::kMember)));
  if (u.system_admin) out += ", system administrator";
  if (u.locked_at(now)) out += ", locked until " + format_rfc3339(*u.locked_until);
  if (u.password_change_required) out += ", has not chosen a password yet";
  return out;
}

// Runs a change on one member and prints the member as it is afterwards.
template <class Change>
int change(const MemberOptions& o, const std::string& done, Change apply) {
  auto s = open_org(o.data_dir, o.store, o.org);
  if (!s) return s.error();
  auto user = member(*s, o.username);
  if (!user) return report(user.error());
  service::MemberService members(s->rt->context());
  auto changed = apply(members, s->org.id, user->id);
  if (!changed) return report(changed.error());
  const Timestamp now = s->rt->clock().now();
  if (o.json) {
    print_json(api::member_view(*changed, s->org.id, now));
    return kExitOk;
  }
  std::cout << changed->username << " " << done << " (" << describe(*changed, s->org.id, now)
            << ").\n";
  return kExitOk;
}

}  // namespace

int run_member_list(const MemberListOptions& o) {
  auto s = open_org(o.data_dir, o.store, o.org);
  if (!s) return s.error();
  auto list = service::MemberService(s->rt->context()).list(s->org.id);
  if (!list) return report(list.error());
  const Timestamp now = s->rt->clock().now();
  if (o.json) {
    boost::json::array items;
    for (const auto& u : *list) items.push_back(api::member_view(u, s->org.id, now));
    print_json(boost::json::object{{"members", std::move(items)}});
    return kExitOk;
  }
  std::cout << "Members of \"" << s->org.name << "\" (" << list->size() << "):\n";
  for (const auto& u : *list) {
    std::cout << "  " << u.username << "  " << describe(u, s->org.id, now) << "\n";
  }
  return kExitOk;
}

int run_member_add(const MemberOptions& o) {
  auto s = open_org(o.data_dir, o.store, o.org);
  if (!s) return s.error();
  auto added = service::MemberService(s->rt->context())
                   .add(service::Actor::command(), s->org.id, o.username, *parse_role(o.role),
                        /*may_add_existing=*/true);
  if (!added) return report(added.error());
  const auto& a = *added;
  if (o.json) {
    boost::json::value password = nullptr;
    if (a.one_time_password) password = boost::json::string(*a.one_time_password);
    print_json(
        boost::json::object{{"member", api::member_view(a.user, s->org.id, s->rt->clock().now())},
                            {"one_time_password", std::move(password)}});
    return kExitOk;
  }
  std::cout << "Added " << a.user.username << " to \"" << s->org.name << "\" as " << o.role
            << ".\n";
  if (a.one_time_password) {
    std::cout << "  one-time password: " << *a.one_time_password
              << "   (shown only now; they choose their own at their first sign-in)\n";
  } else {
    std::cout << "  An existing account: they sign in with their own password.\n";
  }
  return kExitOk;
}

int run_member_role(const MemberOptions& o) {
  return change(o, "has a new role",
                [&](service::MemberService& m, const Uuid& org, const Uuid& u) {
                  return m.set_role(service::Actor::command(), org, u, *parse_role(o.role));
                });
}

int run_member_unlock(const MemberOptions& o) {
  return change(o, "is unlocked", [](service::MemberService& m, const Uuid& org, const Uuid& u) {
    return m.unlock(service::Actor::command(), org, u);
  });
}

int run_member_remove(const MemberOptions& o) {
  auto s = open_org(o.data_dir, o.store, o.org);
  if (!s) return s.error();
  auto user = member(*s, o.username);
  if (!user) return report(user.error());
  if (auto r = service::MemberService(s->rt->context())
                   .remove(service::Actor::command(), s->org.id, user->id);
      !r) {
    return report(r.error());
  }
  if (o.json) {
    print_json(boost::json::object{{"removed", user->username}});
    return kExitOk;
  }
  std::cout << "Removed " << user->username << " from \"" << s->org.name
            << "\": their service key no longer works with its API key.\n";
  return kExitOk;
}

int run_org_agent_config(const AgentConfigOptions& o) {
  if (!o.url.starts_with("https://") && !o.url.starts_with("http://")) {
    return usage_error(
        "--url must start with https:// (or http://), e.g. https://keys.example.com");
  }
  auto s = open_org(o.data_dir, o.store, o.org);
  if (!s) return s.error();
  Runtime& rt = *s->rt;
  auto creds = service::OrganizationService(rt.context()).reveal_credentials(s->org.id);
  if (!creds) return report(creds.error());
  // Written before anything is shown: a reveal the audit log cannot record does not happen.
  store::WriteBatch batch;
  batch.audit.push_back(service::audit_event(
      service::Actor::command(), rt.clock(), s->org.id, "org.credentials.reveal",
      "org:" + s->org.id.to_string(), AuditOutcome::kSuccess,
      "as the agent configuration (contrast_security.yaml)"));
  if (auto r = rt.context().commit(batch); !r) return report(r.error());
  const std::string yaml = render_agent_config({.url = o.url,
                                                .api_key = creds->api_key,
                                                .user_name = creds->agent_username,
                                                .service_key = creds->agent_service_key,
                                                .organization_id = s->org.id.to_string(),
                                                .written_at = rt.clock().now()});
  if (o.output.empty()) {
    std::cout << yaml;
    return kExitOk;
  }
  {
    // The process runs with umask 077 (main.cc), so the file is created owner-only.
    std::ofstream out(o.output, std::ios::trunc);
    out << yaml;
    if (!out) return report(Error{Errc::kUnavailable, "cannot write " + o.output, {}});
  }
  std::filesystem::permissions(
      o.output, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::cerr << "Wrote " << o.output << ": it holds the organization's API key and agent service "
            << "key, so keep it as safe as they are.\n";
  return kExitOk;
}

}  // namespace keyward::cli

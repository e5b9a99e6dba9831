// `keyward org settings`: shows or changes an organization's expiry reminders and unused-key
// expiry (core/lifecycle_settings.h), as PATCH /api/v1/orgs/{orgId}/settings does.
#include <charconv>
#include <iostream>

#include <boost/json.hpp>

#include "cli/command_line.h"
#include "cli/org_scope.h"
#include "cli/output.h"
#include "cli/runtime.h"
#include "core/key_lifecycle.h"
#include "service/organization_service.h"

namespace keyward::cli {
namespace {

std::optional<int> whole_number(std::string_view text) {
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// "7,1" or "none"; nullopt (with the message in `error`) when not.
std::optional<std::vector<int>> reminder_days(const std::string& text, std::string& error) {
  std::vector<int> days;
  if (text == "none") return days;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto n = whole_number(rest.substr(0, comma));
    if (!n) {
      error = "--reminder-days must be days separated by commas, e.g. 7,1, or \"none\"";
      return std::nullopt;
    }
    days.push_back(*n);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return days;
}

void print(const Organization& org, const LifecycleSettings& s, bool json) {
  if (json) {
    boost::json::array days;
    for (int d : s.reminder_days) days.push_back(d);
    boost::json::object out{{"reminder_days", std::move(days)}};
    out["unused_key_days"] =
        s.unused_key_days ? boost::json::value(*s.unused_key_days) : boost::json::value(nullptr);
    print_json(out);
    return;
  }
  std::cout << "Organization \"" << org.name << "\":\n  expiry reminders: "
            << (s.reminder_days.empty() ? "none"
                                        : encode_reminder_days(s.reminder_days) + " days before")
            << "\n  unused keys: ";
  if (s.unused_key_days) {
    const auto notice =
        std::chrono::duration_cast<std::chrono::hours>(unused_notice(*s.unused_key_days));
    std::cout << "disabled after " << *s.unused_key_days << " days unused, announced "
              << notice.count() << " hours before\n";
  } else {
    std::cout << "never disabled\n";
  }
}

}  // namespace

int run_org_settings(const OrgSettingsOptions& o) {
  service::LifecycleUpdate update;
  if (o.reminder_days) {
    std::string error;
    auto days = reminder_days(*o.reminder_days, error);
    if (!days) return usage_error(error);
    update.reminder_days = std::move(*days);
  }
  if (o.unused_key_days) {
    if (*o.unused_key_days == "off") {
      update.unused_key_days = std::optional<int>();
    } else if (auto n = whole_number(*o.unused_key_days)) {
      update.unused_key_days = n;
    } else {
      return usage_error("--unused-key-days must be a number of days, or \"off\"");
    }
  }
  auto scope = open_org(o.data_dir, o.store, o.org);
  if (!scope) return scope.error();
  LifecycleSettings settings = scope->org.lifecycle;
  if (update.reminder_days || update.unused_key_days) {
    auto changed = service::OrganizationService(scope->rt->context())
                       .set_lifecycle(service::Actor::command(), scope->org.id, update);
    if (!changed) return report(changed.error());
    settings = *changed;
  }
  print(scope->org, settings, o.json);
  return kExitOk;
}

void add_org_settings_command(CLI::App* org, OrgSettingsOptions& o, const BindCommand& on) {
  auto* cmd = org->add_subcommand(
      "settings", "Show or change the organization's expiry reminders and unused-key expiry");
  add_common(cmd, o);
  cmd->add_option("--org", o.org, "Organization id")->required();
  cmd->add_option("--reminder-days", o.reminder_days,
                  "Days before a key expires to remind its creator and the administrators, "
                  "e.g. 7,1, or \"none\"");
  cmd->add_option("--unused-key-days", o.unused_key_days,
                  "Disable keys unused for this many days (announced first), or \"off\"");
  on(cmd, [&o] { return run_org_settings(o); });
}

}  // namespace keyward::cli

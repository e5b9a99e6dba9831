#include "service/policy_service.h"

#include "service/credential_context.h"

namespace keyward::service {
namespace {

std::string describe(const KeyPolicy& p) {
  return std::to_string(p.length) + " characters, " + std::to_string(p.min_numerals) +
         " numerals, " + std::to_string(p.min_upper) + " upper, " + std::to_string(p.min_lower) +
         " lower";
}

}  // namespace

Result<SystemSettings> PolicyService::set(const Actor& actor, SystemSettings proposed) {
  std::vector<std::string> problems;
  for (const auto& [name, policy] : {std::pair{"org_api_key", &proposed.org_api_key},
                                     std::pair{"application_key", &proposed.application_key}}) {
    if (auto s = validate_policy(*policy); !s) {
      for (const auto& d : s.error().details) problems.push_back(std::string(name) + ": " + d);
    }
  }
  if (!problems.empty()) {
    std::string message = "the key policy is not valid: " + problems.front();  // before the move
    return fail(Errc::kInvalidArgument, std::move(message), std::move(problems));
  }
  auto current = ctx_.store.get_settings();
  if (!current) return fail(current.error());
  proposed.version = current->version + 1;
  store::WriteBatch batch;
  batch.settings = proposed;
  batch.audit.push_back(audit_event(
      actor, ctx_.clock, std::nullopt, "system.settings.update", "settings", AuditOutcome::kSuccess,
      "org API keys: " + describe(proposed.org_api_key) +
          "; application keys: " + describe(proposed.application_key) +
          "; mask invalid IPs: " + (proposed.mask_invalid_ips ? "on" : "off") +
          "; key in email: " + (proposed.email_key_in_message ? "on" : "off")));
  if (auto s = ctx_.commit(batch); !s) return fail(s.error());
  return proposed;
}

Result<std::vector<KeyCompliance>> PolicyService::compliance() {
  const SystemSettings settings = ctx_.settings.get();
  auto orgs = ctx_.store.list_organizations();
  if (!orgs) return fail(orgs.error());
  std::vector<KeyCompliance> out;
  for (const auto& org : *orgs) {
    auto api_key = ctx_.protector.reveal(org.api_key, org_api_key_context(org.id));
    if (!api_key) return fail(api_key.error());
    out.push_back({"org_api_key", org.id, org.name, std::nullopt, "",
                   policy_violations(settings.org_api_key, *api_key)});
    auto apps = ctx_.store.list_applications(org.id);
    if (!apps) return fail(apps.error());
    for (const auto& app : *apps) {
      if (app.key_sealed.empty()) continue;
      auto key = ctx_.protector.reveal(ProtectedSecret{{}, app.key_sealed},
                                       application_key_context(app.id));
      if (!key) return fail(key.error());
      out.push_back({"application_key", org.id, org.name, app.id, app.name,
                     policy_violations(settings.application_key, *key)});
    }
  }
  return out;
}

}  // namespace keyward::service

// Organizations and their Contrast-style credentials: the API key (rotate, set, enable, disable)
// and the agent credentials (rotate). Every change writes its audit record in the same batch.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/organization.h"
#include "service/actor.h"
#include "service/key_service.h"
#include "service/service_context.h"

namespace keyward::service {

// Shown once, to whoever created the organization.
struct CreatedOrganization {
  Organization org;
  std::string api_key;
  std::string agent_service_key;
  IssuedKey default_public_key;  // "Default API Key", every organization gets one
};

// The organization's credentials in clear, for those allowed to see them.
struct OrganizationCredentials {
  std::string api_key;
  std::string agent_username;
  std::string agent_service_key;
};

// What a change of an organization's lifecycle settings sets; what is absent stays as it is.
struct LifecycleUpdate {
  std::optional<std::vector<int>> reminder_days;
  std::optional<std::optional<int>> unused_key_days;  // nullopt inside: never disable
};

class OrganizationService {
 public:
  explicit OrganizationService(ServiceContext ctx) : ctx_(ctx) {}

  // Builds a new organization and its credentials without storing them (bootstrap composes it
  // with its first user in one batch). The API key follows the key policy in force.
  Result<CreatedOrganization> make(const std::string& name);
  Result<CreatedOrganization> create(const Actor& actor, const std::string& name);
  Result<Organization> get(const Uuid& org_id);
  // By creation time. A non-empty `search` keeps those whose name contains it (ignoring case) or
  // whose id it is.
  Result<std::vector<Organization>> list(std::string_view search = {});
  Result<OrganizationCredentials> reveal_credentials(const Uuid& org_id);

  // A new random API key that satisfies the policy; the old one fails at once.
  Result<std::string> rotate_api_key(const Actor& actor, const Uuid& org_id);
  // kPolicyViolation, with one detail per broken rule, when `value` breaks the policy; and
  // kPolicyViolation with unusable_value()'s message when it is, or was, an API key anywhere
  // (this organization's included), so a refusal never says the value is someone else's key.
  Status set_api_key(const Actor& actor, const Uuid& org_id, const std::string& value);
  // On (the default): agents need the API key with their agent credentials. Off: they may go
  // without it. The User API needs the API key either way.
  Status set_api_key_enabled(const Actor& actor, const Uuid& org_id, bool enabled);
  Result<std::string> rotate_agent_key(const Actor& actor, const Uuid& org_id);
  // Changes the expiry reminders and unused-key expiry (core/lifecycle_settings.h) and returns
  // them as they now stand (reminder days largest first). kInvalidArgument, changing nothing,
  // when a value is out of bounds.
  Result<LifecycleSettings> set_lifecycle(const Actor& actor, const Uuid& org_id,
                                          const LifecycleUpdate& update);

 private:
  // Replaces the API key with `value` (rotation or a chosen value), keeping the old one's hash.
  Status replace_api_key(const Actor& actor, const Uuid& org_id, const std::string& value,
                         const std::string& action);

  ServiceContext ctx_;
};

// The one answer for a chosen API key that cannot be used for any reason other than the policy.
Error unusable_value();

// "agent_1a2b3c4d@acme-corp": unique through the id prefix, readable through the name.
std::string make_agent_username(const Uuid& org_id, std::string_view org_name);

}  // namespace keyward::service

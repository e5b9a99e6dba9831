// Organizations and their Contrast-style credentials: the API key and the agent credentials.
#pragma once

#include <string>
#include <vector>

#include "core/organization.h"
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

class OrganizationService {
 public:
  explicit OrganizationService(ServiceContext ctx) : ctx_(ctx) {}

  // Builds a new organization and its credentials without storing them (bootstrap composes it
  // with its first user in one batch).
  Result<CreatedOrganization> make(const std::string& name);
  Result<CreatedOrganization> create(const std::string& name);
  Result<Organization> get(const Uuid& org_id);
  Result<std::vector<Organization>> list();
  Result<OrganizationCredentials> reveal_credentials(const Uuid& org_id);

 private:
  ServiceContext ctx_;
};

// "agent_1a2b3c4d@acme-corp": unique through the id prefix, readable through the name.
std::string make_agent_username(const Uuid& org_id, std::string_view org_name);

}  // namespace keyward::service

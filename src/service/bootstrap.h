// `keyward init`: the first system administrator and their home organization, in one batch.
#pragma once

#include <string>

#include "service/account_service.h"
#include "service/organization_service.h"

namespace keyward::service {

struct Bootstrapped {
  CreatedUser admin;
  CreatedOrganization org;
};

// kAlreadyExists when the store already has users: a store is bootstrapped exactly once.
Result<Bootstrapped> bootstrap(const ServiceContext& ctx, const std::string& admin_username,
                               const std::string& org_name);

}  // namespace keyward::service

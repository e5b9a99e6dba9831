// Applications monitored by an organization's agents.
#pragma once

#include <vector>

#include "core/application.h"
#include "service/service_context.h"

namespace keyward::service {

class ApplicationService {
 public:
  explicit ApplicationService(ServiceContext ctx) : ctx_(ctx) {}

  // The organization's applications, oldest first.
  Result<std::vector<Application>> list(const Uuid& org_id) {
    return ctx_.store.list_applications(org_id);
  }

 private:
  ServiceContext ctx_;
};

}  // namespace keyward::service

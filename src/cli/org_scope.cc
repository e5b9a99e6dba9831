#include "cli/org_scope.h"

#include "cli/output.h"

namespace keyward::cli {

Result<Organization> existing_org(Runtime& rt, const Uuid& org_id) {
  auto org = rt.store().get_organization(org_id);
  if (!org && org.error().code == Errc::kNotFound) {
    return fail(Errc::kNotFound, "no organization with id " + org_id.to_string() +
                                     " (`keyward org list` shows them)");
  }
  return org;
}

Opened<OrgScope> open_org(const std::string& data_dir, const std::string& store,
                          const std::string& org_text) {
  const auto org_id = Uuid::parse(org_text);
  if (!org_id) return std::unexpected(usage_error(kOrgNotUuid));
  auto rt = Runtime::open(data_dir, store);
  if (!rt) return std::unexpected(report(rt.error()));
  auto org = existing_org(**rt, *org_id);
  if (!org) return std::unexpected(report(org.error()));
  return OrgScope{std::move(*rt), std::move(*org)};
}

}  // namespace keyward::cli

// What the organization commands start with: the data directory opened and the organization of
// --org found, or the exit code of an error already reported (a malformed id, an unknown
// organization, a data directory that cannot be opened).
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include "cli/runtime.h"
#include "core/organization.h"

namespace keyward::cli {

inline constexpr std::string_view kOrgNotUuid = "--org must be an organization id (a UUID)";

// A command that could not get going has already reported why; this is its exit code.
template <class T>
using Opened = std::expected<T, int>;

struct OrgScope {
  std::unique_ptr<Runtime> rt;
  Organization org;
};

// Parses --org, opens the data directory and finds the organization.
Opened<OrgScope> open_org(const std::string& data_dir, const std::string& store,
                          const std::string& org_text);

// The organization, or kNotFound saying how to list them.
Result<Organization> existing_org(Runtime& rt, const Uuid& org_id);

}  // namespace keyward::cli

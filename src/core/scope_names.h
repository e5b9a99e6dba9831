// A key's `scopes` as people write them: Keyward's own read and write, and the organization's own
// names (core/key_controls.h), in one list. The API and the command line both read them here.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "core/key_kind.h"

namespace keyward {

struct ScopeNames {
  Scopes builtin;                // read and write
  std::vector<std::string> own;  // the organization's own, sorted, without duplicates
};

// kInvalidArgument naming the first name that is not a valid scope (check_scope_name()).
Result<ScopeNames> split_scope_names(const std::vector<std::string>& names);

}  // namespace keyward

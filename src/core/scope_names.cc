#include "core/scope_names.h"

#include <algorithm>

#include "core/key_controls.h"

namespace keyward {

Result<ScopeNames> split_scope_names(const std::vector<std::string>& names) {
  std::uint8_t bits = 0;
  ScopeNames out;
  for (const auto& name : names) {
    if (name == "read") {
      bits |= Scopes::kRead;
    } else if (name == "write") {
      bits |= Scopes::kWrite;
    } else {
      if (auto s = check_scope_name(name); !s) return fail(s.error());
      out.own.push_back(name);
    }
  }
  std::sort(out.own.begin(), out.own.end());
  out.own.erase(std::unique(out.own.begin(), out.own.end()), out.own.end());
  out.builtin = Scopes{bits};
  return out;
}

}  // namespace keyward

#include "core/language.h"

#include <array>
#include <utility>

namespace keyward {
namespace {

// Lower-cased, without spaces, '_', '-' and '.': "DOTNET_CORE" and "dotnet-core" compare equal
// ("dotnetcore"), and ".NET Core" becomes "netcore", so the table lists both.
std::string folded(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '_' || c == '-' || c == '.') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kAliases{{
    {"java", "Java"},
    {"java15", "Java"},
    {"dotnet", ".NET"},
    {"net", ".NET"},
    {"dotnetcore", ".NET Core"},
    {"netcore", ".NET Core"},
    {"node", "Node"},
    {"nodejs", "Node"},
    {"javascript", "Node"},
    {"python", "Python"},
    {"ruby", "Ruby"},
    {"go", "Go"},
    {"golang", "Go"},
    {"php", "PHP"},
    {"proxy", "Proxy"},
}};

}  // namespace

std::string canonical_language(std::string_view language) {
  while (!language.empty() && language.front() == ' ') language.remove_prefix(1);
  while (!language.empty() && language.back() == ' ') language.remove_suffix(1);
  const std::string key = folded(language);
  for (const auto& [alias, canonical] : kAliases) {
    if (alias == key) return std::string(canonical);
  }
  return std::string(language);
}

}  // namespace keyward

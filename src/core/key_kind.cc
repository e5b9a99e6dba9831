#include "core/key_kind.h"

namespace keyward {

std::string_view to_string(KeyKind kind) { return kind == KeyKind::kPublic ? "public" : "secret"; }

std::optional<KeyKind> parse_key_kind(std::string_view text) {
  if (text == "public") return KeyKind::kPublic;
  if (text == "secret") return KeyKind::kSecret;
  return std::nullopt;
}

std::vector<std::string> Scopes::names() const {
  std::vector<std::string> out;
  if (can_read()) out.emplace_back("read");
  if (can_write()) out.emplace_back("write");
  return out;
}

std::optional<Scopes> Scopes::parse(const std::vector<std::string>& names) {
  std::uint8_t bits = 0;
  for (const auto& name : names) {
    if (name == "read") {
      bits |= kRead;
    } else if (name == "write") {
      bits |= kWrite;
    } else {
      return std::nullopt;
    }
  }
  return Scopes{bits};
}

}  // namespace keyward

// What a named key may do. Public keys identify an organization and nothing more; secret keys
// may do what their organization may, as far as their scopes (read, write) allow.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keyward {

enum class KeyKind : std::uint8_t { kPublic, kSecret };

std::string_view to_string(KeyKind kind);
std::optional<KeyKind> parse_key_kind(std::string_view text);  // "public" | "secret"

// The permissions a named key carries, as a bit set. A key's scopes are fixed at creation and
// kept when it is rolled.
class Scopes {
 public:
  static constexpr std::uint8_t kRead = 1;
  static constexpr std::uint8_t kWrite = 2;

  constexpr Scopes() = default;
  constexpr explicit Scopes(std::uint8_t bits) : bits_(bits) {}
  // What a key of `kind` gets when its creator names no scopes.
  static constexpr Scopes defaults_for(KeyKind kind) {
    return Scopes{kind == KeyKind::kPublic ? kRead : static_cast<std::uint8_t>(kRead | kWrite)};
  }
  // Whether a key of `kind` may hold these scopes at all (a public key never writes).
  constexpr bool allowed_for(KeyKind kind) const {
    const bool known = bits_ != 0 && (bits_ & ~(kRead | kWrite)) == 0;
    return known && (kind == KeyKind::kSecret || bits_ == kRead);
  }

  constexpr bool can_read() const { return bits_ & kRead; }
  constexpr bool can_write() const { return bits_ & kWrite; }
  constexpr std::uint8_t bits() const { return bits_; }

  std::vector<std::string> names() const;  // {"read", "write"}
  // Parses scope names; nullopt when one is unknown.
  static std::optional<Scopes> parse(const std::vector<std::string>& names);

  constexpr bool operator==(const Scopes&) const = default;

 private:
  std::uint8_t bits_ = 0;
};

}  // namespace keyward

// Identifiers of every entity: RFC 9562 UUIDs, version 4 (random).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/random_source.h"

namespace keyward {

class Uuid {
 public:
  Uuid() = default;  // the nil UUID

  static Uuid random(RandomSource& random);
  // Accepts the canonical 8-4-4-4-12 form, upper or lower case hex.
  static std::optional<Uuid> parse(std::string_view text);
  // The UUID whose 16 bytes these are, in network order (as PostgreSQL sends a uuid).
  static Uuid from_bytes(const std::array<std::uint8_t, 16>& bytes) {
    Uuid id;
    id.bytes_ = bytes;
    return id;
  }

  // Canonical lower-case form, e.g. "0b6c1b0e-8f0a-4c3e-9a51-0c1d7e9f2a44".
  std::string to_string() const;
  // The same 36 characters without allocating.
  std::array<char, 36> to_chars() const;
  bool is_nil() const { return bytes_ == std::array<std::uint8_t, 16>{}; }
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }

  auto operator<=>(const Uuid&) const = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
};

struct UuidHash {
  size_t operator()(const Uuid& id) const noexcept {
    size_t h = 0;
    for (size_t i = 0; i < sizeof(size_t); ++i) h = (h << 8) | id.bytes()[i];
    return h;  // the leading bytes are random already
  }
};

}  // namespace keyward

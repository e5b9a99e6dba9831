// The per-key control fields of a key's create and PATCH bodies (core/key_controls.h):
//   "scopes": ["read", "invoices:read", ...]   Keyward's read/write and the organization's own
//   "rate_limits": [{"limit": 100, "window_seconds": 1}, ...]
//   "credits": {"remaining": 1000, "refill": {"amount": 1000, "interval_seconds": 86400}} | null
//   "allowed_ips": ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"]
// Absent fields are nullopt; each error names the field and says what it must be.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/error.h"
#include "core/key_controls.h"
#include "core/key_kind.h"

namespace keyward::api::v1 {

struct ControlFields {
  std::optional<Scopes> scopes;  // read/write, when "scopes" was sent
  std::optional<std::vector<std::string>> own_scopes;
  std::optional<std::vector<RateLimit>> rate_limits;
  std::optional<std::optional<Credits>> credits;  // sent as null: remove them
  std::optional<std::vector<IpNetwork>> allowed_ips;

  // The controls of a new key (absent fields: none).
  KeyControls controls() const;
};

// `text_values`: an XML or form body, whose numbers arrive as text.
Result<ControlFields> read_control_fields(const boost::json::object& body, bool text_values);

// The names of the control fields, for the bodies' allowed-field lists.
inline constexpr const char* kControlFieldNames[] = {"scopes", "rate_limits", "credits",
                                                     "allowed_ips"};

}  // namespace keyward::api::v1

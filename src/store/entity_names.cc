#include "store/entity_names.h"

namespace keyward::store {

std::string_view entity_name(EntityKind kind) {
  switch (kind) {
    case EntityKind::kOrganization:
      return "organization";
    case EntityKind::kUser:
      return "user";
    case EntityKind::kKey:
      return "key";
    case EntityKind::kApplication:
      return "application";
    case EntityKind::kSettings:
      return "settings";
    case EntityKind::kSession:
      return "session";
  }
  return "organization";
}

std::optional<EntityKind> parse_entity_name(std::string_view name) {
  for (auto kind : {EntityKind::kOrganization, EntityKind::kUser, EntityKind::kKey,
                    EntityKind::kApplication, EntityKind::kSettings, EntityKind::kSession}) {
    if (entity_name(kind) == name) return kind;
  }
  return std::nullopt;
}

}  // namespace keyward::store

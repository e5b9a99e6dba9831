// The names the SQL stores give each kind of journaled entity in their `changes` tables.
#pragma once

#include <optional>
#include <string_view>

#include "store/store.h"

namespace keyward::store {

std::string_view entity_name(EntityKind kind);
std::optional<EntityKind> parse_entity_name(std::string_view name);

}  // namespace keyward::store

// The factory callers use to get a Store without naming an implementation.
#pragma once

#include <memory>
#include <string_view>

#include "store/data_dir.h"
#include "store/store.h"

namespace keyward::store {

// `location` selects the implementation:
//   ""            the SQLite database of `data_dir` (the default)
//   "sqlite:PATH" a SQLite database at PATH
//   "memory:"     a MemoryStore (nothing persists)
// kInvalidArgument for anything else.
Result<std::unique_ptr<Store>> open_store(std::string_view location, const DataDir& data_dir);

}  // namespace keyward::store

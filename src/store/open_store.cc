#include "store/open_store.h"

#include "store/memory/memory_store.h"
#include "store/sqlite/sqlite_store.h"

namespace keyward::store {

Result<std::unique_ptr<Store>> open_store(std::string_view location, const DataDir& data_dir) {
  auto open_sqlite = [](const std::filesystem::path& path) -> Result<std::unique_ptr<Store>> {
    auto s = SqliteStore::open(path);
    if (!s) return fail(s.error());
    return std::unique_ptr<Store>(std::move(*s));
  };
  if (location.empty()) return open_sqlite(data_dir.database());
  if (location.starts_with("sqlite:")) return open_sqlite(location.substr(7));
  if (location == "memory:") return std::unique_ptr<Store>(std::make_unique<MemoryStore>());
  return fail(Errc::kInvalidArgument,
              "unknown store \"" + std::string(location) +
                  "\": use sqlite:PATH or memory: (or leave it out for the data directory's "
                  "database)");
}

}  // namespace keyward::store

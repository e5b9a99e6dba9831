#include "store/open_store.h"

#include "store/memory/memory_store.h"
#include "store/postgres/change_listener.h"
#include "store/postgres/location.h"
#include "store/postgres/migrations.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/migrations.h"
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
  if (postgres::is_postgres_location(location)) {
    auto s = PostgresStore::open(location);
    if (!s) return fail(s.error());
    return std::unique_ptr<Store>(std::move(*s));
  }
  // The location is not repeated: it may be a mistyped URI with a password in it.
  return fail(Errc::kInvalidArgument,
              "unknown store location: use sqlite:PATH, postgresql://USER@HOST/DATABASE or "
              "memory: (or leave it out for the data directory's database)");
}

Result<std::unique_ptr<ChangeFeed>> open_change_feed(std::string_view location) {
  if (!postgres::is_postgres_location(location)) return std::unique_ptr<ChangeFeed>();
  auto listener = postgres::ChangeListener::create(location);
  if (!listener) return fail(listener.error());
  return std::unique_ptr<ChangeFeed>(std::move(*listener));
}

int latest_schema_version(std::string_view location) {
  if (postgres::is_postgres_location(location)) return postgres::migrations().back().version;
  if (location == "memory:") return 0;
  return sqlite::migrations().back().version;
}

std::string describe_location(std::string_view location, const DataDir& data_dir) {
  if (location.empty()) return "sqlite:" + data_dir.database().string();
  if (postgres::is_postgres_location(location)) {
    auto parsed = postgres::parse_location(location);
    return parsed ? "postgresql://" + parsed->description : "postgresql://(invalid location)";
  }
  return std::string(location);
}

}  // namespace keyward::store

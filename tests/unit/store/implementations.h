// Every Store implementation, for the conformance suites: each must pass the same tests.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/memory/memory_store.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "support/temp_dir.h"
#include "support/test_postgres.h"

namespace keyward::testing {

// Owns whatever an implementation needs (a temporary directory for SQLite, a schema of its own
// for PostgreSQL) and the store itself, which goes first.
struct StoreHandle {
  std::unique_ptr<TempDir> dir;
  std::unique_ptr<TestSchema> schema;
  std::unique_ptr<store::Store> store;
};

struct Implementation {
  std::string name;
  std::function<StoreHandle()> open;
};

inline std::vector<Implementation> implementations() {
  return {
      {"memory",
       [] {
         return StoreHandle{nullptr, nullptr, std::make_unique<store::MemoryStore>()};
       }},
      {"sqlite",
       [] {
         auto dir = std::make_unique<TempDir>();
         auto s = store::SqliteStore::open(dir->path() / "keyward.db");
         EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message);
         return StoreHandle{std::move(dir), nullptr, std::move(*s)};
       }},
      {"postgresql",
       [] {
         auto schema = std::make_unique<TestSchema>();
         auto s = store::PostgresStore::open(schema->uri());
         EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message);
         if (!s) return StoreHandle{nullptr, std::move(schema), nullptr};
         return StoreHandle{nullptr, std::move(schema), std::move(*s)};
       }},
  };
}

// Names each instantiation after its implementation ("AllStores/Suite.Test/sqlite").
inline std::string implementation_name(const ::testing::TestParamInfo<Implementation>& info) {
  return info.param.name;
}

}  // namespace keyward::testing

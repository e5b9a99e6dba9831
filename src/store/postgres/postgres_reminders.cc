// PostgresStore's reading of the notices given about keys' lives (written by apply()).
#include <algorithm>

#include "store/columns.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/store_queries.h"

namespace keyward::store {
namespace {

constexpr char kListReminders[] =
    "SELECT " KEYWARD_REMINDER_COLUMNS " FROM key_reminders WHERE org_id = $1";

// A kind a newer keyward wrote reads as kExpiring with a nil key and is dropped below.
KeyReminder read_reminder(const postgres::Row& row) {
  const auto kind = parse_reminder_kind(row.text(2));
  if (!kind) return KeyReminder{};
  return {row.uuid(0), row.uuid(1), *kind, row.timestamp(3), row.integer(4), row.timestamp(5)};
}

}  // namespace

Result<std::vector<KeyReminder>> PostgresStore::list_key_reminders(const Uuid& org_id) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  auto all = postgres::query_all<KeyReminder>(**c, kListReminders, read_reminder,
                                              postgres::Params().add(org_id));
  if (!all) return all;
  std::erase_if(*all, [](const KeyReminder& r) { return r.key_id.is_nil(); });
  return all;
}

}  // namespace keyward::store

// SqliteStore's reading of the notices given about keys' lives (written by apply()).
#include "store/columns.h"
#include "store/sqlite/sqlite_store.h"

namespace keyward::store {
namespace {

constexpr char kListReminders[] =
    "SELECT " KEYWARD_REMINDER_COLUMNS " FROM key_reminders WHERE org_id = ?1";

}  // namespace

Result<std::vector<KeyReminder>> SqliteStore::list_key_reminders(const Uuid& org_id) {
  auto c = acquire();
  auto st = c->prepare(kListReminders);
  if (!st) return fail(st.error());
  st->bind(1, org_id);
  std::vector<KeyReminder> out;
  for (;;) {
    auto row = st->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    auto kind = parse_reminder_kind(st->text(2));
    if (!kind) continue;  // a kind a newer keyward wrote: not this one's to act on
    out.push_back(
        {st->uuid(0), st->uuid(1), *kind, st->timestamp(3), st->integer(4), st->timestamp(5)});
  }
}

}  // namespace keyward::store

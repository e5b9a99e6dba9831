#include "store/sqlite/sqlite_store.h"

#include <map>

#include "store/conflicts.h"
#include "store/controls_columns.h"
#include "store/entity_names.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/rows.h"

namespace keyward::store {

using sqlite::Connection;
using sqlite::Statement;

namespace {

constexpr char kGetOrganization[] =
    "SELECT " KEYWARD_ORGANIZATION_COLUMNS " FROM organizations WHERE id = ?1";
constexpr char kListOrganizations[] =
    "SELECT " KEYWARD_ORGANIZATION_COLUMNS " FROM organizations ORDER BY created_at, id";
constexpr char kGetUser[] = "SELECT " KEYWARD_USER_COLUMNS " FROM users WHERE id = ?1";
constexpr char kFindUser[] = "SELECT " KEYWARD_USER_COLUMNS " FROM users WHERE username = ?1";
constexpr char kListUsers[] = "SELECT " KEYWARD_USER_COLUMNS " FROM users ORDER BY created_at, id";
constexpr char kMembershipsOfUser[] =
    "SELECT user_id, org_id, role FROM memberships WHERE user_id = ?1 ORDER BY position";
constexpr char kAllMemberships[] =
    "SELECT user_id, org_id, role FROM memberships ORDER BY user_id, position";
constexpr char kGetKey[] =
    "SELECT " KEYWARD_KEY_READ_COLUMNS " FROM " KEYWARD_KEYS_WITH_CREDITS " WHERE id = ?1";
constexpr char kListKeys[] = "SELECT " KEYWARD_KEY_READ_COLUMNS " FROM " KEYWARD_KEYS_WITH_CREDITS
                             " WHERE org_id = ?1 ORDER BY created_at, id";
constexpr char kScanUnrevokedKeys[] =
    "SELECT id, org_id, kind, scopes, token_hash, expires_at, grace_ends_at, last_used_at, "
    "version, "
    "disabled_at IS NOT NULL, controls, remaining, set_at FROM " KEYWARD_KEYS_WITH_CREDITS
    " WHERE revoked_at IS NULL";
constexpr char kGetApplication[] =
    "SELECT " KEYWARD_APPLICATION_COLUMNS " FROM applications WHERE id = ?1";
constexpr char kListApplications[] = "SELECT " KEYWARD_APPLICATION_COLUMNS
                                     " FROM applications WHERE org_id = ?1 "
                                     "ORDER BY created_at, id";
// One statement, so the pruning point and the entries come from the same snapshot.
constexpr char kChangesAfter[] =
    "SELECT j.pruned_through, c.seq, c.entity, c.entity_id FROM journal_state j LEFT JOIN "
    "(SELECT seq, entity, entity_id FROM changes WHERE seq > ?1 ORDER BY seq LIMIT ?2) c "
    "ORDER BY c.seq";
// Pruning everything leaves the table empty; the pruning point still says how far it went.
constexpr char kLastChange[] =
    "SELECT MAX(COALESCE((SELECT MAX(seq) FROM changes), 0), "
    "(SELECT pruned_through FROM journal_state))";
constexpr char kPrunedThrough[] = "SELECT pruned_through FROM journal_state";
constexpr char kSetPrunedThrough[] = "UPDATE journal_state SET pruned_through = ?1";
constexpr char kPruneChanges[] = "DELETE FROM changes WHERE seq <= ?1";

// Runs a prepared query and maps every row with `read`.
template <class T, class Read>
Result<std::vector<T>> query_all(Connection& c, const char* sql, Read read,
                                 const std::optional<Uuid>& param = std::nullopt) {
  auto st = c.prepare(sql);
  if (!st) return fail(st.error());
  if (param) st->bind(1, *param);
  std::vector<T> out;
  for (;;) {
    auto row = st->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    out.push_back(read(*st));
  }
}

// Runs a prepared query expected to yield at most one row.
template <class T, class Read, class Param>
Result<T> query_one(Connection& c, const char* sql, Read read, const Param& param,
                    std::string_view what) {
  auto st = c.prepare(sql);
  if (!st) return fail(st.error());
  st->bind(1, param);
  auto row = st->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(not_found(what));
  return read(*st);
}

Result<std::int64_t> single_integer(Connection& c, const char* sql) {
  auto st = c.prepare(sql);
  if (!st) return fail(st.error());
  auto row = st->step();
  if (!row) return fail(row.error());
  return st->integer(0);
}

Membership read_membership(const Statement& row) {
  return Membership{row.uuid(1), parse_role(row.text(2)).value_or(Role::kMember)};
}

Status attach_memberships(Connection& c, User& user) {
  auto memberships = query_all<Membership>(c, kMembershipsOfUser, read_membership, user.id);
  if (!memberships) return fail(memberships.error());
  user.memberships = std::move(*memberships);
  return {};
}

}  // namespace

SqliteStore::Lease::~Lease() {
  std::lock_guard lock(store_.mu_);
  store_.idle_.push_back(std::move(connection_));
  store_.available_.notify_one();
}

SqliteStore::Lease SqliteStore::acquire() {
  std::unique_lock lock(mu_);
  available_.wait(lock, [this] { return !idle_.empty(); });
  auto c = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(c));
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::filesystem::path& path,
                                                       Options options) {
  std::unique_ptr<SqliteStore> store(new SqliteStore());
  for (size_t i = 0; i < std::max<size_t>(options.connections, 1); ++i) {
    auto c = Connection::open(path.string());
    if (!c) return fail(c.error());
    if (i == 0) {
      if (auto s = sqlite::migrate(**c); !s) return fail(s.error());
    }
    store->idle_.push_back(std::move(*c));
  }
  return store;
}

Result<Organization> SqliteStore::get_organization(const Uuid& id) {
  auto c = acquire();
  return query_one<Organization>(*c, kGetOrganization, sqlite::read_organization, id,
                                 "organization");
}

Result<std::vector<Organization>> SqliteStore::list_organizations() {
  auto c = acquire();
  return query_all<Organization>(*c, kListOrganizations, sqlite::read_organization);
}

Result<User> SqliteStore::get_user(const Uuid& id) {
  auto c = acquire();
  auto user = query_one<User>(*c, kGetUser, sqlite::read_user, id, "user");
  if (!user) return user;
  if (auto s = attach_memberships(*c, *user); !s) return fail(s.error());
  return user;
}

Result<User> SqliteStore::find_user(std::string_view username) {
  auto c = acquire();
  auto user = query_one<User>(*c, kFindUser, sqlite::read_user, username, "user");
  if (!user) return user;
  if (auto s = attach_memberships(*c, *user); !s) return fail(s.error());
  return user;
}

Result<std::vector<User>> SqliteStore::list_users() {
  auto c = acquire();
  auto users = query_all<User>(*c, kListUsers, sqlite::read_user);
  if (!users) return users;
  std::multimap<Uuid, Membership> by_user;
  auto all = query_all<std::pair<Uuid, Membership>>(*c, kAllMemberships, [](const Statement& row) {
    return std::pair{row.uuid(0), read_membership(row)};
  });
  if (!all) return fail(all.error());
  for (auto& [user_id, m] : *all) by_user.emplace(user_id, m);
  for (auto& user : *users) {
    auto [first, last] = by_user.equal_range(user.id);
    for (auto it = first; it != last; ++it) user.memberships.push_back(it->second);
  }
  return users;
}

Result<NamedKey> SqliteStore::get_key(const Uuid& id) {
  auto c = acquire();
  return query_one<NamedKey>(*c, kGetKey, sqlite::read_key, id, "key");
}

Result<std::vector<NamedKey>> SqliteStore::list_keys(const Uuid& org_id) {
  auto c = acquire();
  return query_all<NamedKey>(*c, kListKeys, sqlite::read_key, org_id);
}

Status SqliteStore::scan_unrevoked_keys(const std::function<void(const IndexedKeyRow&)>& visit) {
  auto c = acquire();
  auto st = c->prepare(kScanUnrevokedKeys);
  if (!st) return fail(st.error());
  IndexedKeyRow key;
  for (;;) {
    auto row = st->step();
    if (!row) return fail(row.error());
    if (!*row) return {};
    key.id = st->uuid(0);
    key.org_id = st->uuid(1);
    key.kind = st->text(2) == "public" ? KeyKind::kPublic : KeyKind::kSecret;
    key.scopes = Scopes{static_cast<std::uint8_t>(st->integer(3))};
    key.token_hash = st->digest(4);
    key.expires_at = st->optional_timestamp(5);
    key.grace_ends_at = st->optional_timestamp(6);
    key.last_used_at = st->optional_timestamp(7);
    key.version = st->integer(8);
    key.disabled = st->integer(9) != 0;
    key.controls = controls_of_row(
        st->text(10), st->is_null(11) ? std::nullopt : std::optional<std::int64_t>(st->integer(11)),
        st->optional_timestamp(12));
    visit(key);
  }
}

Result<Application> SqliteStore::get_application(const Uuid& id) {
  auto c = acquire();
  return query_one<Application>(*c, kGetApplication, sqlite::read_application, id, "application");
}

Result<std::vector<Application>> SqliteStore::list_applications(const Uuid& org_id) {
  auto c = acquire();
  return query_all<Application>(*c, kListApplications, sqlite::read_application, org_id);
}

Result<std::vector<Change>> SqliteStore::changes_after(std::int64_t after, size_t limit) {
  auto c = acquire();
  auto st = c->prepare(kChangesAfter);
  if (!st) return fail(st.error());
  st->bind(1, after).bind(2, static_cast<std::int64_t>(limit));
  std::vector<Change> out;
  for (;;) {
    auto row = st->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    if (const auto pruned = st->integer(0); after < pruned) {
      return fail(journal_pruned(after, pruned));
    }
    if (st->is_null(1)) continue;  // nothing after `after`
    if (auto kind = parse_entity_name(st->text(2))) {
      out.push_back(Change{st->integer(1), *kind, st->uuid(3)});
    }
  }
}

Result<std::int64_t> SqliteStore::last_change() {
  auto c = acquire();
  return single_integer(*c, kLastChange);
}

Result<std::int64_t> SqliteStore::pruned_through() {
  auto c = acquire();
  return single_integer(*c, kPrunedThrough);
}

Result<std::size_t> SqliteStore::prune_changes(std::int64_t through) {
  auto c = acquire();
  std::size_t deleted = 0;
  auto s = sqlite::in_transaction(*c, [&]() -> Status {
    auto last = single_integer(*c, kLastChange);
    if (!last) return fail(last.error());
    auto pruned = single_integer(*c, kPrunedThrough);
    if (!pruned) return fail(pruned.error());
    through = std::min(through, *last);
    if (through <= *pruned) return {};
    auto set = c->prepare(kSetPrunedThrough);
    if (!set) return fail(set.error());
    set->bind(1, through);
    if (auto r = set->run(); !r) return r;
    auto del = c->prepare(kPruneChanges);
    if (!del) return fail(del.error());
    del->bind(1, through);
    if (auto r = del->run(); !r) return r;
    deleted = static_cast<std::size_t>(c->changes());
    return {};
  });
  if (!s) return fail(s.error());
  return deleted;
}

}  // namespace keyward::store

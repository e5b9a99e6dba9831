#include "store/postgres/postgres_store.h"

#include <map>

#include "store/conflicts.h"
#include "store/controls_columns.h"
#include "store/entity_names.h"
#include "store/postgres/migrations.h"
#include "store/postgres/rows.h"
#include "store/postgres/store_queries.h"

namespace keyward::store {

using postgres::Connection;
using postgres::Params;
using postgres::Row;

namespace {

// Migrations may build indexes over large tables, and may wait for another node's migration:
// far longer than any statement a request runs, but not for ever.
constexpr std::chrono::minutes kMigrationTimeout{10};

constexpr char kGetOrganization[] =
    "SELECT " KEYWARD_ORGANIZATION_COLUMNS " FROM organizations WHERE id = $1";
constexpr char kListOrganizations[] =
    "SELECT " KEYWARD_ORGANIZATION_COLUMNS " FROM organizations ORDER BY created_at, id";
constexpr char kGetUser[] = "SELECT " KEYWARD_USER_COLUMNS " FROM users WHERE id = $1";
constexpr char kFindUser[] =
    "SELECT " KEYWARD_USER_COLUMNS
    " FROM users WHERE username_folded = "
    "translate($1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')";
constexpr char kListUsers[] = "SELECT " KEYWARD_USER_COLUMNS " FROM users ORDER BY created_at, id";
constexpr char kMembershipsOfUser[] =
    "SELECT user_id, org_id, role FROM memberships WHERE user_id = $1 ORDER BY position";
constexpr char kAllMemberships[] =
    "SELECT user_id, org_id, role FROM memberships ORDER BY user_id, position";
constexpr char kGetKey[] =
    "SELECT " KEYWARD_KEY_READ_COLUMNS " FROM " KEYWARD_KEYS_WITH_CREDITS " WHERE id = $1";
constexpr char kListKeys[] = "SELECT " KEYWARD_KEY_READ_COLUMNS " FROM " KEYWARD_KEYS_WITH_CREDITS
                             " WHERE org_id = $1 ORDER BY created_at, id";
constexpr char kDeclareUnrevokedKeys[] =
    "DECLARE unrevoked_keys NO SCROLL CURSOR FOR SELECT id, org_id, kind, scopes, token_hash, "
    "expires_at, grace_ends_at, last_used_at, version, disabled_at IS NOT NULL, controls, "
    "remaining, set_at FROM " KEYWARD_KEYS_WITH_CREDITS " WHERE revoked_at IS NULL";
// Rows per round trip while the verify index loads: a million keys never sit in one result.
constexpr char kFetchUnrevokedKeys[] = "FETCH 10000 FROM unrevoked_keys";
constexpr char kGetApplication[] =
    "SELECT " KEYWARD_APPLICATION_COLUMNS " FROM applications WHERE id = $1";
constexpr char kListApplications[] = "SELECT " KEYWARD_APPLICATION_COLUMNS
                                     " FROM applications WHERE org_id = $1 "
                                     "ORDER BY created_at, id";
// One statement, so the pruning point and the entries come from the same snapshot.
constexpr char kChangesAfter[] =
    "SELECT j.pruned_through, c.seq, c.entity, c.entity_id FROM journal j LEFT JOIN LATERAL "
    "(SELECT seq, entity, entity_id FROM changes WHERE seq > $1::bigint ORDER BY seq "
    "LIMIT $2::bigint) c ON true ORDER BY c.seq";
constexpr char kLastChange[] = "SELECT last_seq FROM journal";
constexpr char kPrunedThrough[] = "SELECT pruned_through FROM journal";
// Moves the pruning point forward (never past the last position) and deletes what it passed.
constexpr char kPruneChanges[] =
    "WITH moved AS (UPDATE journal SET pruned_through = LEAST($1::bigint, last_seq) "
    "WHERE LEAST($1::bigint, last_seq) > pruned_through RETURNING pruned_through) "
    "DELETE FROM changes WHERE seq <= (SELECT pruned_through FROM moved)";

Membership read_membership(const Row& row) {
  return Membership{row.uuid(1), parse_role(row.text(2)).value_or(Role::kMember)};
}

Status attach_memberships(Connection& c, User& user) {
  auto memberships = postgres::query_all<Membership>(c, kMembershipsOfUser, read_membership,
                                                     Params().add(user.id));
  if (!memberships) return fail(memberships.error());
  user.memberships = std::move(*memberships);
  return {};
}

Result<std::int64_t> single_integer(Connection& c, const char* sql) {
  auto rows = c.query(sql);
  if (!rows) return fail(rows.error());
  if (rows->empty()) return fail(Errc::kInternal, "the journal row is missing");
  return (*rows)[0].integer(0);
}

}  // namespace

PostgresStore::PostgresStore(const postgres::Location& location)
    : description_(location.description),
      pool_(Connection::Settings{location.conninfo, location.pool.statement_timeout, "keyward"},
            location.pool, location.description) {}

Result<std::unique_ptr<PostgresStore>> PostgresStore::open(std::string_view location) {
  auto parsed = postgres::parse_location(location);
  if (!parsed) return fail(parsed.error());
  return open(*parsed);
}

Result<std::unique_ptr<PostgresStore>> PostgresStore::open(const postgres::Location& location) {
  std::unique_ptr<PostgresStore> store(new PostgresStore(location));
  auto c = Connection::open({location.conninfo, kMigrationTimeout, "keyward-migrate"});
  if (!c) {
    return fail(c.error().code, "cannot open the PostgreSQL store " + location.description + ": " +
                                    c.error().message);
  }
  if (const auto encoding = (*c)->server_encoding(); encoding != "UTF8") {
    return fail(Errc::kInvalidArgument, "the PostgreSQL database " + location.description +
                                            " uses the encoding " + encoding +
                                            "; Keyward needs one created with ENCODING 'UTF8'");
  }
  if (auto s = postgres::migrate(**c); !s) return fail(s.error());
  return store;
}

Result<Organization> PostgresStore::get_organization(const Uuid& id) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_one<Organization>(**c, kGetOrganization, postgres::read_organization,
                                           Params().add(id), "organization");
}

Result<std::vector<Organization>> PostgresStore::list_organizations() {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_all<Organization>(**c, kListOrganizations, postgres::read_organization);
}

Result<User> PostgresStore::get_user(const Uuid& id) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  auto user =
      postgres::query_one<User>(**c, kGetUser, postgres::read_user, Params().add(id), "user");
  if (!user) return user;
  if (auto s = attach_memberships(**c, *user); !s) return fail(s.error());
  return user;
}

Result<User> PostgresStore::find_user(std::string_view username) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  auto user = postgres::query_one<User>(**c, kFindUser, postgres::read_user, Params().add(username),
                                        "user");
  if (!user) return user;
  if (auto s = attach_memberships(**c, *user); !s) return fail(s.error());
  return user;
}

Result<std::vector<User>> PostgresStore::list_users() {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  // Two statements, so both must see the same snapshot.
  std::vector<User> users;
  auto s = postgres::in_transaction(
      **c,
      [&]() -> Status {
        auto all_users = postgres::query_all<User>(**c, kListUsers, postgres::read_user);
        if (!all_users) return fail(all_users.error());
        users = std::move(*all_users);
        auto all = postgres::query_all<std::pair<Uuid, Membership>>(
            **c, kAllMemberships, [](const Row& row) {
              return std::pair{row.uuid(0), read_membership(row)};
            });
        if (!all) return fail(all.error());
        std::multimap<Uuid, Membership> by_user;
        for (auto& [user_id, m] : *all) by_user.emplace(user_id, m);
        for (auto& user : users) {
          auto [first, last] = by_user.equal_range(user.id);
          for (auto it = first; it != last; ++it) user.memberships.push_back(it->second);
        }
        return {};
      },
      "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (!s) return fail(s.error());
  return users;
}

Result<NamedKey> PostgresStore::get_key(const Uuid& id) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_one<NamedKey>(**c, kGetKey, postgres::read_key, Params().add(id), "key");
}

Result<std::vector<NamedKey>> PostgresStore::list_keys(const Uuid& org_id) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_all<NamedKey>(**c, kListKeys, postgres::read_key, Params().add(org_id));
}

Status PostgresStore::scan_unrevoked_keys(const std::function<void(const IndexedKeyRow&)>& visit) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  postgres::Connection& conn = **c;
  if (auto s = conn.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s) return s;
  const auto scan = [&]() -> Status {
    if (auto declared = conn.query_once(kDeclareUnrevokedKeys); !declared) {
      return fail(declared.error());
    }
    IndexedKeyRow key;
    for (;;) {
      auto rows = conn.query_once(kFetchUnrevokedKeys);
      if (!rows) return fail(rows.error());
      if (rows->empty()) return {};
      for (int i = 0; i < rows->size(); ++i) {
        const postgres::Row row = (*rows)[i];
        key.id = row.uuid(0);
        key.org_id = row.uuid(1);
        key.kind = parse_key_kind(row.text(2)).value_or(KeyKind::kSecret);
        key.scopes = Scopes{static_cast<std::uint8_t>(row.integer(3))};
        key.token_hash = row.digest(4);
        key.expires_at = row.optional_timestamp(5);
        key.grace_ends_at = row.optional_timestamp(6);
        key.last_used_at = row.optional_timestamp(7);
        key.version = row.integer(8);
        key.disabled = row.boolean(9);
        key.controls = controls_of_row(
            row.text(10),
            row.is_null(11) ? std::nullopt : std::optional<std::int64_t>(row.integer(11)),
            row.optional_timestamp(12));
        visit(key);
      }
    }
  };
  Status result = scan();
  if (auto ended = conn.exec(result ? "COMMIT" : "ROLLBACK"); !ended && result) result = ended;
  return result;
}

Result<Application> PostgresStore::get_application(const Uuid& id) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_one<Application>(**c, kGetApplication, postgres::read_application,
                                          Params().add(id), "application");
}

Result<std::vector<Application>> PostgresStore::list_applications(const Uuid& org_id) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return postgres::query_all<Application>(**c, kListApplications, postgres::read_application,
                                          Params().add(org_id));
}

Result<std::vector<Change>> PostgresStore::changes_after(std::int64_t after, size_t limit) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  auto rows = (*c)->query(kChangesAfter, Params().add(after).add(static_cast<std::int64_t>(limit)));
  if (!rows) return fail(rows.error());
  std::vector<Change> out;
  for (int i = 0; i < rows->size(); ++i) {
    const Row row = (*rows)[i];
    if (const auto pruned = row.integer(0); after < pruned) {
      return fail(journal_pruned(after, pruned));
    }
    if (row.is_null(1)) continue;  // nothing after `after`
    if (auto kind = parse_entity_name(row.text(2))) {
      out.push_back(Change{row.integer(1), *kind, row.uuid(3)});
    }
  }
  return out;
}

Result<std::int64_t> PostgresStore::last_change() {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return single_integer(**c, kLastChange);
}

Result<std::int64_t> PostgresStore::pruned_through() {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  return single_integer(**c, kPrunedThrough);
}

Result<std::size_t> PostgresStore::prune_changes(std::int64_t through) {
  auto c = pool_.acquire();
  if (!c) return fail(c.error());
  auto rows = (*c)->query(kPruneChanges, Params().add(through));
  if (!rows) return fail(rows.error());
  return static_cast<std::size_t>(rows->affected());
}

}  // namespace keyward::store

#include "service/index_sync.h"

namespace keyward::service {
namespace {

constexpr size_t kJournalPage = 512;

}  // namespace

Status IndexSync::load() {
  std::lock_guard lock(mu_);
  // Read the journal position first: anything written while we load is replayed by catch_up(),
  // and replaying an entity already loaded is harmless (versions decide).
  auto last = store_.last_change();
  if (!last) return fail(last.error());
  auto orgs = store_.list_organizations();
  if (!orgs) return fail(orgs.error());
  auto users = store_.list_users();
  if (!users) return fail(users.error());
  auto keys = store_.list_unrevoked_keys();
  if (!keys) return fail(keys.error());
  auto sessions = store_.list_active_sessions(clock_.now());
  if (!sessions) return fail(sessions.error());
  auto settings = store_.get_settings();
  if (!settings) return fail(settings.error());
  index_.reset(*orgs, *users, *keys, *sessions);
  settings_.put(*settings);
  seen_ = *last;
  return {};
}

Result<size_t> IndexSync::catch_up() {
  std::lock_guard lock(mu_);
  size_t applied = 0;
  for (;;) {
    auto changes = store_.changes_after(seen_, kJournalPage);
    if (!changes) return fail(changes.error());
    for (const auto& change : *changes) {
      Status s;
      switch (change.kind) {
        case store::EntityKind::kOrganization:
          if (auto org = store_.get_organization(change.id)) {
            index_.put(*org);
          } else {
            s = fail(org.error());
          }
          break;
        case store::EntityKind::kUser:
          if (auto user = store_.get_user(change.id)) {
            index_.put(*user);
          } else {
            s = fail(user.error());
          }
          break;
        case store::EntityKind::kKey:
          if (auto key = store_.get_key(change.id)) {
            index_.put(*key);
          } else {
            s = fail(key.error());
          }
          break;
        case store::EntityKind::kSession:
          if (auto session = store_.get_session(change.id)) {
            index_.put(*session);
          } else {
            s = fail(session.error());
          }
          break;
        case store::EntityKind::kSettings:
          if (auto settings = store_.get_settings()) {
            settings_.put(*settings);
          } else {
            s = fail(settings.error());
          }
          break;
        case store::EntityKind::kApplication:
          break;  // applications hold no credentials the index needs
      }
      if (!s) return fail(s.error());
      seen_ = change.seq;
      ++applied;
    }
    if (changes->size() < kJournalPage) return applied;
  }
}

}  // namespace keyward::service

#include "store/copy.h"

#include <algorithm>

namespace keyward::store {
namespace {

// Traces and audit records are read a page at a time; an installation may have many.
constexpr std::size_t kPage = 1000;

template <class Entity>
void restart_version(std::vector<Entity>& entities) {
  for (auto& e : entities) e.version = 1;
}

Status add_org_contents(Store& from, const Organization& org, WriteBatch& batch,
                        CopyCounts& counts) {
  auto keys = from.list_keys(org.id);
  if (!keys) return fail(keys.error());
  restart_version(*keys);
  counts.keys += keys->size();
  batch.keys.insert(batch.keys.end(), keys->begin(), keys->end());
  auto apps = from.list_applications(org.id);
  if (!apps) return fail(apps.error());
  restart_version(*apps);
  counts.applications += apps->size();
  batch.applications.insert(batch.applications.end(), apps->begin(), apps->end());
  // Endpoints, with their sealed secrets: they keep signing as before under the same master key.
  // Deliveries still in the outbox and past tries are this installation's history, not copied.
  auto webhooks = from.list_webhooks(org.id);
  if (!webhooks) return fail(webhooks.error());
  restart_version(*webhooks);
  counts.webhooks += webhooks->size();
  batch.webhooks.insert(batch.webhooks.end(), webhooks->begin(), webhooks->end());
  // The notices already given, so the copy does not give them again.
  auto reminders = from.list_key_reminders(org.id);
  if (!reminders) return fail(reminders.error());
  batch.reminders.insert(batch.reminders.end(), reminders->begin(), reminders->end());
  TraceQuery q;
  q.org_id = org.id;
  q.order = TraceOrder::kFirstSeen;
  q.descending = false;
  q.limit = kPage;
  for (;;) {
    auto page = from.query_traces(q);
    if (!page) return fail(page.error());
    restart_version(page->items);
    counts.traces += page->items.size();
    batch.traces.insert(batch.traces.end(), page->items.begin(), page->items.end());
    if (page->items.size() < kPage) return {};
    q.offset += kPage;
  }
}

Status add_audit_log(Store& from, WriteBatch& batch, CopyCounts& counts) {
  std::vector<AuditEvent> newest_first;
  AuditQuery q;
  q.limit = kPage;
  for (;;) {
    auto page = from.list_audit(q);
    if (!page) return fail(page.error());
    newest_first.insert(newest_first.end(), page->begin(), page->end());
    if (page->size() < kPage) break;
    q.before_id = page->back().id;
  }
  counts.audit_records = newest_first.size();
  batch.audit.assign(newest_first.rbegin(), newest_first.rend());
  return {};
}

}  // namespace

Result<bool> is_empty(Store& store) {
  auto orgs = store.list_organizations();
  if (!orgs) return fail(orgs.error());
  auto users = store.list_users();
  if (!users) return fail(users.error());
  auto settings = store.get_settings();
  if (!settings) return fail(settings.error());
  AuditQuery newest;
  newest.limit = 1;
  auto audit = store.list_audit(newest);
  if (!audit) return fail(audit.error());
  return orgs->empty() && users->empty() && settings->version == 0 && audit->empty();
}

Result<CopyCounts> copy_store(Store& from, Store& to, Timestamp now) {
  auto empty = is_empty(to);
  if (!empty) return fail(empty.error());
  if (!*empty) {
    return fail(Errc::kAlreadyExists,
                "the target store already holds Keyward data; copy only into an empty one");
  }
  CopyCounts counts;
  WriteBatch batch;
  auto orgs = from.list_organizations();
  if (!orgs) return fail(orgs.error());
  restart_version(*orgs);
  counts.organizations = orgs->size();
  batch.organizations = *orgs;
  for (const auto& org : *orgs) {
    if (auto s = add_org_contents(from, org, batch, counts); !s) return fail(s.error());
  }
  auto users = from.list_users();
  if (!users) return fail(users.error());
  restart_version(*users);
  counts.users = users->size();
  batch.users = std::move(*users);
  auto settings = from.get_settings();
  if (!settings) return fail(settings.error());
  if (settings->version > 0) {
    settings->version = 1;
    batch.settings = *settings;
  }
  auto sessions = from.list_active_sessions(now);
  if (!sessions) return fail(sessions.error());
  restart_version(*sessions);
  counts.sessions = sessions->size();
  batch.sessions = std::move(*sessions);
  if (auto s = add_audit_log(from, batch, counts); !s) return fail(s.error());
  if (batch.empty()) return counts;
  if (auto s = to.apply(batch); !s) return fail(s.error());
  return counts;
}

}  // namespace keyward::store

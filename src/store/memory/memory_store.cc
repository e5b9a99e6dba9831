#include "store/memory/memory_store.h"

#include <algorithm>
#include <cctype>

#include "store/conflicts.h"

namespace keyward::store {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool contains_icase(std::string_view haystack, const std::string& lower_needle) {
  return lower_needle.empty() || lower(haystack).find(lower_needle) != std::string::npos;
}

// Orders by `key` (ascending or descending), then by id ascending whatever the direction, as the
// SQL stores do, so every implementation pages identically.
template <class Entity, class Key>
void sort_by(std::vector<Entity>& v, Key key, bool descending) {
  std::ranges::sort(v, [&](const Entity& a, const Entity& b) {
    const auto ka = key(a), kb = key(b);
    if (ka != kb) return descending ? kb < ka : ka < kb;
    return a.id < b.id;
  });
}

template <class Entity>
Page<Entity> page_of(std::vector<Entity> all, std::size_t offset, std::size_t limit) {
  Page<Entity> page;
  page.total = all.size();
  for (std::size_t i = offset; i < all.size() && page.items.size() < limit; ++i) {
    page.items.push_back(std::move(all[i]));
  }
  return page;
}

template <class T>
bool any_of_or_empty(const std::vector<T>& wanted, const T& value) {
  return wanted.empty() || std::ranges::find(wanted, value) != wanted.end();
}

bool iequals(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// Applies the version rule of store.h to `map`, naming the entity `what` in errors.
template <class Entity>
Status check_version(const std::map<Uuid, Entity>& map, const Entity& e, std::string_view what) {
  const auto it = map.find(e.id);
  if (e.version == 1) {
    if (it != map.end()) return fail(entity_exists(what));
  } else if (it == map.end() || it->second.version != e.version - 1) {
    return fail(changed_concurrently(what));
  }
  return {};
}

template <class Entity>
std::vector<Entity> by_creation(std::vector<Entity> v) {
  std::ranges::sort(v, [](const Entity& a, const Entity& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return v;
}

template <class Entity>
Result<Entity> find(const std::map<Uuid, Entity>& map, const Uuid& id, std::string_view what) {
  const auto it = map.find(id);
  if (it == map.end()) return fail(not_found(what));
  return it->second;
}

}  // namespace

void MemoryStore::journal(State& s, EntityKind kind, const Uuid& id) {
  s.changes.push_back({++s.last_seq, kind, id});
}

Status MemoryStore::put(State& s, const Organization& org) {
  if (auto v = check_version(s.organizations, org, "organization"); !v) return v;
  for (const auto& [id, other] : s.organizations) {
    if (id == org.id) continue;
    if (other.agent_username == org.agent_username) return fail(agent_username_taken());
    if (other.api_key.lookup == org.api_key.lookup ||
        other.agent_key.lookup == org.agent_key.lookup) {
      return fail(credential_taken());
    }
  }
  s.organizations[org.id] = org;
  journal(s, EntityKind::kOrganization, org.id);
  return {};
}

Status MemoryStore::put(State& s, const User& user) {
  if (auto v = check_version(s.users, user, "user"); !v) return v;
  for (const auto& [id, other] : s.users) {
    if (id == user.id) continue;
    if (iequals(other.username, user.username)) return fail(username_taken());
    if (other.service_key.lookup == user.service_key.lookup) return fail(credential_taken());
  }
  for (const auto& m : user.memberships) {
    if (!s.organizations.contains(m.org_id)) return fail(not_found("organization"));
  }
  s.users[user.id] = user;
  journal(s, EntityKind::kUser, user.id);
  return {};
}

Status MemoryStore::put(State& s, const NamedKey& key) {
  if (auto v = check_version(s.keys, key, "key"); !v) return v;
  if (!s.organizations.contains(key.org_id)) return fail(not_found("organization"));
  for (const auto& [id, other] : s.keys) {
    if (id != key.id && other.token_hash == key.token_hash) return fail(credential_taken());
  }
  NamedKey stored = key;
  if (const auto it = s.keys.find(key.id); it != s.keys.end()) {
    stored.last_used_at = it->second.last_used_at;  // only record_usage() writes it
    // The credit count moves only when the put sets it afresh (store/controls_columns.h).
    const auto& held = it->second.controls.credits;
    auto& credits = stored.controls.credits;
    if (credits && held && credits->set_at <= held->set_at) {
      credits->remaining = held->remaining;
      credits->set_at = held->set_at;
    }
  }
  s.keys[key.id] = std::move(stored);
  journal(s, EntityKind::kKey, key.id);
  return {};
}

Status MemoryStore::put(State& s, const Application& app) {
  if (auto v = check_version(s.applications, app, "application"); !v) return v;
  if (!s.organizations.contains(app.org_id)) return fail(not_found("organization"));
  for (const auto& [id, other] : s.applications) {
    if (id != app.id && other.org_id == app.org_id && other.name == app.name &&
        other.language == app.language) {
      return fail(application_taken());
    }
  }
  s.applications[app.id] = app;
  journal(s, EntityKind::kApplication, app.id);
  return {};
}

Status MemoryStore::put(State& s, const Trace& trace) {
  if (auto v = check_version(s.traces, trace, "trace"); !v) return v;
  if (!s.applications.contains(trace.app_id)) return fail(not_found("application"));
  for (const auto& [id, other] : s.traces) {
    if (id != trace.id && other.app_id == trace.app_id && other.hash == trace.hash) {
      return fail(trace_taken());
    }
  }
  s.traces[trace.id] = trace;
  return {};
}

Status MemoryStore::put(State& s, const SystemSettings& settings) {
  if (settings.version != s.settings.version + 1) return fail(changed_concurrently("settings"));
  s.settings = settings;
  journal(s, EntityKind::kSettings, Uuid{});
  return {};
}

Status MemoryStore::put(State& s, const Session& session) {
  if (auto v = check_version(s.sessions, session, "session"); !v) return v;
  if (!s.users.contains(session.user_id)) return fail(not_found("user"));
  for (const auto& [id, other] : s.sessions) {
    if (id != session.id && other.token_hash == session.token_hash) return fail(session_taken());
  }
  s.sessions[session.id] = session;
  journal(s, EntityKind::kSession, session.id);
  return {};
}

Status MemoryStore::put(State& s, const RevealGrant& grant) {
  if (auto v = check_version(s.grants, grant, "reveal grant"); !v) return v;
  if (!s.users.contains(grant.user_id)) return fail(not_found("user"));
  for (const auto& [id, other] : s.grants) {
    if (id != grant.id && other.token_hash == grant.token_hash) return fail(credential_taken());
  }
  s.grants[grant.id] = grant;
  return {};
}

Status MemoryStore::apply(const WriteBatch& batch) {
  std::lock_guard lock(mu_);
  State next = state_;
  for (const auto& e : batch.organizations) {
    if (auto s = put(next, e); !s) return s;
  }
  for (const auto& e : batch.users) {
    if (auto s = put(next, e); !s) return s;
  }
  for (const auto& e : batch.keys) {
    if (auto s = put(next, e); !s) return s;
  }
  for (const auto& e : batch.applications) {
    if (auto s = put(next, e); !s) return s;
  }
  for (const auto& e : batch.traces) {
    if (auto s = put(next, e); !s) return s;
  }
  if (batch.settings) {
    if (auto s = put(next, *batch.settings); !s) return s;
  }
  for (const auto& e : batch.sessions) {
    if (auto s = put(next, e); !s) return s;
  }
  for (const auto& e : batch.grants) {
    if (auto s = put(next, e); !s) return s;
  }
  for (auto e : batch.audit) {
    e.id = static_cast<std::int64_t>(next.audit.size()) + 1;
    next.audit.push_back(std::move(e));
  }
  for (const auto& e : batch.reminders) {
    for (const auto& given : next.reminders) {
      if (given.same_notice(e)) return fail(reminder_given());
    }
    next.reminders.push_back(e);
  }
  for (const auto& e : batch.webhooks) {
    if (auto s = put(next, e); !s) return s;
  }
  for (const auto& e : batch.webhook_events) raise(next, e);
  state_ = std::move(next);
  return {};
}

Result<std::vector<KeyReminder>> MemoryStore::list_key_reminders(const Uuid& org_id) {
  std::lock_guard lock(mu_);
  std::vector<KeyReminder> out;
  for (const auto& r : state_.reminders) {
    if (r.org_id == org_id) out.push_back(r);
  }
  return out;
}

Result<Organization> MemoryStore::get_organization(const Uuid& id) {
  std::lock_guard lock(mu_);
  return find(state_.organizations, id, "organization");
}

Result<std::vector<Organization>> MemoryStore::list_organizations() {
  std::lock_guard lock(mu_);
  std::vector<Organization> out;
  for (const auto& [id, org] : state_.organizations) out.push_back(org);
  return by_creation(std::move(out));
}

Result<User> MemoryStore::get_user(const Uuid& id) {
  std::lock_guard lock(mu_);
  return find(state_.users, id, "user");
}

Result<User> MemoryStore::find_user(std::string_view username) {
  std::lock_guard lock(mu_);
  for (const auto& [id, user] : state_.users) {
    if (iequals(user.username, username)) return user;
  }
  return fail(not_found("user"));
}

Result<std::vector<User>> MemoryStore::list_users() {
  std::lock_guard lock(mu_);
  std::vector<User> out;
  for (const auto& [id, user] : state_.users) out.push_back(user);
  return by_creation(std::move(out));
}

Result<NamedKey> MemoryStore::get_key(const Uuid& id) {
  std::lock_guard lock(mu_);
  return find(state_.keys, id, "key");
}

Result<std::vector<NamedKey>> MemoryStore::list_keys(const Uuid& org_id) {
  std::lock_guard lock(mu_);
  std::vector<NamedKey> out;
  for (const auto& [id, key] : state_.keys) {
    if (key.org_id == org_id) out.push_back(key);
  }
  return by_creation(std::move(out));
}

Status MemoryStore::scan_unrevoked_keys(const std::function<void(const IndexedKeyRow&)>& visit) {
  std::lock_guard lock(mu_);
  for (const auto& [id, key] : state_.keys) {
    if (!key.revoked_at) visit(index_row_of(key));
  }
  return {};
}

Result<Application> MemoryStore::get_application(const Uuid& id) {
  std::lock_guard lock(mu_);
  return find(state_.applications, id, "application");
}

Result<std::vector<Application>> MemoryStore::list_applications(const Uuid& org_id) {
  std::lock_guard lock(mu_);
  std::vector<Application> out;
  for (const auto& [id, app] : state_.applications) {
    if (app.org_id == org_id) out.push_back(app);
  }
  return by_creation(std::move(out));
}

Result<Application> MemoryStore::find_application(const Uuid& org_id, std::string_view name,
                                                  std::string_view language) {
  std::lock_guard lock(mu_);
  for (const auto& [id, app] : state_.applications) {
    if (app.org_id == org_id && app.name == name && app.language == language) return app;
  }
  return fail(not_found("application"));
}

Result<Page<Application>> MemoryStore::query_applications(const ApplicationQuery& q) {
  std::vector<Application> matching;
  {
    std::lock_guard lock(mu_);
    const std::string text = lower(q.text);
    for (const auto& [id, app] : state_.applications) {
      if (app.org_id != q.org_id || (app.archived && !q.include_archived)) continue;
      if (contains_icase(app.name, text)) matching.push_back(app);
    }
  }
  switch (q.order) {
    case ApplicationOrder::kName:
      sort_by(
          matching, [](const Application& a) { return lower(a.name); }, q.descending);
      break;
    case ApplicationOrder::kCreated:
      sort_by(
          matching, [](const Application& a) { return a.created_at; }, q.descending);
      break;
    case ApplicationOrder::kLastSeen:
      sort_by(
          matching, [](const Application& a) { return a.last_seen_at; }, q.descending);
      break;
    case ApplicationOrder::kImportance:
      sort_by(
          matching, [](const Application& a) { return a.importance; }, q.descending);
      break;
  }
  return page_of(std::move(matching), q.offset, q.limit);
}

Result<Trace> MemoryStore::get_trace(const Uuid& id) {
  std::lock_guard lock(mu_);
  return find(state_.traces, id, "trace");
}

Result<std::vector<Trace>> MemoryStore::find_traces(const Uuid& app_id,
                                                    std::span<const std::string> hashes) {
  std::lock_guard lock(mu_);
  std::vector<Trace> out;
  for (const auto& [id, trace] : state_.traces) {
    if (trace.app_id == app_id && std::ranges::find(hashes, trace.hash) != hashes.end()) {
      out.push_back(trace);
    }
  }
  return out;
}

Result<Page<Trace>> MemoryStore::query_traces(const TraceQuery& q) {
  std::vector<Trace> matching;
  {
    std::lock_guard lock(mu_);
    const std::string text = lower(q.text);
    for (const auto& [id, t] : state_.traces) {
      if (t.org_id != q.org_id || (q.app_id && t.app_id != *q.app_id)) continue;
      if (!any_of_or_empty(q.severities, t.severity) || !any_of_or_empty(q.statuses, t.status) ||
          !any_of_or_empty(q.rule_names, t.rule_name)) {
        continue;
      }
      if (contains_icase(t.title, text) || contains_icase(t.rule_name, text)) matching.push_back(t);
    }
  }
  switch (q.order) {
    case TraceOrder::kLastSeen:
      sort_by(
          matching, [](const Trace& t) { return t.last_seen_at; }, q.descending);
      break;
    case TraceOrder::kFirstSeen:
      sort_by(
          matching, [](const Trace& t) { return t.first_seen_at; }, q.descending);
      break;
    case TraceOrder::kSeverity:
      sort_by(
          matching, [](const Trace& t) { return t.severity; }, q.descending);
      break;
    case TraceOrder::kTitle:
      sort_by(
          matching, [](const Trace& t) { return lower(t.title); }, q.descending);
      break;
    case TraceOrder::kStatus:
      sort_by(
          matching, [](const Trace& t) { return t.status; }, q.descending);
      break;
  }
  return page_of(std::move(matching), q.offset, q.limit);
}

Result<std::vector<TraceCounts>> MemoryStore::count_traces(const Uuid& org_id) {
  std::lock_guard lock(mu_);
  std::map<Uuid, TraceCounts> counts;
  for (const auto& [id, t] : state_.traces) {
    if (t.org_id != org_id) continue;
    auto& c = counts[t.app_id];
    c.app_id = t.app_id;
    ++c.by_severity[static_cast<size_t>(t.severity)];
    if (is_open(t.status)) ++c.open_by_severity[static_cast<size_t>(t.severity)];
  }
  std::vector<TraceCounts> out;
  for (auto& [app, c] : counts) out.push_back(c);
  return out;
}

Result<SystemSettings> MemoryStore::get_settings() {
  std::lock_guard lock(mu_);
  return state_.settings;
}

Result<Session> MemoryStore::get_session(const Uuid& id) {
  std::lock_guard lock(mu_);
  return find(state_.sessions, id, "session");
}

Result<std::vector<Session>> MemoryStore::list_active_sessions(Timestamp now) {
  std::lock_guard lock(mu_);
  std::vector<Session> out;
  for (const auto& [id, s] : state_.sessions) {
    if (s.active_at(now)) out.push_back(s);
  }
  return out;
}

Result<RevealGrant> MemoryStore::find_grant(const Digest& token_hash) {
  std::lock_guard lock(mu_);
  for (const auto& [id, g] : state_.grants) {
    if (g.token_hash == token_hash) return g;
  }
  return fail(not_found("reveal grant"));
}

Result<std::vector<AuditEvent>> MemoryStore::list_audit(const AuditQuery& q) {
  std::lock_guard lock(mu_);
  std::vector<AuditEvent> out;
  for (auto it = state_.audit.rbegin(); it != state_.audit.rend() && out.size() < q.limit; ++it) {
    if (q.before_id != 0 && it->id >= q.before_id) continue;
    if (q.org_id && it->org_id != q.org_id) continue;
    if (!q.matches_action(it->action)) continue;
    if (q.outcome && it->outcome != *q.outcome) continue;
    out.push_back(*it);
  }
  return out;
}

Result<std::vector<Change>> MemoryStore::changes_after(std::int64_t after, size_t limit) {
  std::lock_guard lock(mu_);
  if (after < state_.pruned_through) return fail(journal_pruned(after, state_.pruned_through));
  std::vector<Change> out;
  for (const auto& c : state_.changes) {
    if (c.seq > after && out.size() < limit) out.push_back(c);
  }
  return out;
}

Result<std::int64_t> MemoryStore::last_change() {
  std::lock_guard lock(mu_);
  return state_.last_seq;
}

Result<std::size_t> MemoryStore::prune_changes(std::int64_t through) {
  std::lock_guard lock(mu_);
  through = std::min(through, state_.last_seq);
  if (through <= state_.pruned_through) return 0;
  state_.pruned_through = through;
  const auto n = std::erase_if(state_.changes, [&](const Change& c) { return c.seq <= through; });
  return static_cast<std::size_t>(n);
}

Result<std::int64_t> MemoryStore::pruned_through() {
  std::lock_guard lock(mu_);
  return state_.pruned_through;
}

Result<PruneCounts> MemoryStore::prune_expired(const PruneCutoffs& cutoffs) {
  std::lock_guard lock(mu_);
  PruneCounts counts;
  const auto dead = [&](Timestamp expires_at, const std::optional<Timestamp>& ended_at) {
    return expires_at < cutoffs.dead_before || (ended_at && *ended_at < cutoffs.dead_before);
  };
  std::erase_if(state_.sessions, [&](const auto& entry) {
    const auto& session = entry.second;
    if (counts.sessions >= cutoffs.limit || !dead(session.expires_at, session.ended_at)) {
      return false;
    }
    ++counts.sessions;
    return true;
  });
  std::erase_if(state_.grants, [&](const auto& entry) {
    const auto& grant = entry.second;
    if (counts.grants >= cutoffs.limit || !dead(grant.expires_at, grant.used_at)) return false;
    ++counts.grants;
    return true;
  });
  std::erase_if(state_.audit, [&](const AuditEvent& event) {
    if (counts.audit >= cutoffs.limit || !(event.at < cutoffs.audit_before)) return false;
    ++counts.audit;
    return true;
  });
  const std::int64_t before = to_epoch_ms(cutoffs.limit_counts_before);
  std::erase_if(limit_counts_, [&](const auto& entry) {
    if (counts.limit_counts >= cutoffs.limit || std::get<3>(entry.first) >= before) return false;
    ++counts.limit_counts;
    return true;
  });
  std::erase_if(key_usage_, [&](const auto& entry) {
    if (counts.key_usage >= cutoffs.limit || !(entry.first.second < cutoffs.key_usage_before)) {
      return false;
    }
    ++counts.key_usage;
    return true;
  });
  std::erase_if(state_.attempts, [&](const WebhookAttempt& attempt) {
    if (counts.webhook_attempts >= cutoffs.limit ||
        !(attempt.at < cutoffs.webhook_attempts_before)) {
      return false;
    }
    ++counts.webhook_attempts;
    return true;
  });
  return counts;
}

Result<std::vector<CreditBalance>> MemoryStore::spend_credits(std::span<const CreditSpend> spends) {
  std::lock_guard lock(mu_);
  std::vector<CreditBalance> out;
  for (const auto& spend : spends) {
    const auto it = state_.keys.find(spend.key_id);
    if (it == state_.keys.end() || !it->second.controls.credits) continue;
    auto& credits = *it->second.controls.credits;
    if (spend.period_start > credits.set_at) {
      credits.remaining = std::max<std::int64_t>(spend.period_amount - spend.spent, 0);
      credits.set_at = spend.period_start;
    } else if (spend.period_start == credits.set_at) {
      credits.remaining = std::max<std::int64_t>(credits.remaining - spend.spent, 0);
    }
    out.push_back({spend.key_id, credits.remaining, credits.set_at});
  }
  return out;
}

Result<std::vector<CreditBalance>> MemoryStore::credit_balances() {
  std::lock_guard lock(mu_);
  std::vector<CreditBalance> out;
  for (const auto& [id, key] : state_.keys) {
    if (key.controls.credits && !key.revoked_at) {
      out.push_back({id, key.controls.credits->remaining, key.controls.credits->set_at});
    }
  }
  return out;
}

Status MemoryStore::record_usage(std::span<const KeyUsage> usage) {
  std::lock_guard lock(mu_);
  for (const auto& u : usage) {
    const auto it = state_.keys.find(u.key_id);
    if (it == state_.keys.end()) continue;
    auto& last = it->second.last_used_at;
    if (!last || *last < u.last_used_at) last = u.last_used_at;
  }
  return {};
}

Status MemoryStore::add_limit_counts(std::span<const LimitCount> counts) {
  std::lock_guard lock(mu_);
  for (const auto& c : counts) {
    LimitTotal& total = limit_counts_[LimitRow{c.limiter, c.key, c.origin, c.bucket_ms}];
    total.count += c.count;
    total.seq = ++last_limit_seq_;
  }
  return {};
}

Result<std::vector<LimitCount>> MemoryStore::limit_counts_after(std::int64_t after,
                                                                std::size_t limit) {
  std::lock_guard lock(mu_);
  std::vector<LimitCount> out;
  for (const auto& [row, total] : limit_counts_) {
    if (total.seq <= after) continue;
    const auto& [limiter, key, origin, bucket_ms] = row;
    out.push_back(LimitCount{limiter, key, origin, bucket_ms, total.count, total.seq});
  }
  std::sort(out.begin(), out.end(),
            [](const LimitCount& a, const LimitCount& b) { return a.seq < b.seq; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace keyward::store

// MemoryStore's webhook endpoints, outbox and delivery records.
#include <algorithm>

#include "store/conflicts.h"
#include "store/memory/memory_store.h"

namespace keyward::store {

Status MemoryStore::put(State& s, const WebhookEndpoint& endpoint) {
  const auto it = s.webhooks.find(endpoint.id);
  if (endpoint.version == 1) {
    if (it != s.webhooks.end()) return fail(entity_exists("webhook"));
  } else if (it == s.webhooks.end() || it->second.version != endpoint.version - 1) {
    return fail(changed_concurrently("webhook"));
  }
  if (!s.organizations.contains(endpoint.org_id)) return fail(not_found("organization"));
  s.webhooks[endpoint.id] = endpoint;
  if (endpoint.deleted_at) {
    std::erase_if(s.outbox, [&](const auto& row) { return row.first.second == endpoint.id; });
  }
  return {};
}

void MemoryStore::raise(State& s, const WebhookEvent& event) {
  for (const auto& [id, endpoint] : s.webhooks) {
    if (endpoint.org_id != event.org_id || endpoint.deleted_at ||
        !endpoint.events.contains(event.type)) {
      continue;
    }
    s.outbox[{event.id, id}] = OutboxRow{WebhookDelivery{event, id, 0}, event.created_at};
  }
}

Result<WebhookEndpoint> MemoryStore::get_webhook(const Uuid& id) {
  std::lock_guard lock(mu_);
  const auto it = state_.webhooks.find(id);
  if (it == state_.webhooks.end()) return fail(not_found("webhook"));
  return it->second;
}

Result<std::vector<WebhookEndpoint>> MemoryStore::list_webhooks(const Uuid& org_id) {
  std::lock_guard lock(mu_);
  std::vector<WebhookEndpoint> out;
  for (const auto& [id, endpoint] : state_.webhooks) {
    if (endpoint.org_id == org_id && !endpoint.deleted_at) out.push_back(endpoint);
  }
  std::ranges::sort(out, [](const WebhookEndpoint& a, const WebhookEndpoint& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return out;
}

Result<std::vector<WebhookDelivery>> MemoryStore::claim_webhook_deliveries(Timestamp now,
                                                                           Timestamp lease_until,
                                                                           std::size_t limit) {
  std::lock_guard lock(mu_);
  std::vector<OutboxRow*> due;
  for (auto& [key, row] : state_.outbox) {
    if (row.next_attempt_at <= now) due.push_back(&row);
  }
  std::ranges::sort(due, [](const OutboxRow* a, const OutboxRow* b) {
    return a->next_attempt_at < b->next_attempt_at;
  });
  if (due.size() > limit) due.resize(limit);
  std::vector<WebhookDelivery> out;
  for (auto* row : due) {
    row->delivery.attempt += 1;
    row->next_attempt_at = lease_until;
    out.push_back(row->delivery);
  }
  return out;
}

Status MemoryStore::record_webhook_attempt(const WebhookAttempt& attempt) {
  std::lock_guard lock(mu_);
  WebhookAttempt recorded = attempt;
  recorded.id = ++state_.last_attempt_id;  // not the count: pruning removes the oldest
  state_.attempts.push_back(recorded);
  const auto it = state_.outbox.find({attempt.event_id, attempt.endpoint_id});
  if (it == state_.outbox.end() || it->second.delivery.attempt != attempt.attempt) return {};
  if (attempt.outcome == AttemptOutcome::kRetrying && attempt.next_attempt_at) {
    it->second.next_attempt_at = *attempt.next_attempt_at;
  } else {
    state_.outbox.erase(it);
  }
  return {};
}

Result<std::vector<WebhookAttempt>> MemoryStore::list_webhook_attempts(
    const WebhookAttemptQuery& query) {
  std::lock_guard lock(mu_);
  std::vector<WebhookAttempt> out;
  for (auto it = state_.attempts.rbegin(); it != state_.attempts.rend(); ++it) {
    if (out.size() >= query.limit) break;
    if (it->endpoint_id != query.endpoint_id) continue;
    if (query.before_id != 0 && it->id >= query.before_id) continue;
    out.push_back(*it);
  }
  return out;
}

}  // namespace keyward::store

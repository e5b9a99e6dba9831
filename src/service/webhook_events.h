// Raising lifecycle events: a service adds them to the WriteBatch of the change they describe,
// so an event exists exactly when its change has committed (store/store.h fans it out to the
// organization's subscribed endpoints in the same transaction).
//
// Payloads follow the Standard Webhooks shape, {"type", "timestamp", "data": {...}}, and never
// hold a token, secret or hash: only what identifies a credential (ids, name, kind, hint).
#pragma once

#include <boost/json/object.hpp>

#include "core/named_key.h"
#include "core/webhook_event_type.h"
#include "service/service_context.h"
#include "store/store.h"

namespace keyward::service {

// Adds an event of `type` about `org_id` whose "data" is `data` (org_id is added to it).
void raise_event(store::WriteBatch& batch, const ServiceContext& ctx, WebhookEventType type,
                 const Uuid& org_id, boost::json::object data);

// The "data" that describes a named key: org_id, key_id, name, kind, hint, created_at,
// expires_at (null when none).
boost::json::object key_event_data(const NamedKey& key);

// Adds an event about a named key (key.created, key.rolled, key.deleted, key.disabled, and
// key.expiring, key.expired, key.leaked when they are raised): key_event_data() plus `extra`.
void raise_key_event(store::WriteBatch& batch, const ServiceContext& ctx, WebhookEventType type,
                     const NamedKey& key, boost::json::object extra = {});

}  // namespace keyward::service

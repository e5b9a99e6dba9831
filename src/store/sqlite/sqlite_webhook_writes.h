// How a SqliteStore batch writes webhook endpoints and raises lifecycle events, inside the
// batch's transaction (sqlite_store_write.cc).
#pragma once

#include "core/webhook_delivery.h"
#include "core/webhook_endpoint.h"
#include "store/sqlite/connection.h"

namespace keyward::store::sqlite {

// Inserts (version 1) or conditionally updates the endpoint; a deleted one takes its pending
// deliveries with it.
Status put_webhook(Connection& c, const WebhookEndpoint& endpoint);
// One outbox row per subscribed endpoint of the event's organization.
Status raise_webhook_event(Connection& c, const WebhookEvent& event);

}  // namespace keyward::store::sqlite

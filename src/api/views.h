// How entities look in API responses. One function per entity, shared by every route that shows
// it, so an organization or a key looks the same everywhere.
#pragma once

#include <optional>

#include <boost/json/value.hpp>

#include "core/audit_event.h"
#include "core/key_policy.h"
#include "core/named_key.h"
#include "core/organization.h"
#include "core/time.h"
#include "core/user.h"
#include "core/webhook_delivery.h"
#include "core/webhook_endpoint.h"

namespace keyward::api {

// An RFC 3339 string, or null.
boost::json::value time_or_null(const std::optional<Timestamp>& t);

// The organization without secrets.
boost::json::object organization_view(const Organization& org);

// The key without its secret; a public key's token is included since it may be published.
boost::json::object key_view(const NamedKey& key, Timestamp now);

// A member of `org_id` (who must be one): who, their role there, whether the account is locked
// and whether they still have to choose their own password. No secrets.
boost::json::object member_view(const User& user, const Uuid& org_id, Timestamp now);

// {"length", "min_numerals", "min_upper", "min_lower"}.
boost::json::object key_policy_view(const KeyPolicy& policy);

// A secret shown masked. Administrators see "****" and its last four characters ("****Xy7q"),
// enough to tell two keys apart without giving either away; everyone else sees "****" alone,
// which says nothing of the secret's characters.
std::string masked(std::string_view secret, bool administrator);

// A webhook endpoint as it is listed: never its signing secret.
boost::json::object webhook_view(const WebhookEndpoint& endpoint);

// One delivery try of a webhook event: when, its outcome and what the receiver answered.
boost::json::object webhook_attempt_view(const WebhookAttempt& attempt);

// A list of audit records, newest first, with the cursor for the next (older) page.
boost::json::object audit_page(const std::vector<AuditEvent>& events, std::size_t limit);

}  // namespace keyward::api

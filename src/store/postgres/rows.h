// Mapping between PostgreSQL rows and domain entities, in the column order of store/columns.h.
#pragma once

#include "core/application.h"
#include "core/audit_event.h"
#include "core/named_key.h"
#include "core/organization.h"
#include "core/reveal_grant.h"
#include "core/session.h"
#include "core/system_settings.h"
#include "core/trace.h"
#include "core/user.h"
#include "store/columns.h"
#include "store/postgres/connection.h"

namespace keyward::store::postgres {

Organization read_organization(const Row& row);
User read_user(const Row& row);  // without memberships; the caller adds them
NamedKey read_key(const Row& row);
Application read_application(const Row& row);
Trace read_trace(const Row& row);
Session read_session(const Row& row);
RevealGrant read_grant(const Row& row);
SystemSettings read_settings(const Row& row);
AuditEvent read_audit(const Row& row);

// Every column of the entity, in the column order, as $1, $2, ...
Params organization_params(const Organization& org);
Params user_params(const User& user);
Params key_params(const NamedKey& key);
Params application_params(const Application& app);
Params trace_params(const Trace& trace);
Params session_params(const Session& session);
Params grant_params(const RevealGrant& grant);
Params settings_params(const SystemSettings& settings);
Params audit_params(const AuditEvent& event);  // every column but id

}  // namespace keyward::store::postgres

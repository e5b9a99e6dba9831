// Mapping between SQLite rows and domain entities. Each column list below is in the order its
// read_* and bind_* functions expect.
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
#include "store/sqlite/connection.h"

namespace keyward::store::sqlite {

// Column lists as macros so they concatenate into statement literals at compile time.
#define KEYWARD_ORGANIZATION_COLUMNS                                            \
  "id, name, api_key_lookup, api_key_sealed, api_key_enabled, agent_username, " \
  "agent_key_lookup, agent_key_sealed, created_at, version, previous_api_key, " \
  "previous_agent_key"
#define KEYWARD_USER_COLUMNS                                                            \
  "id, username, password_hash, service_key_lookup, service_key_sealed, system_admin, " \
  "failed_logins, locked_until, created_at, version, previous_service_key, "            \
  "password_change_required"
#define KEYWARD_KEY_COLUMNS                                                                  \
  "id, org_id, name, kind, scopes, token_hash, public_token, hint, created_at, expires_at, " \
  "grace_ends_at, revoked_at, last_used_at, rolled_from, version"
#define KEYWARD_APPLICATION_COLUMNS                                                         \
  "id, org_id, name, language, created_at, last_seen_at, version, path, importance, tags, " \
  "archived, key_sealed"
#define KEYWARD_TRACE_COLUMNS                                                            \
  "id, org_id, app_id, title, rule_name, severity, status, hash, category, confidence, " \
  "impact, likelihood, tags, first_seen_at, last_seen_at, times_received, version"
#define KEYWARD_SESSION_COLUMNS \
  "id, token_hash, csrf_hash, user_id, created_at, expires_at, ended_at, version"
#define KEYWARD_GRANT_COLUMNS \
  "id, token_hash, user_id, what, subject_id, created_at, expires_at, used_at, version"
#define KEYWARD_SETTINGS_COLUMNS                                                             \
  "org_key_length, org_key_numerals, org_key_upper, org_key_lower, app_key_length, "         \
  "app_key_numerals, app_key_upper, app_key_lower, mask_invalid_ips, email_key_in_message, " \
  "version"
#define KEYWARD_AUDIT_COLUMNS "id, at, actor, org_id, action, target, outcome, client_ip, detail"

Organization read_organization(const Statement& row);
User read_user(const Statement& row);  // without memberships; the caller adds them
NamedKey read_key(const Statement& row);
Application read_application(const Statement& row);
Trace read_trace(const Statement& row);
Session read_session(const Statement& row);
RevealGrant read_grant(const Statement& row);
SystemSettings read_settings(const Statement& row);
AuditEvent read_audit(const Statement& row);

// Binds every column of the entity, in the column order above, starting at index 1.
void bind_organization(Statement& st, const Organization& org);
void bind_user(Statement& st, const User& user);
void bind_key(Statement& st, const NamedKey& key);
void bind_application(Statement& st, const Application& app);
void bind_trace(Statement& st, const Trace& trace);
void bind_session(Statement& st, const Session& session);
void bind_grant(Statement& st, const RevealGrant& grant);
void bind_settings(Statement& st, const SystemSettings& settings);  // from index 1
void bind_audit(Statement& st, const AuditEvent& event);  // every column but id, from index 1

// Tags are stored one per line; text rules keep control characters, and so newlines, out of them.
std::string join_tags(const std::vector<std::string>& tags);
std::vector<std::string> split_tags(const std::string& joined);

}  // namespace keyward::store::sqlite

// The columns each SQL store reads and writes an entity with, in the order their read_* and bind_*
// functions expect. Macros, so they concatenate into statement literals at compile time.
#pragma once

#define KEYWARD_ORGANIZATION_COLUMNS                                            \
  "id, name, api_key_lookup, api_key_sealed, api_key_enabled, agent_username, " \
  "agent_key_lookup, agent_key_sealed, created_at, version, previous_api_key, " \
  "previous_agent_key, reminder_days, unused_key_days"
#define KEYWARD_USER_COLUMNS                                                            \
  "id, username, password_hash, service_key_lookup, service_key_sealed, system_admin, " \
  "failed_logins, locked_until, created_at, version, previous_service_key, "            \
  "password_change_required"
#define KEYWARD_KEY_COLUMNS                                                                  \
  "id, org_id, name, kind, scopes, token_hash, public_token, hint, created_at, expires_at, " \
  "grace_ends_at, revoked_at, last_used_at, rolled_from, version, disabled_at, controls, "   \
  "created_by"
// A key is read with its credit count, which has a table of its own (store/controls_columns.h).
#define KEYWARD_KEY_READ_COLUMNS KEYWARD_KEY_COLUMNS ", remaining, set_at"
#define KEYWARD_KEYS_WITH_CREDITS "api_keys LEFT JOIN key_credits ON key_id = id"
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
#define KEYWARD_WEBHOOK_COLUMNS \
  "id, org_id, url, events, secret_sealed, created_at, deleted_at, version"
#define KEYWARD_OUTBOX_COLUMNS "event_id, endpoint_id, org_id, type, payload, created_at, attempts"
#define KEYWARD_REMINDER_COLUMNS "key_id, org_id, kind, deadline, threshold, sent_at"
#define KEYWARD_ATTEMPT_COLUMNS                                                   \
  "id, endpoint_id, event_id, type, attempt, at, outcome, response_code, error, " \
  "next_attempt_at"

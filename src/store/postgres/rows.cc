#include "store/postgres/rows.h"

#include "store/controls_columns.h"
#include "store/tag_list.h"

namespace keyward::store::postgres {

Organization read_organization(const Row& row) {
  Organization org;
  org.id = row.uuid(0);
  org.name = row.text(1);
  org.api_key = {row.digest(2), row.bytes(3)};
  org.api_key_enabled = row.boolean(4);
  org.agent_username = row.text(5);
  org.agent_key = {row.digest(6), row.bytes(7)};
  org.created_at = row.timestamp(8);
  org.version = row.integer(9);
  org.previous_api_key = row.optional_digest(10);
  org.previous_agent_key = row.optional_digest(11);
  org.lifecycle.reminder_days = decode_reminder_days(row.text(12));
  if (!row.is_null(13)) org.lifecycle.unused_key_days = static_cast<int>(row.integer(13));
  return org;
}

Params organization_params(const Organization& org) {
  Params p;
  p.add(org.id)
      .add(org.name)
      .add(org.api_key.lookup)
      .bytes(org.api_key.sealed)
      .add(org.api_key_enabled)
      .add(org.agent_username)
      .add(org.agent_key.lookup)
      .bytes(org.agent_key.sealed)
      .add(org.created_at)
      .add(org.version)
      .add(org.previous_api_key)
      .add(org.previous_agent_key)
      .add(encode_reminder_days(org.lifecycle.reminder_days))
      .add(org.lifecycle.unused_key_days);
  return p;
}

User read_user(const Row& row) {
  User user;
  user.id = row.uuid(0);
  user.username = row.text(1);
  user.password_hash = row.text(2);
  user.service_key = {row.digest(3), row.bytes(4)};
  user.system_admin = row.boolean(5);
  user.failed_logins = static_cast<int>(row.integer(6));
  user.locked_until = row.optional_timestamp(7);
  user.created_at = row.timestamp(8);
  user.version = row.integer(9);
  user.previous_service_key = row.optional_digest(10);
  user.password_change_required = row.boolean(11);
  return user;
}

Params user_params(const User& user) {
  Params p;
  p.add(user.id)
      .add(user.username)
      .add(user.password_hash)
      .add(user.service_key.lookup)
      .bytes(user.service_key.sealed)
      .add(user.system_admin)
      .add(user.failed_logins)
      .add(user.locked_until)
      .add(user.created_at)
      .add(user.version)
      .add(user.previous_service_key)
      .add(user.password_change_required);
  return p;
}

NamedKey read_key(const Row& row) {
  NamedKey key;
  key.id = row.uuid(0);
  key.org_id = row.uuid(1);
  key.name = row.text(2);
  key.kind = parse_key_kind(row.text(3)).value_or(KeyKind::kSecret);
  key.scopes = Scopes{static_cast<std::uint8_t>(row.integer(4))};
  key.token_hash = row.digest(5);
  key.public_token = row.text(6);
  key.hint = row.text(7);
  key.created_at = row.timestamp(8);
  key.expires_at = row.optional_timestamp(9);
  key.grace_ends_at = row.optional_timestamp(10);
  key.revoked_at = row.optional_timestamp(11);
  key.last_used_at = row.optional_timestamp(12);
  key.rolled_from = row.optional_uuid(13);
  key.version = row.integer(14);
  key.disabled_at = row.optional_timestamp(15);
  key.created_by = row.optional_uuid(17);
  key.controls = controls_of_row(
      row.text(16), row.is_null(18) ? std::nullopt : std::optional<std::int64_t>(row.integer(18)),
      row.optional_timestamp(19));
  return key;
}

Params key_params(const NamedKey& key) {
  Params p;
  p.add(key.id)
      .add(key.org_id)
      .add(key.name)
      .add(to_string(key.kind))
      .add(std::int64_t{key.scopes.bits()})
      .add(key.token_hash);
  if (key.public_token.empty()) {
    p.null();
  } else {
    p.add(key.public_token);
  }
  p.add(key.hint)
      .add(key.created_at)
      .add(key.expires_at)
      .add(key.grace_ends_at)
      .add(key.revoked_at)
      .add(key.last_used_at)
      .add(key.rolled_from)
      .add(key.version)
      .add(key.disabled_at)
      .add(encode_controls(key.controls))
      .add(key.created_by);
  return p;
}

Application read_application(const Row& row) {
  Application app;
  app.id = row.uuid(0);
  app.org_id = row.uuid(1);
  app.name = row.text(2);
  app.language = row.text(3);
  app.created_at = row.timestamp(4);
  app.last_seen_at = row.timestamp(5);
  app.version = row.integer(6);
  app.path = row.text(7);
  app.importance = static_cast<int>(row.integer(8));
  app.tags = split_tags(row.text(9));
  app.archived = row.boolean(10);
  app.key_sealed = row.bytes(11);
  return app;
}

Params application_params(const Application& app) {
  Params p;
  p.add(app.id)
      .add(app.org_id)
      .add(app.name)
      .add(app.language)
      .add(app.created_at)
      .add(app.last_seen_at)
      .add(app.version)
      .add(app.path)
      .add(app.importance)
      .add(join_tags(app.tags))
      .add(app.archived)
      .bytes(app.key_sealed);
  return p;
}

Trace read_trace(const Row& row) {
  Trace t;
  t.id = row.uuid(0);
  t.org_id = row.uuid(1);
  t.app_id = row.uuid(2);
  t.title = row.text(3);
  t.rule_name = row.text(4);
  t.severity = static_cast<Severity>(row.integer(5));
  t.status = static_cast<TraceStatus>(row.integer(6));
  t.hash = row.text(7);
  t.category = row.text(8);
  t.confidence = row.text(9);
  t.impact = row.text(10);
  t.likelihood = row.text(11);
  t.tags = split_tags(row.text(12));
  t.first_seen_at = row.timestamp(13);
  t.last_seen_at = row.timestamp(14);
  t.times_received = row.integer(15);
  t.version = row.integer(16);
  return t;
}

Params trace_params(const Trace& t) {
  Params p;
  p.add(t.id)
      .add(t.org_id)
      .add(t.app_id)
      .add(t.title)
      .add(t.rule_name)
      .add(static_cast<int>(t.severity))
      .add(static_cast<int>(t.status))
      .add(t.hash)
      .add(t.category)
      .add(t.confidence)
      .add(t.impact)
      .add(t.likelihood)
      .add(join_tags(t.tags))
      .add(t.first_seen_at)
      .add(t.last_seen_at)
      .add(t.times_received)
      .add(t.version);
  return p;
}

Session read_session(const Row& row) {
  Session s;
  s.id = row.uuid(0);
  s.token_hash = row.digest(1);
  s.csrf_hash = row.digest(2);
  s.user_id = row.uuid(3);
  s.created_at = row.timestamp(4);
  s.expires_at = row.timestamp(5);
  s.ended_at = row.optional_timestamp(6);
  s.version = row.integer(7);
  return s;
}

Params session_params(const Session& s) {
  Params p;
  p.add(s.id)
      .add(s.token_hash)
      .add(s.csrf_hash)
      .add(s.user_id)
      .add(s.created_at)
      .add(s.expires_at)
      .add(s.ended_at)
      .add(s.version);
  return p;
}

RevealGrant read_grant(const Row& row) {
  RevealGrant g;
  g.id = row.uuid(0);
  g.token_hash = row.digest(1);
  g.user_id = row.uuid(2);
  g.what = row.text(3) == "user_service_key" ? RevealedCredential::kUserServiceKey
                                             : RevealedCredential::kOrgApiKey;
  g.subject_id = row.uuid(4);
  g.created_at = row.timestamp(5);
  g.expires_at = row.timestamp(6);
  g.used_at = row.optional_timestamp(7);
  g.version = row.integer(8);
  return g;
}

Params grant_params(const RevealGrant& g) {
  Params p;
  p.add(g.id)
      .add(g.token_hash)
      .add(g.user_id)
      .add(to_string(g.what))
      .add(g.subject_id)
      .add(g.created_at)
      .add(g.expires_at)
      .add(g.used_at)
      .add(g.version);
  return p;
}

SystemSettings read_settings(const Row& row) {
  SystemSettings s;
  const auto i = [&](int c) { return static_cast<int>(row.integer(c)); };
  s.org_api_key = KeyPolicy{i(0), i(1), i(2), i(3)};
  s.application_key = KeyPolicy{i(4), i(5), i(6), i(7)};
  s.mask_invalid_ips = row.boolean(8);
  s.email_key_in_message = row.boolean(9);
  s.version = row.integer(10);
  return s;
}

Params settings_params(const SystemSettings& s) {
  Params p;
  p.add(s.org_api_key.length)
      .add(s.org_api_key.min_numerals)
      .add(s.org_api_key.min_upper)
      .add(s.org_api_key.min_lower)
      .add(s.application_key.length)
      .add(s.application_key.min_numerals)
      .add(s.application_key.min_upper)
      .add(s.application_key.min_lower)
      .add(s.mask_invalid_ips)
      .add(s.email_key_in_message)
      .add(s.version);
  return p;
}

AuditEvent read_audit(const Row& row) {
  AuditEvent e;
  e.id = row.integer(0);
  e.at = row.timestamp(1);
  e.actor = row.text(2);
  if (!row.is_null(3)) e.org_id = row.uuid(3);
  e.action = row.text(4);
  e.target = row.text(5);
  e.outcome = parse_audit_outcome(row.text(6)).value_or(AuditOutcome::kFailure);
  e.client_ip = row.text(7);
  e.detail = row.text(8);
  return e;
}

Params audit_params(const AuditEvent& e) {
  Params p;
  p.add(e.at)
      .add(e.actor)
      .add(e.org_id)
      .add(e.action)
      .add(e.target)
      .add(to_string(e.outcome))
      .add(e.client_ip)
      .add(e.detail);
  return p;
}

}  // namespace keyward::store::postgres

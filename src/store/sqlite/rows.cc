#include "store/sqlite/rows.h"

#include <algorithm>

#include "store/controls_columns.h"
#include "store/tag_list.h"

namespace keyward::store::sqlite {
namespace {

Digest read_digest(const Statement& row, int column) {
  Digest d{};
  const auto bytes = row.blob(column);
  std::copy_n(bytes.begin(), std::min(bytes.size(), d.size()), d.begin());
  return d;
}

}  // namespace

Organization read_organization(const Statement& row) {
  Organization org;
  org.id = row.uuid(0);
  org.name = row.text(1);
  org.api_key = {read_digest(row, 2), row.blob(3)};
  org.api_key_enabled = row.integer(4) != 0;
  org.agent_username = row.text(5);
  org.agent_key = {read_digest(row, 6), row.blob(7)};
  org.created_at = row.timestamp(8);
  org.version = row.integer(9);
  org.previous_api_key = row.optional_digest(10);
  org.previous_agent_key = row.optional_digest(11);
  org.lifecycle.reminder_days = decode_reminder_days(row.text(12));
  if (!row.is_null(13)) org.lifecycle.unused_key_days = static_cast<int>(row.integer(13));
  return org;
}

void bind_organization(Statement& st, const Organization& org) {
  st.bind(1, org.id)
      .bind(2, std::string_view(org.name))
      .bind(3, std::span<const std::uint8_t>(org.api_key.lookup))
      .bind(4, std::span<const std::uint8_t>(org.api_key.sealed))
      .bind(5, org.api_key_enabled)
      .bind(6, std::string_view(org.agent_username))
      .bind(7, std::span<const std::uint8_t>(org.agent_key.lookup))
      .bind(8, std::span<const std::uint8_t>(org.agent_key.sealed))
      .bind(9, org.created_at)
      .bind(10, org.version)
      .bind(11, org.previous_api_key)
      .bind(12, org.previous_agent_key)
      .bind(13, std::string_view(encode_reminder_days(org.lifecycle.reminder_days)))
      .bind(14, org.lifecycle.unused_key_days);
}

User read_user(const Statement& row) {
  User user;
  user.id = row.uuid(0);
  user.username = row.text(1);
  user.password_hash = row.text(2);
  user.service_key = {read_digest(row, 3), row.blob(4)};
  user.system_admin = row.integer(5) != 0;
  user.failed_logins = static_cast<int>(row.integer(6));
  user.locked_until = row.optional_timestamp(7);
  user.created_at = row.timestamp(8);
  user.version = row.integer(9);
  user.previous_service_key = row.optional_digest(10);
  user.password_change_required = row.integer(11) != 0;
  return user;
}

void bind_user(Statement& st, const User& user) {
  st.bind(1, user.id)
      .bind(2, std::string_view(user.username))
      .bind(3, std::string_view(user.password_hash))
      .bind(4, std::span<const std::uint8_t>(user.service_key.lookup))
      .bind(5, std::span<const std::uint8_t>(user.service_key.sealed))
      .bind(6, user.system_admin)
      .bind(7, user.failed_logins)
      .bind(8, user.locked_until)
      .bind(9, user.created_at)
      .bind(10, user.version)
      .bind(11, user.previous_service_key)
      .bind(12, user.password_change_required);
}

NamedKey read_key(const Statement& row) {
  NamedKey key;
  key.id = row.uuid(0);
  key.org_id = row.uuid(1);
  key.name = row.text(2);
  key.kind = parse_key_kind(row.text(3)).value_or(KeyKind::kSecret);
  key.scopes = Scopes{static_cast<std::uint8_t>(row.integer(4))};
  key.token_hash = read_digest(row, 5);
  key.public_token = row.text(6);
  key.hint = row.text(7);
  key.created_at = row.timestamp(8);
  key.expires_at = row.optional_timestamp(9);
  key.grace_ends_at = row.optional_timestamp(10);
  key.revoked_at = row.optional_timestamp(11);
  key.last_used_at = row.optional_timestamp(12);
  if (!row.is_null(13)) key.rolled_from = row.uuid(13);
  key.version = row.integer(14);
  key.disabled_at = row.optional_timestamp(15);
  if (!row.is_null(17)) key.created_by = row.uuid(17);
  key.controls = controls_of_row(
      row.text(16), row.is_null(18) ? std::nullopt : std::optional<std::int64_t>(row.integer(18)),
      row.optional_timestamp(19));
  return key;
}

void bind_key(Statement& st, const NamedKey& key) {
  st.bind(1, key.id)
      .bind(2, key.org_id)
      .bind(3, std::string_view(key.name))
      .bind(4, to_string(key.kind))
      .bind(5, std::int64_t{key.scopes.bits()})
      .bind(6, std::span<const std::uint8_t>(key.token_hash));
  if (key.public_token.empty()) {
    st.bind_null(7);
  } else {
    st.bind(7, std::string_view(key.public_token));
  }
  st.bind(8, std::string_view(key.hint))
      .bind(9, key.created_at)
      .bind(10, key.expires_at)
      .bind(11, key.grace_ends_at)
      .bind(12, key.revoked_at)
      .bind(13, key.last_used_at)
      .bind(14, key.rolled_from)
      .bind(15, key.version)
      .bind(16, key.disabled_at)
      .bind(17, std::string_view(encode_controls(key.controls)))
      .bind(18, key.created_by);
}

Application read_application(const Statement& row) {
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
  app.archived = row.integer(10) != 0;
  app.key_sealed = row.blob(11);
  return app;
}

void bind_application(Statement& st, const Application& app) {
  st.bind(1, app.id)
      .bind(2, app.org_id)
      .bind(3, std::string_view(app.name))
      .bind(4, std::string_view(app.language))
      .bind(5, app.created_at)
      .bind(6, app.last_seen_at)
      .bind(7, app.version)
      .bind(8, std::string_view(app.path))
      .bind(9, app.importance)
      .bind(10, std::string_view(join_tags(app.tags)))
      .bind(11, app.archived)
      .bind(12, std::span<const std::uint8_t>(app.key_sealed));
}

Session read_session(const Statement& row) {
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

void bind_session(Statement& st, const Session& s) {
  st.bind(1, s.id)
      .bind(2, s.token_hash)
      .bind(3, s.csrf_hash)
      .bind(4, s.user_id)
      .bind(5, s.created_at)
      .bind(6, s.expires_at)
      .bind(7, s.ended_at)
      .bind(8, s.version);
}

RevealGrant read_grant(const Statement& row) {
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

void bind_grant(Statement& st, const RevealGrant& g) {
  st.bind(1, g.id)
      .bind(2, g.token_hash)
      .bind(3, g.user_id)
      .bind(4, to_string(g.what))
      .bind(5, g.subject_id)
      .bind(6, g.created_at)
      .bind(7, g.expires_at)
      .bind(8, g.used_at)
      .bind(9, g.version);
}

SystemSettings read_settings(const Statement& row) {
  SystemSettings s;
  const auto i = [&](int c) { return static_cast<int>(row.integer(c)); };
  s.org_api_key = KeyPolicy{i(0), i(1), i(2), i(3)};
  s.application_key = KeyPolicy{i(4), i(5), i(6), i(7)};
  s.mask_invalid_ips = row.integer(8) != 0;
  s.email_key_in_message = row.integer(9) != 0;
  s.version = row.integer(10);
  return s;
}

void bind_settings(Statement& st, const SystemSettings& s) {
  st.bind(1, s.org_api_key.length)
      .bind(2, s.org_api_key.min_numerals)
      .bind(3, s.org_api_key.min_upper)
      .bind(4, s.org_api_key.min_lower)
      .bind(5, s.application_key.length)
      .bind(6, s.application_key.min_numerals)
      .bind(7, s.application_key.min_upper)
      .bind(8, s.application_key.min_lower)
      .bind(9, s.mask_invalid_ips)
      .bind(10, s.email_key_in_message)
      .bind(11, s.version);
}

AuditEvent read_audit(const Statement& row) {
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

void bind_audit(Statement& st, const AuditEvent& e) {
  st.bind(1, e.at)
      .bind(2, std::string_view(e.actor))
      .bind(3, e.org_id)
      .bind(4, std::string_view(e.action))
      .bind(5, std::string_view(e.target))
      .bind(6, to_string(e.outcome))
      .bind(7, std::string_view(e.client_ip))
      .bind(8, std::string_view(e.detail));
}

Trace read_trace(const Statement& row) {
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

void bind_trace(Statement& st, const Trace& t) {
  st.bind(1, t.id)
      .bind(2, t.org_id)
      .bind(3, t.app_id)
      .bind(4, std::string_view(t.title))
      .bind(5, std::string_view(t.rule_name))
      .bind(6, static_cast<int>(t.severity))
      .bind(7, static_cast<int>(t.status))
      .bind(8, std::string_view(t.hash))
      .bind(9, std::string_view(t.category))
      .bind(10, std::string_view(t.confidence))
      .bind(11, std::string_view(t.impact))
      .bind(12, std::string_view(t.likelihood))
      .bind(13, std::string_view(join_tags(t.tags)))
      .bind(14, t.first_seen_at)
      .bind(15, t.last_seen_at)
      .bind(16, t.times_received)
      .bind(17, t.version);
}

}  // namespace keyward::store::sqlite

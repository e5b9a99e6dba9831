#include "api/views.h"

#include <boost/json.hpp>

namespace keyward::api {

boost::json::value time_or_null(const std::optional<Timestamp>& t) {
  if (!t) return nullptr;
  return boost::json::string(format_rfc3339(*t));
}

std::string masked(std::string_view secret, bool administrator) {
  if (!administrator || secret.size() < 12) return "****";
  return "****" + std::string(secret.substr(secret.size() - 4));
}

boost::json::object audit_page(const std::vector<AuditEvent>& events, std::size_t limit) {
  boost::json::array items;
  for (const auto& e : events) {
    items.push_back(boost::json::object{
        {"id", e.id},
        {"at", format_rfc3339(e.at)},
        {"actor", e.actor},
        {"org_id", e.org_id ? boost::json::value(e.org_id->to_string()) : nullptr},
        {"action", e.action},
        {"target", e.target},
        {"outcome", to_string(e.outcome)},
        {"client_ip", e.client_ip},
        {"detail", e.detail}});
  }
  boost::json::value next = nullptr;
  if (events.size() == limit && !events.empty()) next = events.back().id;
  return {{"events", std::move(items)}, {"next_before", std::move(next)}};
}

boost::json::object organization_view(const Organization& org) {
  return {{"id", org.id.to_string()},
          {"name", org.name},
          {"agent_username", org.agent_username},
          {"api_key_enabled", org.api_key_enabled},
          {"created_at", format_rfc3339(org.created_at)}};
}

boost::json::object member_view(const User& user, const Uuid& org_id, Timestamp now) {
  const bool locked = user.locked_at(now);
  return {{"user_id", user.id.to_string()},
          {"username", user.username},
          {"role", to_string(user.role_in(org_id).value_or(Role::kMember))},
          {"system_admin", user.system_admin},
          {"locked", locked},
          {"locked_until", locked ? time_or_null(user.locked_until) : nullptr},
          {"failed_sign_ins", user.failed_logins},
          {"password_change_required", user.password_change_required},
          {"created_at", format_rfc3339(user.created_at)}};
}

boost::json::object key_policy_view(const KeyPolicy& p) {
  return {{"length", p.length},
          {"min_numerals", p.min_numerals},
          {"min_upper", p.min_upper},
          {"min_lower", p.min_lower}};
}

boost::json::object key_view(const NamedKey& key, Timestamp now) {
  boost::json::array scopes;
  for (const auto& s : key.scopes.names()) scopes.emplace_back(s);
  for (const auto& s : key.controls.scopes) scopes.emplace_back(s);
  boost::json::array rate_limits;
  for (const auto& r : key.controls.rate_limits) {
    rate_limits.push_back({{"limit", r.limit}, {"window_seconds", r.window_seconds}});
  }
  boost::json::value credits = nullptr;
  if (const auto& c = key.controls.credits) {
    boost::json::object o{{"remaining", c->remaining}};
    o["refill"] =
        c->refill
            ? boost::json::value(boost::json::object{
                  {"amount", c->refill->amount}, {"interval_seconds", c->refill->interval_seconds}})
            : boost::json::value(nullptr);
    credits = std::move(o);
  }
  boost::json::array allowed_ips;
  for (const auto& n : key.controls.allowed_ips) allowed_ips.emplace_back(n.to_string());
  boost::json::object out{
      {"id", key.id.to_string()},
      {"org_id", key.org_id.to_string()},
      {"name", key.name},
      {"kind", to_string(key.kind)},
      {"scopes", std::move(scopes)},
      {"rate_limits", std::move(rate_limits)},
      {"credits", std::move(credits)},
      {"allowed_ips", std::move(allowed_ips)},
      {"status", to_string(key.status_at(now))},
      {"hint", key.hint},
      {"created_at", format_rfc3339(key.created_at)},
      {"expires_at", time_or_null(key.expires_at)},
      {"grace_ends_at", time_or_null(key.grace_ends_at)},
      {"disabled_at", time_or_null(key.disabled_at)},
      {"last_used_at", time_or_null(key.last_used_at)},
      {"rolled_from", key.rolled_from ? boost::json::value(key.rolled_from->to_string())
                                      : boost::json::value(nullptr)}};
  if (key.kind == KeyKind::kPublic) out["token"] = key.public_token;
  return out;
}

boost::json::object webhook_view(const WebhookEndpoint& e) {
  boost::json::array events;
  for (const auto& name : e.events.names()) events.emplace_back(name);
  return {{"id", e.id.to_string()},
          {"url", e.url},
          {"events", std::move(events)},
          {"created_at", format_rfc3339(e.created_at)}};
}

boost::json::object webhook_attempt_view(const WebhookAttempt& a) {
  return {{"id", a.id},
          {"event_id", a.event_id.to_string()},
          {"type", to_string(a.type)},
          {"attempt", a.attempt},
          {"at", format_rfc3339(a.at)},
          {"status", to_string(a.outcome)},
          {"response_code",
           a.response_code ? boost::json::value(*a.response_code) : boost::json::value(nullptr)},
          {"error", a.error},
          {"next_attempt_at", time_or_null(a.next_attempt_at)}};
}

}  // namespace keyward::api

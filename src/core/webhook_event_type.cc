#include "core/webhook_event_type.h"

namespace keyward {

std::string_view to_string(WebhookEventType type) {
  switch (type) {
    case WebhookEventType::kKeyCreated:
      return "key.created";
    case WebhookEventType::kKeyRolled:
      return "key.rolled";
    case WebhookEventType::kKeyDeleted:
      return "key.deleted";
    case WebhookEventType::kKeyDisabled:
      return "key.disabled";
    case WebhookEventType::kKeyExpiring:
      return "key.expiring";
    case WebhookEventType::kKeyExpired:
      return "key.expired";
    case WebhookEventType::kKeyLeaked:
      return "key.leaked";
    case WebhookEventType::kApiKeyRotated:
      return "api_key.rotated";
    case WebhookEventType::kAgentKeyRotated:
      return "agent_key.rotated";
  }
  return "unknown";
}

std::optional<WebhookEventType> parse_webhook_event_type(std::string_view name) {
  for (const auto type : kWebhookEventTypes) {
    if (to_string(type) == name) return type;
  }
  return std::nullopt;
}

std::vector<std::string> WebhookEventSet::names() const {
  std::vector<std::string> out;
  for (const auto type : kWebhookEventTypes) {
    if (contains(type)) out.emplace_back(to_string(type));
  }
  return out;
}

std::optional<WebhookEventSet> WebhookEventSet::parse(const std::vector<std::string>& names,
                                                      std::string* unknown) {
  WebhookEventSet set;
  for (const auto& name : names) {
    const auto type = parse_webhook_event_type(name);
    if (!type) {
      if (unknown) *unknown = name;
      return std::nullopt;
    }
    set.add(*type);
  }
  return set;
}

}  // namespace keyward

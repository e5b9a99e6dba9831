// The lifecycle events an organization's webhook endpoints may subscribe to.
//
// Each type has a bit: an endpoint's subscriptions are stored as the OR of its types' bits, so a
// bit is persisted and must never be reused for another type.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keyward {

enum class WebhookEventType : std::uint8_t {
  kKeyCreated,
  kKeyRolled,
  kKeyDeleted,
  kKeyDisabled,
  kKeyExpiring,
  kKeyExpired,
  kKeyLeaked,
  kApiKeyRotated,
  kAgentKeyRotated,
};

inline constexpr std::array kWebhookEventTypes{
    WebhookEventType::kKeyCreated,      WebhookEventType::kKeyRolled,
    WebhookEventType::kKeyDeleted,      WebhookEventType::kKeyDisabled,
    WebhookEventType::kKeyExpiring,     WebhookEventType::kKeyExpired,
    WebhookEventType::kKeyLeaked,       WebhookEventType::kApiKeyRotated,
    WebhookEventType::kAgentKeyRotated,
};

// "key.created", "api_key.rotated", ...
std::string_view to_string(WebhookEventType type);
std::optional<WebhookEventType> parse_webhook_event_type(std::string_view name);

constexpr std::int64_t event_bit(WebhookEventType type) {
  return std::int64_t{1} << static_cast<int>(type);
}

// A set of event types, as an endpoint subscribes to them.
class WebhookEventSet {
 public:
  constexpr WebhookEventSet() = default;
  constexpr explicit WebhookEventSet(std::int64_t bits) : bits_(bits) {}

  void add(WebhookEventType type) { bits_ |= event_bit(type); }
  constexpr bool contains(WebhookEventType type) const { return (bits_ & event_bit(type)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr std::int64_t bits() const { return bits_; }

  std::vector<std::string> names() const;  // in the order of kWebhookEventTypes
  // nullopt, and the first unknown name in `unknown`, when a name is not an event type.
  static std::optional<WebhookEventSet> parse(const std::vector<std::string>& names,
                                              std::string* unknown = nullptr);

  constexpr bool operator==(const WebhookEventSet&) const = default;

 private:
  std::int64_t bits_ = 0;
};

}  // namespace keyward

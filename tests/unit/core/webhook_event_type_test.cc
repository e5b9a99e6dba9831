#include "core/webhook_event_type.h"

#include <set>

#include <gtest/gtest.h>

namespace keyward {
namespace {

TEST(WebhookEventTypeTest, EveryTypeHasTheNameSubscribersUseAndBackAgain) {
  const std::vector<std::string> names{"key.created",  "key.rolled",      "key.deleted",
                                       "key.disabled", "key.expiring",    "key.expired",
                                       "key.leaked",   "api_key.rotated", "agent_key.rotated"};
  ASSERT_EQ(kWebhookEventTypes.size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(to_string(kWebhookEventTypes[i]), names[i]);
    EXPECT_EQ(parse_webhook_event_type(names[i]), kWebhookEventTypes[i]);
  }
  EXPECT_FALSE(parse_webhook_event_type("key.enabled"));
  EXPECT_FALSE(parse_webhook_event_type("KEY.CREATED"));
  EXPECT_FALSE(parse_webhook_event_type(""));
}

// The bits are stored: changing one would change what existing endpoints receive.
TEST(WebhookEventTypeTest, BitsAreStableAndDistinct) {
  EXPECT_EQ(event_bit(WebhookEventType::kKeyCreated), 1);
  EXPECT_EQ(event_bit(WebhookEventType::kAgentKeyRotated), 256);
  std::set<std::int64_t> bits;
  for (const auto t : kWebhookEventTypes) bits.insert(event_bit(t));
  EXPECT_EQ(bits.size(), kWebhookEventTypes.size());
}

TEST(WebhookEventTypeTest, ASetParsesNamesAndNamesTheFirstUnknownOne) {
  std::string unknown;
  const auto set = WebhookEventSet::parse({"key.leaked", "key.created", "key.created"}, &unknown);
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->contains(WebhookEventType::kKeyCreated));
  EXPECT_TRUE(set->contains(WebhookEventType::kKeyLeaked));
  EXPECT_FALSE(set->contains(WebhookEventType::kKeyDeleted));
  EXPECT_EQ(set->names(), (std::vector<std::string>{"key.created", "key.leaked"}));
  EXPECT_EQ(WebhookEventSet(set->bits()), *set);

  EXPECT_FALSE(WebhookEventSet::parse({"key.created", "key.exploded", "nope"}, &unknown));
  EXPECT_EQ(unknown, "key.exploded");
  EXPECT_TRUE(WebhookEventSet::parse({})->empty());
}

}  // namespace
}  // namespace keyward

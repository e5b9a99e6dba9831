#include "service/webhook_events.h"

#include <boost/json.hpp>

namespace keyward::service {

void raise_event(store::WriteBatch& batch, const ServiceContext& ctx, WebhookEventType type,
                 const Uuid& org_id, boost::json::object data) {
  WebhookEvent event;
  event.id = Uuid::random(ctx.random);
  event.org_id = org_id;
  event.type = type;
  event.created_at = ctx.clock.now();
  data["org_id"] = org_id.to_string();
  event.payload =
      boost::json::serialize(boost::json::object{{"type", to_string(type)},
                                                 {"timestamp", format_rfc3339(event.created_at)},
                                                 {"data", std::move(data)}});
  batch.webhook_events.push_back(std::move(event));
}

boost::json::object key_event_data(const NamedKey& key) {
  boost::json::object data{{"key_id", key.id.to_string()},
                           {"name", key.name},
                           {"kind", to_string(key.kind)},
                           {"hint", key.hint},
                           {"created_at", format_rfc3339(key.created_at)}};
  data["expires_at"] = key.expires_at ? boost::json::value(format_rfc3339(*key.expires_at))
                                      : boost::json::value(nullptr);
  return data;
}

void raise_key_event(store::WriteBatch& batch, const ServiceContext& ctx, WebhookEventType type,
                     const NamedKey& key, boost::json::object extra) {
  boost::json::object data = key_event_data(key);
  for (auto& [name, value] : extra) data[name] = std::move(value);
  raise_event(batch, ctx, type, key.org_id, std::move(data));
}

}  // namespace keyward::service

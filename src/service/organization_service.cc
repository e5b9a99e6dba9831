#include "service/organization_service.h"

#include "core/key_policy.h"
#include "core/text_rules.h"
#include "service/credential_context.h"
#include "service/webhook_events.h"

namespace keyward::service {
namespace {

constexpr size_t kMaxAgentSlugLength = 40;

std::string org_target(const Uuid& org_id) { return "org:" + org_id.to_string(); }

}  // namespace

std::string make_agent_username(const Uuid& org_id, std::string_view org_name) {
  std::string slug;
  for (char c : org_name) {
    if (slug.size() >= kMaxAgentSlugLength) break;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug += c;
    } else if (c >= 'A' && c <= 'Z') {
      slug += static_cast<char>(c - 'A' + 'a');
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.empty()) slug = "org";
  return "agent_" + org_id.to_string().substr(0, 8) + "@" + slug;
}

Result<CreatedOrganization> OrganizationService::make(const std::string& name) {
  if (auto s = check_name("name", name); !s) return fail(s.error());
  CreatedOrganization created;
  Organization& org = created.org;
  org.id = Uuid::random(ctx_.random);
  org.name = name;
  org.created_at = ctx_.clock.now();
  created.api_key = generate_policy_key(ctx_.settings.get().org_api_key, ctx_.random);
  org.api_key = ctx_.protector.protect(created.api_key, org_api_key_context(org.id));
  org.api_key_enabled = true;
  org.agent_username = make_agent_username(org.id, name);
  created.agent_service_key = generate_policy_key(kDefaultKeyPolicy, ctx_.random);
  org.agent_key = ctx_.protector.protect(created.agent_service_key, agent_key_context(org.id));

  auto key = make_key(ctx_, org.id, NewKey{"Default API Key", KeyKind::kPublic, {}, {}});
  if (!key) return fail(key.error());
  created.default_public_key = std::move(*key);
  return created;
}

Result<CreatedOrganization> OrganizationService::create(const Actor& actor,
                                                        const std::string& name) {
  auto created = make(name);
  if (!created) return created;
  store::WriteBatch batch;
  batch.organizations.push_back(created->org);
  batch.keys.push_back(created->default_public_key.key);
  batch.audit.push_back(
      audit_event(actor, ctx_.clock, created->org.id, "org.create", org_target(created->org.id)));
  if (auto s = ctx_.commit(batch); !s) return fail(s.error());
  return created;
}

Result<Organization> OrganizationService::get(const Uuid& org_id) {
  return ctx_.store.get_organization(org_id);
}

Result<std::vector<Organization>> OrganizationService::list(std::string_view search) {
  auto orgs = ctx_.store.list_organizations();
  if (!orgs || search.empty()) return orgs;
  const std::string needle = ascii_lowercase(search);
  std::erase_if(*orgs, [&](const Organization& org) {
    return ascii_lowercase(org.id.to_string()) != needle &&
           ascii_lowercase(org.name).find(needle) == std::string::npos;
  });
  return orgs;
}

Result<OrganizationCredentials> OrganizationService::reveal_credentials(const Uuid& org_id) {
  auto org = ctx_.store.get_organization(org_id);
  if (!org) return fail(org.error());
  auto api_key = ctx_.protector.reveal(org->api_key, org_api_key_context(org->id));
  if (!api_key) return fail(api_key.error());
  auto agent_key = ctx_.protector.reveal(org->agent_key, agent_key_context(org->id));
  if (!agent_key) return fail(agent_key.error());
  return OrganizationCredentials{std::move(*api_key), org->agent_username, std::move(*agent_key)};
}

Status OrganizationService::replace_api_key(const Actor& actor, const Uuid& org_id,
                                            const std::string& value, const std::string& action) {
  return retry_on_race([&]() -> Status {
    auto org = ctx_.store.get_organization(org_id);
    if (!org) return fail(org.error());
    org->previous_api_key = org->api_key.lookup;
    org->api_key = ctx_.protector.protect(value, org_api_key_context(org->id));
    org->version += 1;
    store::WriteBatch batch;
    batch.organizations.push_back(*org);
    batch.audit.push_back(audit_event(actor, ctx_.clock, org_id, action, org_target(org_id)));
    // A value chosen by hand replaces the key as surely as a generated one.
    raise_event(batch, ctx_, WebhookEventType::kApiKeyRotated, org_id,
                {{"chosen", action == "org.api_key.set"}});
    return ctx_.commit(batch);
  });
}

Result<std::string> OrganizationService::rotate_api_key(const Actor& actor, const Uuid& org_id) {
  std::string key = generate_policy_key(ctx_.settings.get().org_api_key, ctx_.random);
  if (auto s = replace_api_key(actor, org_id, key, "org.api_key.rotate"); !s) {
    return fail(s.error());
  }
  return key;
}

Status OrganizationService::set_api_key(const Actor& actor, const Uuid& org_id,
                                        const std::string& value) {
  auto broken = policy_violations(ctx_.settings.get().org_api_key, value);
  if (!broken.empty()) {
    // Built before `broken` is moved: argument evaluation order is unspecified.
    std::string message = "the API key does not satisfy the key policy; it " + broken.front() +
                          (broken.size() > 1 ? ", and more (see details)" : "");
    return fail(Errc::kPolicyViolation, std::move(message), std::move(broken));
  }
  // Taken now, or once: refused alike, and before anything is written. A race with another
  // organization setting the same value meets the store's uniqueness rule instead.
  const Digest lookup = ctx_.protector.lookup_hash(value);
  if (ctx_.index.find_org_by_api_key(lookup) || ctx_.index.find_retired(lookup)) {
    return fail(unusable_value());
  }
  auto s = replace_api_key(actor, org_id, value, "org.api_key.set");
  if (!s && s.error().code == Errc::kAlreadyExists) return fail(unusable_value());
  return s;
}

Error unusable_value() {
  return Error{
      Errc::kPolicyViolation, "this value cannot be used as an API key; choose another", {}};
}

Status OrganizationService::set_api_key_enabled(const Actor& actor, const Uuid& org_id,
                                                bool enabled) {
  return retry_on_race([&]() -> Status {
    auto org = ctx_.store.get_organization(org_id);
    if (!org) return fail(org.error());
    org->api_key_enabled = enabled;
    org->version += 1;
    store::WriteBatch batch;
    batch.organizations.push_back(*org);
    batch.audit.push_back(audit_event(actor, ctx_.clock, org_id,
                                      enabled ? "org.api_key.enable" : "org.api_key.disable",
                                      org_target(org_id)));
    return ctx_.commit(batch);
  });
}

Result<LifecycleSettings> OrganizationService::set_lifecycle(const Actor& actor, const Uuid& org_id,
                                                             const LifecycleUpdate& update) {
  return retry_on_race([&]() -> Result<LifecycleSettings> {
    auto org = ctx_.store.get_organization(org_id);
    if (!org) return fail(org.error());
    LifecycleSettings next = org->lifecycle;
    if (update.reminder_days) next.reminder_days = *update.reminder_days;
    if (update.unused_key_days) next.unused_key_days = *update.unused_key_days;
    if (auto s = check_lifecycle_settings(next); !s) return fail(s.error());
    next.reminder_days = normalized_reminder_days(std::move(next.reminder_days));
    if (next == org->lifecycle) return next;
    org->lifecycle = next;
    org->version += 1;
    store::WriteBatch batch;
    batch.organizations.push_back(*org);
    const std::string detail =
        "reminder_days [" + encode_reminder_days(next.reminder_days) + "], unused_key_days " +
        (next.unused_key_days ? std::to_string(*next.unused_key_days) : std::string("off"));
    batch.audit.push_back(audit_event(actor, ctx_.clock, org_id, "org.settings.update",
                                      org_target(org_id), AuditOutcome::kSuccess, detail));
    if (auto s = ctx_.commit(batch); !s) return fail(s.error());
    return next;
  });
}

Result<std::string> OrganizationService::rotate_agent_key(const Actor& actor, const Uuid& org_id) {
  const std::string key = generate_policy_key(kDefaultKeyPolicy, ctx_.random);
  auto done = retry_on_race([&]() -> Status {
    auto org = ctx_.store.get_organization(org_id);
    if (!org) return fail(org.error());
    org->previous_agent_key = org->agent_key.lookup;
    org->agent_key = ctx_.protector.protect(key, agent_key_context(org->id));
    org->version += 1;
    store::WriteBatch batch;
    batch.organizations.push_back(*org);
    batch.audit.push_back(
        audit_event(actor, ctx_.clock, org_id, "org.agent_key.rotate", org_target(org_id)));
    raise_event(batch, ctx_, WebhookEventType::kAgentKeyRotated, org_id,
                {{"agent_username", org->agent_username}});
    return ctx_.commit(batch);
  });
  if (!done) return fail(done.error());
  return key;
}

}  // namespace keyward::service

#include "service/application_service.h"

#include <algorithm>

#include "core/key_policy.h"
#include "core/language.h"
#include "core/text_rules.h"
#include "service/credential_context.h"

namespace keyward::service {
Result<std::vector<std::string>> clean_tags(const std::vector<std::string>& tags) {
  std::vector<std::string> out;
  for (const auto& tag : tags) {
    if (auto s = check_text("tag", tag, kMaxTagLength, true); !s) return fail(s.error());
    if (std::ranges::find(out, tag) == out.end()) out.push_back(tag);
  }
  if (out.size() > kMaxTags) {
    return fail(Errc::kInvalidArgument, "at most " + std::to_string(kMaxTags) + " tags");
  }
  return out;
}

Result<RegisteredApplication> ApplicationService::register_application(
    const Actor& actor, const Uuid& org_id, const ApplicationRegistration& spec) {
  if (auto s = check_name("name", spec.name); !s) return fail(s.error());
  const std::string language = canonical_language(spec.language);
  if (auto s = check_text("language", language, kMaxLanguageLength, true); !s) {
    return fail(s.error());
  }
  if (auto s = check_text("path", spec.path, kMaxPathLength, false); !s) return fail(s.error());
  auto tags = clean_tags(spec.tags);
  if (!tags) return fail(tags.error());
  if (spec.importance && (*spec.importance < kMinImportance || *spec.importance > kMaxImportance)) {
    return fail(Errc::kInvalidArgument, "importance must be between " +
                                            std::to_string(kMinImportance) + " and " +
                                            std::to_string(kMaxImportance));
  }

  return retry_on_race([&]() -> Result<RegisteredApplication> {
    const Timestamp now = ctx_.clock.now();
    auto existing = ctx_.store.find_application(org_id, spec.name, language);
    if (!existing && existing.error().code != Errc::kNotFound) return fail(existing.error());
    RegisteredApplication out;
    if (existing) {
      out.app = std::move(*existing);
      out.app.version += 1;
    } else {
      out.created = true;
      out.app.id = Uuid::random(ctx_.random);
      out.app.org_id = org_id;
      out.app.name = spec.name;
      out.app.language = language;
      out.app.created_at = now;
      out.app.key_sealed =
          ctx_.protector
              .protect(generate_policy_key(ctx_.settings.get().application_key, ctx_.random),
                       application_key_context(out.app.id))
              .sealed;
    }
    out.app.last_seen_at = now;
    if (!spec.path.empty()) out.app.path = spec.path;
    if (!tags->empty()) out.app.tags = *tags;
    if (spec.importance) out.app.importance = *spec.importance;
    store::WriteBatch batch;
    batch.applications.push_back(out.app);
    if (out.created) {
      batch.audit.push_back(audit_event(actor, ctx_.clock, org_id, "application.register",
                                        "application:" + out.app.id.to_string(),
                                        AuditOutcome::kSuccess,
                                        out.app.name + " (" + out.app.language + ")"));
    }
    if (auto s = ctx_.commit(batch); !s) return fail(s.error());
    return out;
  });
}

Status ApplicationService::heartbeat(const Uuid& org_id, const Uuid& app_id) {
  return retry_on_race([&]() -> Status {
    auto app = get(org_id, app_id);
    if (!app) return fail(app.error());
    app->last_seen_at = ctx_.clock.now();
    app->version += 1;
    store::WriteBatch batch;
    batch.applications.push_back(*app);
    return ctx_.commit(batch);
  });
}

Result<Application> ApplicationService::get(const Uuid& org_id, const Uuid& app_id) {
  auto app = ctx_.store.get_application(app_id);
  if (!app) return app;
  if (app->org_id != org_id) return fail(Errc::kNotFound, "application not found");
  return app;
}

Result<std::optional<std::string>> ApplicationService::reveal_key(const Uuid& org_id,
                                                                  const Uuid& app_id) {
  auto app = get(org_id, app_id);
  if (!app) return fail(app.error());
  if (app->key_sealed.empty()) return std::optional<std::string>();
  auto key =
      ctx_.protector.reveal(ProtectedSecret{{}, app->key_sealed}, application_key_context(app->id));
  if (!key) return fail(key.error());
  return std::optional<std::string>(std::move(*key));
}

Status ApplicationService::replace_key(const Actor& actor, const Uuid& org_id, const Uuid& app_id,
                                       const std::string& value, const std::string& action) {
  return retry_on_race([&]() -> Status {
    auto app = get(org_id, app_id);
    if (!app) return fail(app.error());
    app->key_sealed = ctx_.protector.protect(value, application_key_context(app->id)).sealed;
    app->version += 1;
    store::WriteBatch batch;
    batch.applications.push_back(*app);
    batch.audit.push_back(
        audit_event(actor, ctx_.clock, org_id, action, "application:" + app_id.to_string()));
    return ctx_.commit(batch);
  });
}

Result<std::string> ApplicationService::rotate_key(const Actor& actor, const Uuid& org_id,
                                                   const Uuid& app_id) {
  std::string key = generate_policy_key(ctx_.settings.get().application_key, ctx_.random);
  if (auto s = replace_key(actor, org_id, app_id, key, "application.key.rotate"); !s) {
    return fail(s.error());
  }
  return key;
}

Status ApplicationService::set_key(const Actor& actor, const Uuid& org_id, const Uuid& app_id,
                                   const std::string& value) {
  auto broken = policy_violations(ctx_.settings.get().application_key, value);
  if (!broken.empty()) {
    // Built before `broken` is moved: argument evaluation order is unspecified.
    std::string message = "the application key does not satisfy the key policy; it " +
                          broken.front() + (broken.size() > 1 ? ", and more (see details)" : "");
    return fail(Errc::kPolicyViolation, std::move(message), std::move(broken));
  }
  return replace_key(actor, org_id, app_id, value, "application.key.set");
}

Result<Application> ApplicationService::find(const Uuid& org_id, std::string_view name,
                                             std::string_view language) {
  return ctx_.store.find_application(org_id, name, canonical_language(language));
}

}  // namespace keyward::service

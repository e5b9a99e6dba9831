#include "service/key_service.h"

#include "core/key_token.h"
#include "core/text_rules.h"
#include "service/webhook_events.h"

namespace keyward::service {

Result<IssuedKey> make_key(const ServiceContext& ctx, const Uuid& org_id, const NewKey& spec,
                           const KeyControls& controls) {
  if (auto s = check_name("name", spec.name); !s) return fail(s.error());
  const Timestamp now = ctx.clock.now();
  if (spec.expires_at && *spec.expires_at <= now) {
    return fail(Errc::kInvalidArgument, "expires_at must be in the future");
  }
  const Scopes scopes = spec.scopes.value_or(Scopes::defaults_for(spec.kind));
  if (auto s = check_controls(controls); !s) return fail(s.error());
  const bool own_scopes_only = scopes.bits() == 0 && !controls.scopes.empty();
  if (!own_scopes_only && !scopes.allowed_for(spec.kind)) {
    return fail(Errc::kInvalidArgument, scopes.bits() == 0
                                            ? "scopes must not be empty"
                                            : "a public key may only have the \"read\" scope");
  }
  IssuedKey issued;
  issued.token = generate_key_token(spec.kind, ctx.random);
  NamedKey& key = issued.key;
  key.id = Uuid::random(ctx.random);
  key.org_id = org_id;
  key.name = spec.name;
  key.kind = spec.kind;
  key.scopes = scopes;
  key.token_hash = ctx.protector.lookup_hash(issued.token);
  if (spec.kind == KeyKind::kPublic) key.public_token = issued.token;
  key.hint = key_token_hint(issued.token);
  key.created_at = now;
  key.expires_at = spec.expires_at;
  key.controls = controls;
  if (key.controls.credits) key.controls.credits->set_at = now;
  return issued;
}

namespace {

std::string target(const NamedKey& key) { return "key:" + key.id.to_string(); }
std::string describe(const NamedKey& key) {
  return std::string(to_string(key.kind)) + " key \"" + key.name + "\"";
}

}  // namespace

Result<IssuedKey> KeyService::create(const Actor& actor, const Uuid& org_id, const NewKey& spec,
                                     const KeyControls& controls) {
  auto issued = make_key(ctx_, org_id, spec, controls);
  if (!issued) return issued;
  issued->key.created_by = actor.user_id;
  store::WriteBatch batch;
  batch.keys.push_back(issued->key);
  batch.audit.push_back(audit_event(actor, ctx_.clock, org_id, "key.create", target(issued->key),
                                    AuditOutcome::kSuccess, describe(issued->key)));
  raise_key_event(batch, ctx_, WebhookEventType::kKeyCreated, issued->key);
  if (auto s = ctx_.commit(batch); !s) return fail(s.error());
  return issued;
}

// The store's last use may lag (service/usage_flusher.h); this node's index knows better.
void KeyService::merge_recent_use(NamedKey& key) const {
  const auto seen = ctx_.index.keys().last_used(key.token_hash);
  if (seen && (!key.last_used_at || *key.last_used_at < *seen)) key.last_used_at = seen;
  // The credit count as it stands on this node (the store's lags by a flush).
  if (key.controls.credits && !key.revoked_at) {
    const Timestamp now = ctx_.clock.now();
    ctx_.index.keys().with_controls(key.id, [&](LiveControls& live) {
      key.controls.credits->remaining = live.credits_now(now);
    });
  }
}

Result<NamedKey> KeyService::update(const Actor& actor, const Uuid& org_id, const Uuid& key_id,
                                    const KeyUpdate& update) {
  return retry_on_race([&]() -> Result<NamedKey> {
    auto key = get(org_id, key_id);
    if (!key) return key;
    NamedKey next = *key;
    if (update.name) {
      if (auto s = check_name("name", *update.name); !s) return fail(s.error());
      next.name = *update.name;
    }
    if (update.scopes) next.scopes = *update.scopes;
    if (update.own_scopes) next.controls.scopes = *update.own_scopes;
    if (update.rate_limits) next.controls.rate_limits = *update.rate_limits;
    if (update.allowed_ips) next.controls.allowed_ips = *update.allowed_ips;
    if (update.credits) {
      next.controls.credits = *update.credits;
      if (next.controls.credits) next.controls.credits->set_at = ctx_.clock.now();
    }
    if (auto s = check_controls(next.controls); !s) return fail(s.error());
    const bool own_scopes_only = next.scopes.bits() == 0 && !next.controls.scopes.empty();
    if (!own_scopes_only && !next.scopes.allowed_for(next.kind)) {
      return fail(Errc::kInvalidArgument, next.scopes.bits() == 0
                                              ? "scopes must not be empty"
                                              : "a public key may only have the \"read\" scope");
    }
    next.version += 1;
    store::WriteBatch batch;
    batch.keys.push_back(next);
    batch.audit.push_back(audit_event(actor, ctx_.clock, org_id, "key.update", target(next),
                                      AuditOutcome::kSuccess, describe(next)));
    if (auto s = ctx_.commit(batch); !s) return fail(s.error());
    return next;
  });
}

Result<std::vector<NamedKey>> KeyService::list(const Uuid& org_id) {
  auto keys = ctx_.store.list_keys(org_id);
  if (!keys) return keys;
  std::erase_if(*keys, [](const NamedKey& k) { return k.revoked_at.has_value(); });
  for (auto& key : *keys) merge_recent_use(key);
  return keys;
}

Result<NamedKey> KeyService::get(const Uuid& org_id, const Uuid& key_id) {
  auto key = ctx_.store.get_key(key_id);
  if (!key) return key;
  if (key->org_id != org_id || key->revoked_at) return fail(Errc::kNotFound, "key not found");
  merge_recent_use(*key);
  return key;
}

Result<IssuedKey> KeyService::roll(const Actor& actor, const Uuid& org_id, const Uuid& key_id,
                                   std::chrono::seconds grace,
                                   std::optional<Timestamp> new_expires_at) {
  if (grace < std::chrono::seconds{0} || grace > kMaxRollGrace) {
    return fail(Errc::kInvalidArgument,
                "grace_seconds must be between 0 and " + std::to_string(kMaxRollGrace.count()));
  }
  return retry_on_race([&]() -> Result<IssuedKey> {
    auto old = get(org_id, key_id);
    if (!old) return fail(old.error());
    const Timestamp now = ctx_.clock.now();
    switch (old->status_at(now)) {
      case KeyStatus::kRolling:
        return fail(Errc::kConflict, "this key was already rolled; roll its successor instead");
      case KeyStatus::kExpired:
        return fail(Errc::kConflict, "this key has expired; create a new key instead");
      case KeyStatus::kDisabled:
        return fail(Errc::kConflict, "this key is disabled; enable the key before rolling it");
      case KeyStatus::kRevoked:
        return fail(Errc::kNotFound, "key not found");
      case KeyStatus::kActive:
        break;
    }
    // The successor carries the controls on, its credits with the count as it stands.
    auto successor = make_key(
        ctx_, org_id, NewKey{old->name, old->kind, new_expires_at, old->scopes}, old->controls);
    if (!successor) return successor;
    successor->key.rolled_from = old->id;
    successor->key.created_by = old->created_by;

    NamedKey retired = *old;
    retired.grace_ends_at = now + std::chrono::duration_cast<std::chrono::milliseconds>(grace);
    retired.version += 1;

    store::WriteBatch batch;
    batch.keys = {retired, successor->key};
    batch.audit.push_back(
        audit_event(actor, ctx_.clock, org_id, "key.roll", target(*old), AuditOutcome::kSuccess,
                    describe(*old) + " replaced by key:" + successor->key.id.to_string() +
                        ", grace " + std::to_string(grace.count()) + " s"));
    raise_key_event(batch, ctx_, WebhookEventType::kKeyRolled, retired,
                    {{"successor_id", successor->key.id.to_string()},
                     {"grace_ends_at", format_rfc3339(*retired.grace_ends_at)}});
    if (auto s = ctx_.commit(batch); !s) return fail(s.error());
    return successor;
  });
}

Result<NamedKey> KeyService::set_disabled(const Actor& actor, const Uuid& org_id,
                                          const Uuid& key_id, bool disabled) {
  return change_disabled(actor, org_id, key_id, disabled, nullptr, nullptr);
}

Result<bool> KeyService::disable_unused(const Actor& actor, const Uuid& org_id, const Uuid& key_id,
                                        const KeyReminder& record) {
  bool changed = false;
  auto key = change_disabled(actor, org_id, key_id, true, &record, &changed);
  if (!key) {
    if (key.error().code == Errc::kAlreadyExists) return false;
    return fail(key.error());
  }
  return changed;
}

Result<NamedKey> KeyService::change_disabled(const Actor& actor, const Uuid& org_id,
                                             const Uuid& key_id, bool disabled,
                                             const KeyReminder* record, bool* changed) {
  return retry_on_race([&]() -> Result<NamedKey> {
    auto key = get(org_id, key_id);
    if (!key) return key;
    if (key->disabled_at.has_value() == disabled) return key;
    if (disabled) {
      key->disabled_at = ctx_.clock.now();
    } else {
      key->disabled_at.reset();
    }
    key->version += 1;
    store::WriteBatch batch;
    batch.keys.push_back(*key);
    batch.audit.push_back(audit_event(
        actor, ctx_.clock, org_id, disabled ? "key.disable" : "key.enable", target(*key),
        AuditOutcome::kSuccess, describe(*key) + (record ? ", unused too long" : "")));
    // Enabling again is not a lifecycle event subscribers asked for: there is no key.enabled.
    if (disabled) {
      boost::json::object extra{{"disabled_at", format_rfc3339(*key->disabled_at)}};
      if (record) extra["reason"] = "unused";
      raise_key_event(batch, ctx_, WebhookEventType::kKeyDisabled, *key, std::move(extra));
    }
    if (record) batch.reminders.push_back(*record);
    if (auto s = ctx_.commit(batch); !s) return fail(s.error());
    if (changed) *changed = true;
    return key;
  });
}

Status KeyService::revoke(const Actor& actor, const Uuid& org_id, const Uuid& key_id) {
  return retry_on_race([&]() -> Status {
    auto key = get(org_id, key_id);
    if (!key) return fail(key.error());
    key->revoked_at = ctx_.clock.now();
    key->version += 1;
    store::WriteBatch batch;
    batch.keys.push_back(*key);
    batch.audit.push_back(audit_event(actor, ctx_.clock, org_id, "key.delete", target(*key),
                                      AuditOutcome::kSuccess, describe(*key)));
    raise_key_event(batch, ctx_, WebhookEventType::kKeyDeleted, *key,
                    {{"deleted_at", format_rfc3339(*key->revoked_at)}});
    return ctx_.commit(batch);
  });
}

}  // namespace keyward::service

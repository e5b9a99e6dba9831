// Named keys (public/secret): create, list, get, roll, disable and enable, revoke.
//
// A secret key's token exists in clear only in the IssuedKey returned by create() and roll(); the
// store keeps its HMAC. A public key's token is kept, since it may be shown and published.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/named_key.h"
#include "service/actor.h"
#include "service/service_context.h"

namespace keyward::service {

struct NewKey {
  std::string name;
  KeyKind kind = KeyKind::kSecret;
  std::optional<Timestamp> expires_at;
  std::optional<Scopes> scopes;  // defaults: read for public keys, read+write for secret keys
};

// What a PATCH changes; what is absent stays as it is.
struct KeyUpdate {
  std::optional<std::string> name;
  std::optional<Scopes> scopes;  // with own_scopes: the whole new set
  std::optional<std::vector<std::string>> own_scopes;
  std::optional<std::vector<RateLimit>> rate_limits;
  std::optional<std::optional<Credits>> credits;  // a value sets the count afresh; nullopt inside
                                                  // removes the credits
  std::optional<std::vector<IpNetwork>> allowed_ips;
};

struct IssuedKey {
  NamedKey key;
  std::string token;  // shown once
};

// Builds a key of `org_id` (validated, not yet stored). Used by create() and by organization
// creation for the default public key.
// `controls` are the organization's own scopes, rate limits, credits and allowed networks
// (core/key_controls.h); a key given only scopes of its own holds neither read nor write on
// Keyward's API.
Result<IssuedKey> make_key(const ServiceContext& ctx, const Uuid& org_id, const NewKey& spec,
                           const KeyControls& controls = {});

class KeyService {
 public:
  explicit KeyService(ServiceContext ctx) : ctx_(ctx) {}

  Result<IssuedKey> create(const Actor& actor, const Uuid& org_id, const NewKey& spec,
                           const KeyControls& controls = {});
  // Keys of the organization that are not revoked, oldest first. Both list and get show the
  // latest use this node has seen, which may be newer than the store's.
  Result<std::vector<NamedKey>> list(const Uuid& org_id);
  // kNotFound when the key is revoked or belongs to another organization.
  Result<NamedKey> get(const Uuid& org_id, const Uuid& key_id);
  // Issues a successor with the same name, kind and scopes; the old token keeps working for
  // `grace` (0 ends it at once). kConflict when the key was already rolled, has expired or is
  // disabled.
  Result<IssuedKey> roll(const Actor& actor, const Uuid& org_id, const Uuid& key_id,
                         std::chrono::seconds grace, std::optional<Timestamp> new_expires_at);
  // Disables (`disabled`) or enables the key and returns it. Like revoke(), a disable takes effect
  // on this node once this returns and on every other node as soon as it reads the journal;
  // enabling brings the same token back the same way. Asking for the state the key is already in
  // changes nothing (no new version, no audit record) and returns the key as it is. kNotFound
  // when the key is revoked or another organization's.
  Result<NamedKey> set_disabled(const Actor& actor, const Uuid& org_id, const Uuid& key_id,
                                bool disabled);
  // Disables a key for having gone unused (service/lifecycle_sweeper.h), as set_disabled() would,
  // with `record` (the kUnusedDisabled notice) in the same batch and "reason": "unused" in the
  // key.disabled event. True when this call disabled it; false when it was disabled already or
  // the notice was given already (by another node).
  Result<bool> disable_unused(const Actor& actor, const Uuid& org_id, const Uuid& key_id,
                              const KeyReminder& record);
  // Changes a live key's name and controls (a new version: every node applies it as it reads the
  // journal). Setting credits sets the count afresh. kNotFound for a revoked key or another
  // organization's.
  Result<NamedKey> update(const Actor& actor, const Uuid& org_id, const Uuid& key_id,
                          const KeyUpdate& update);
  // Revokes at once: once this returns, the token fails on this node, and on every other node
  // as soon as it reads the journal.
  Status revoke(const Actor& actor, const Uuid& org_id, const Uuid& key_id);

 private:
  void merge_recent_use(NamedKey& key) const;
  Result<NamedKey> change_disabled(const Actor& actor, const Uuid& org_id, const Uuid& key_id,
                                   bool disabled, const KeyReminder* record, bool* changed);
  ServiceContext ctx_;
};

}  // namespace keyward::service

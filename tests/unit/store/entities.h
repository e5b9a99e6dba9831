// Builders of valid entities for store tests: every field set, secrets random, so a round trip
// that drops or mangles any field shows.
#pragma once

#include "core/application.h"
#include "core/named_key.h"
#include "core/organization.h"
#include "core/trace.h"
#include "core/user.h"
#include "support/seeded_random.h"

namespace keyward::testing {

class EntityFactory {
 public:
  explicit EntityFactory(std::uint64_t seed = 42) : random_(seed) {}

  Digest digest() {
    Digest d;
    random_.fill(d);
    return d;
  }
  ProtectedSecret secret() {
    ProtectedSecret s{digest(), std::vector<std::uint8_t>(56)};
    random_.fill(s.sealed);
    return s;
  }
  Timestamp at(std::int64_t seconds) { return from_epoch_ms(1'800'000'000'000 + seconds * 1000); }

  Organization organization(std::string name = "Acme") {
    Organization o;
    o.id = Uuid::random(random_);
    o.name = std::move(name);
    o.api_key = secret();
    o.api_key_enabled = true;
    o.agent_username = "agent_" + o.id.to_string().substr(0, 8) + "@acme";
    o.agent_key = secret();
    o.created_at = at(counter_++);
    return o;
  }

  User user(std::string username, const Uuid& org, Role role = Role::kMember) {
    User u;
    u.id = Uuid::random(random_);
    u.username = std::move(username);
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    u.service_key = secret();
    u.memberships = {{org, role}};
    u.created_at = at(counter_++);
    return u;
  }

  NamedKey key(const Uuid& org, KeyKind kind = KeyKind::kSecret) {
    NamedKey k;
    k.id = Uuid::random(random_);
    k.org_id = org;
    k.name = "ci";
    k.kind = kind;
    k.scopes = Scopes::defaults_for(kind);
    k.token_hash = digest();
    if (kind == KeyKind::kPublic) k.public_token = "kw_pk_example";
    k.hint = kind == KeyKind::kPublic ? "kw_pk_...abcd" : "kw_sk_...abcd";
    k.created_at = at(counter_++);
    return k;
  }

  Application application(const Uuid& org, std::string name = "shop") {
    Application a;
    a.id = Uuid::random(random_);
    a.org_id = org;
    a.name = std::move(name);
    a.language = "Java";
    a.path = "/" + a.name;
    a.importance = 3;
    a.tags = {"prod", "eu-west"};
    a.created_at = at(counter_++);
    a.last_seen_at = a.created_at;
    return a;
  }

  Trace trace(const Application& app, std::string hash, Severity severity = Severity::kHigh) {
    Trace t;
    t.id = Uuid::random(random_);
    t.org_id = app.org_id;
    t.app_id = app.id;
    t.title = "SQL Injection from \"q\" parameter on /search";
    t.rule_name = "sql-injection";
    t.severity = severity;
    t.status = TraceStatus::kReported;
    t.hash = std::move(hash);
    t.category = "Injection";
    t.confidence = "High";
    t.impact = "High";
    t.likelihood = "Medium";
    t.tags = {"pci"};
    t.first_seen_at = at(counter_++);
    t.last_seen_at = t.first_seen_at;
    t.times_received = 1;
    return t;
  }

 private:
  SeededRandom random_;
  std::int64_t counter_ = 0;
};

}  // namespace keyward::testing

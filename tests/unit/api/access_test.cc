// Role by route: for every route in the router's table, every kind of caller gets exactly what the
// route's declared access rule gives them. A route added without an access rule fails here.
#include "api/access.h"

#include <gtest/gtest.h>

#include "unit/api/api_fixture.h"

namespace keyward::api {
namespace {

enum class Outcome { kAllowed, kUnauthenticated, kForbidden, kHidden };

std::string_view name(Outcome o) {
  switch (o) {
    case Outcome::kAllowed:
      return "allowed";
    case Outcome::kUnauthenticated:
      return "401";
    case Outcome::kForbidden:
      return "403";
    case Outcome::kHidden:
      return "404";
  }
  return "?";
}

struct Caller {
  std::string name;
  enum Kind { kNobody, kRoot, kAdminA, kMemberA, kAdminB, kAgentA, kSecretA, kPublicA } kind;
};

// What a caller should get on a route, given only the route's declared rule. Paths are always
// about organization A.
Outcome expected(const Route& route, bool path_names_org, Caller::Kind who) {
  const Access a = route.access;
  // A signed route's signature is its authentication: credentials count for nothing there, and
  // nobody here signs.
  if (route.signed_body) return Outcome::kUnauthenticated;
  if (a == Access::kPublic) return Outcome::kAllowed;
  if (who == Caller::kNobody) return Outcome::kUnauthenticated;
  if (a == Access::kAnyPrincipal) return Outcome::kAllowed;
  if (a == Access::kAgent)
    return who == Caller::kAgentA ? Outcome::kAllowed : Outcome::kUnauthenticated;
  if (who == Caller::kAgentA) return Outcome::kUnauthenticated;
  // A public key identifies its organization (the routes above) and may do nothing else.
  if (who == Caller::kPublicA) return Outcome::kForbidden;
  switch (a) {
    case Access::kAuthenticated:
      return Outcome::kAllowed;
    case Access::kUser:
      return who == Caller::kSecretA ? Outcome::kForbidden : Outcome::kAllowed;
    case Access::kSystemAdmin:
      return who == Caller::kRoot ? Outcome::kAllowed : Outcome::kForbidden;
    case Access::kOrgUser:
      if (who == Caller::kSecretA) return Outcome::kForbidden;
      if (who == Caller::kAdminB && path_names_org) return Outcome::kHidden;
      return Outcome::kAllowed;
    case Access::kOrgMember:
    case Access::kOrgAdmin: {
      if (who == Caller::kRoot) return Outcome::kAllowed;
      if (who == Caller::kAdminB && path_names_org) {
        return route.surface == Surface::kContrast ? Outcome::kForbidden : Outcome::kHidden;
      }
      const bool admin =
          who == Caller::kAdminA || who == Caller::kSecretA || who == Caller::kAdminB;
      if (a == Access::kOrgAdmin && !admin) return Outcome::kForbidden;
      return Outcome::kAllowed;
    }
    default:
      return Outcome::kForbidden;
  }
}

Outcome observed(unsigned status) {
  if (status == 401) return Outcome::kUnauthenticated;
  if (status == 403) return Outcome::kForbidden;
  if (status == 404) return Outcome::kHidden;
  return Outcome::kAllowed;
}

class RoleByRoute : public testing::ApiTest {
 protected:
  testing::Headers headers_for(Caller::Kind who) {
    switch (who) {
      case Caller::kNobody:
        return {};
      case Caller::kRoot:
        return user(root, org_a);
      case Caller::kAdminA:
        return user(admin_a, org_a);
      case Caller::kMemberA:
        return user(member_a, org_a);
      case Caller::kAdminB:
        return user(admin_b, org_b);
      case Caller::kAgentA:
        return agent(org_a);
      case Caller::kSecretA:
        return bearer(secret_a.token);
      case Caller::kPublicA:
        return bearer(org_a.default_public_key.token);
    }
    return {};
  }

  // The route's pattern with its parameters filled in: organization A, a fresh key (or member,
  // or webhook endpoint) of A.
  std::string path_for(const std::string& pattern) {
    std::string path;
    size_t i = 0;
    while (i < pattern.size()) {
      if (pattern[i] == '{') {
        const size_t end = pattern.find('}', i);
        const std::string param = pattern.substr(i + 1, end - i - 1);
        if (param == "orgId") {
          path += org_a.org.id.to_string();
        } else if (param == "keyId") {
          path += keys.create(actor, org_a.org.id, {"target", KeyKind::kSecret, {}, {}})
                      ->key.id.to_string();
        } else if (param == "userId") {
          // A fresh member each time: the routes about a member change or remove them.
          const std::string name = "target" + std::to_string(++targets_) + "@a.example";
          path += accounts.create(actor, {name, Membership{org_a.org.id, Role::kMember}, false})
                      ->user.id.to_string();
        } else if (param == "appId") {
          path += app_a.id.to_string();
        } else if (param == "traceId") {
          path += trace_a.id.to_string();
        } else if (param == "webhookId") {
          // A fresh endpoint each time (a route deletes it), the earlier ones gone, so the cap
          // on endpoints per organization is never reached.
          const auto earlier = webhooks.list(org_a.org.id).value();
          for (const auto& e : earlier) (void)webhooks.remove(actor, org_a.org.id, e.id);
          path +=
              webhooks.create(actor, org_a.org.id, {"https://hooks.example.com/a", {"key.created"}})
                  .value()
                  .endpoint.id.to_string();
        } else {
          path += "00000000-0000-4000-8000-000000000000";
        }
        i = end + 1;
      } else {
        path += pattern[i++];
      }
    }
    return path;
  }

  int targets_ = 0;

  // Some writes change the very credentials the callers present (rotate the API key, disable it,
  // rotate the caller's own service key); give everyone fresh, working credentials again.
  void renew_credentials() {
    org_a.api_key = *organizations.rotate_api_key(actor, org_a.org.id);
    ASSERT_TRUE(organizations.set_api_key_enabled(actor, org_a.org.id, true));
    org_a.agent_service_key = *organizations.rotate_agent_key(actor, org_a.org.id);
    org_b.api_key = *organizations.rotate_api_key(actor, org_b.org.id);
    for (auto* u : {&root, &admin_a, &member_a, &admin_b}) {
      u->service_key = *accounts.rotate_service_key(actor, u->user.id);
    }
  }
};

TEST_F(RoleByRoute, EveryRouteDeclaresWhoMayCallIt) {
  ASSERT_FALSE(routes.entries().empty());
  for (const auto& entry : routes.entries()) {
    EXPECT_NE(entry.payload.access, Access::kUnspecified)
        << entry.pattern.text() << " has no access rule";
  }
}

TEST_F(RoleByRoute, EveryCallerGetsWhatEachRoutesRuleGivesThem) {
  const std::vector<Caller> callers{
      {"nobody", Caller::kNobody},        {"root", Caller::kRoot},
      {"admin A", Caller::kAdminA},       {"member A", Caller::kMemberA},
      {"admin B", Caller::kAdminB},       {"agent A", Caller::kAgentA},
      {"secret key A", Caller::kSecretA}, {"public key A", Caller::kPublicA}};
  size_t checked = 0;
  for (const auto& entry : routes.entries()) {
    const Route& route = entry.payload;
    const std::string& pattern = entry.pattern.text();
    const bool names_org = pattern.find("{orgId}") != std::string::npos;
    for (const auto& caller : callers) {
      const std::string path = path_for(pattern);
      const auto response = call(entry.method, path, headers_for(caller.kind),
                                 route.writes ? "{}" : "", route.writes ? "application/json" : "");
      const Outcome want = expected(route, names_org, caller.kind);
      const Outcome got = observed(response.result_int());
      EXPECT_EQ(name(got), name(want))
          << http::beast_http::to_string(entry.method) << " " << pattern << " as " << caller.name
          << " (access " << to_string(route.access) << ") answered " << response.result_int()
          << ": " << response.body();
      EXPECT_LT(response.result_int(), 500u)
          << pattern << " as " << caller.name << ": " << response.body();
      if (route.writes) renew_credentials();
      ++checked;
    }
  }
  EXPECT_GE(checked, routes.entries().size() * callers.size());
}

TEST_F(RoleByRoute, ARouteWithoutAnAccessRuleIsNeverServed) {
  Routes custom;
  custom.add(http::Method::get, "/forgotten",
             {.handler = [](const Call&) -> Result<Reply> { return document({}, "x"); }});
  Dispatcher d(custom,
               Gatekeeper{authenticator, index, settings, protector, audit, auth_failures, proxies,
                          clock, metrics},
               nullptr);
  http::Request request{http::Method::get, "/forgotten", 11};
  const auto response = d.answer(request, client);
  EXPECT_EQ(response.result_int(), 500u);
}

}  // namespace
}  // namespace keyward::api

#include "api/access.h"

namespace keyward::api {
namespace {

Status not_theirs(Surface surface) {
  if (surface == Surface::kContrast) {
    return fail(Errc::kPermissionDenied, "you do not have access to this organization");
  }
  return fail(Errc::kNotFound, "organization not found");
}

Status needs_admin() {
  return fail(Errc::kPermissionDenied,
              "only an administrator of this organization (or a secret key of it) may do this");
}

}  // namespace

Status authorize(const Route& route, const service::Principal& p, const Uuid& org_id,
                 const service::CredentialIndex& index) {
  using Kind = service::Principal::Kind;
  if (route.access == Access::kUnspecified) {
    return fail(Errc::kInternal, "route has no access rule");
  }
  if (route.access == Access::kPublic || route.access == Access::kAnyPrincipal) return {};
  if (route.access == Access::kAgent) {
    if (!p.is_agent()) return fail(Errc::kUnauthenticated, "not agent credentials");
    return {};
  }
  if (p.is_agent()) return fail(Errc::kUnauthenticated, "agent credentials");
  if (p.is_key() && p.key_kind == KeyKind::kPublic) {
    // A public key may be published (in a browser SDK, say): it names its organization and
    // reads nothing of it (docs/api.md, "What a public key can do").
    return fail(Errc::kPermissionDenied,
                "a public key only identifies its organization (/api/v1/auth, "
                "/api/v1/keys/verify); use a secret key for anything else");
  }
  if (p.is_key() && !route.writes && !p.scopes.can_read()) {
    return fail(Errc::kPermissionDenied, "this key lacks the read scope");
  }
  if (route.writes && !p.may_write()) {
    return fail(Errc::kPermissionDenied, "this key lacks the write scope");
  }

  switch (route.access) {
    case Access::kAuthenticated:
      return {};
    case Access::kUser:
      if (p.kind == Kind::kUser) return {};
      return fail(Errc::kPermissionDenied, "this needs a user's own credentials, not a key");
    case Access::kSystemAdmin:
      if (p.kind == Kind::kUser && p.system_admin) return {};
      return fail(Errc::kPermissionDenied, "only a system administrator may do this");
    case Access::kOrgUser:
      if (p.kind != Kind::kUser) {
        return fail(Errc::kPermissionDenied, "this needs a user's own credentials, not a key");
      }
      if (p.system_admin || index.role_of(p.user_id, org_id)) return {};
      return not_theirs(route.surface);
    case Access::kOrgMember:
    case Access::kOrgAdmin: {
      if (p.kind == Kind::kUser && p.system_admin) return {};
      if (p.kind == Kind::kKey) {
        if (p.org_id != org_id) return not_theirs(route.surface);
        if (route.access == Access::kOrgAdmin && p.key_kind != KeyKind::kSecret) {
          return needs_admin();
        }
        return {};
      }
      const auto role = index.role_of(p.user_id, org_id);
      if (!role) return not_theirs(route.surface);
      if (route.access == Access::kOrgAdmin && *role != Role::kAdmin) return needs_admin();
      return {};
    }
    default:
      return {};
  }
}

bool administers(const service::Principal& p, const Uuid& org_id,
                 const service::CredentialIndex& index) {
  if (p.is_user()) return p.system_admin || index.role_of(p.user_id, org_id) == Role::kAdmin;
  if (p.is_key()) return p.org_id == org_id && p.key_kind == KeyKind::kSecret;
  return false;
}

std::string_view to_string(Access access) {
  switch (access) {
    case Access::kUnspecified:
      return "unspecified";
    case Access::kPublic:
      return "public";
    case Access::kAnyPrincipal:
      return "any-principal";
    case Access::kAuthenticated:
      return "authenticated";
    case Access::kOrgMember:
      return "org-member";
    case Access::kOrgAdmin:
      return "org-admin";
    case Access::kSystemAdmin:
      return "system-admin";
    case Access::kUser:
      return "user";
    case Access::kOrgUser:
      return "org-user";
    case Access::kAgent:
      return "agent";
  }
  return "public";
}

}  // namespace keyward::api

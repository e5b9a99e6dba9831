// Authorization: may this principal call this route for this organization? Pure: the only thing
// it reads is the in-memory membership index.
#pragma once

#include "api/route.h"
#include "core/error.h"
#include "service/credential_index.h"
#include "service/principal.h"

namespace keyward::api {

// Success, or:
//   kUnauthenticated  credentials of the wrong kind for this route (agent on the User or
//                     management API, user or key on the Engine API): the same 401 as any other
//                     authentication failure, which reveals nothing about the credentials;
//   kNotFound         (management) the organization is not the caller's, so it is not said to
//                     exist;
//   kPermissionDenied (Contrast) the organization is not the caller's; or the caller lacks the
//                     role; or holds a public key (which only identifies its organization); or a
//                     key without the scope (read or write) the route needs.
Status authorize(const Route& route, const service::Principal& principal, const Uuid& org_id,
                 const service::CredentialIndex& index);

// Whether the principal administers `org_id`: a system administrator, an administrator of the
// organization, or a secret key of it. What a route of kOrgMember access lets only these do
// (reveal secrets, rotate while emailing) is decided with this.
bool administers(const service::Principal& principal, const Uuid& org_id,
                 const service::CredentialIndex& index);

}  // namespace keyward::api

// Console sign-in and sign-out, and redeeming a one-time link from a key email.
//
// POST /api/v1/session answers with the session cookie (HttpOnly, Secure, SameSite=Strict) and a
// CSRF token the console sends back in X-CSRF-Token with every change. Failed sign-ins count
// against the client's address like other authentication failures (429 when there are too many)
// and against the user (lockout).
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

void add_session_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1

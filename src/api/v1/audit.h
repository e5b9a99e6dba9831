// The audit log: an organization's for its administrators, everything for system administrators.
// Newest first, paged with ?limit= (1 to 500, default 50) and ?before=<id> (the next_before of
// the previous page).
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

void add_audit_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1

// Turning Contrast filter parameters into store queries.
//
// Applications: filterText, includeArchived, sort (appName, -appName, lastSeen, created,
// importance), limit, offset. Traces: severities (CRITICAL,HIGH,...), status, vulnTypes (rule
// names), filterText (or a bare query item), quickFilter (OPEN narrows to open statuses unless
// status names some; ALL and values this server does not model filter nothing), sort (lastTimeSeen,
// firstTimeSeen, severity, title, status, each with an optional '-'), limit, offset. tracked,
// untracked, licensedOnly, includeMerged and expand change nothing here. Unknown sort fields fall
// back to the default order; unknown severities or statuses are errors, since ignoring them would
// widen the answer.
#pragma once

#include <optional>

#include "api/contrast/filter_input.h"
#include "core/error.h"
#include "store/queries.h"

namespace keyward::api::contrast {

// Pages hold at most this many items; `count` always tells how many there are in all.
inline constexpr std::size_t kDefaultPageSize = 100;
inline constexpr std::size_t kMaxPageSize = 1000;

Result<store::ApplicationQuery> application_query(const FilterInput& in, const Uuid& org_id);
Result<store::TraceQuery> trace_query(const FilterInput& in, const Uuid& org_id,
                                      std::optional<Uuid> app_id);

}  // namespace keyward::api::contrast

// How Contrast clients expect entities to look. Field types matter: the Java SDK binds
// `importance` as int, `created`/`last_seen` and the trace times as long epoch milliseconds,
// `archived`/`master`/`visible` as booleans, and fails on any other type.
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "core/application.h"
#include "core/organization.h"
#include "core/trace.h"
#include "store/queries.h"

namespace keyward::api::contrast {

// The optional parts of an application, asked for with ?expand=.
struct ApplicationExpand {
  bool trace_breakdown = false;
  bool scores = false;
  bool license = false;
  bool skip_links = false;
};

// Parses "trace_breakdown,scores" (any case, any order, repeated or comma-joined).
ApplicationExpand parse_application_expand(const std::vector<std::string>& values);

// An application seen within this long is "online".
inline constexpr std::chrono::minutes kOnlineWindow{5};

boost::json::object application_shape(const Application& app, const store::TraceCounts& counts,
                                      const ApplicationExpand& expand, std::string_view base_url,
                                      Timestamp now);
boost::json::object trace_shape(const Trace& trace, const Application& app);
boost::json::object organization_shape(const Organization& org);

}  // namespace keyward::api::contrast

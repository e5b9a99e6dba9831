// Vulnerabilities ("traces") that agents report and users read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/trace.h"
#include "service/service_context.h"

namespace keyward::service {

// One finding as an agent reports it.
struct ReportedTrace {
  std::string title;
  std::string rule_name;
  Severity severity = Severity::kMedium;
  std::string hash;
  std::string category;
  std::string confidence;
  std::string impact;
  std::string likelihood;
  std::optional<TraceStatus> status;  // new traces default to Reported; a repeat keeps its status
  std::vector<std::string> tags;
};

struct ReportOutcome {
  size_t received = 0;  // findings in the report
  size_t created = 0;   // traces new to the application
  size_t updated = 0;   // traces seen before: last seen and times received moved on
};

// What one report may carry: enough for any real scan, small enough to write in one transaction.
inline constexpr size_t kMaxTracesPerReport = 1000;
inline constexpr size_t kMaxTitleLength = 1000;
inline constexpr size_t kMaxHashLength = 200;
inline constexpr size_t kMaxTraceFieldLength = 100;

class TraceService {
 public:
  explicit TraceService(ServiceContext ctx) : ctx_(ctx) {}

  // Records a report for an application of `org_id`, all of it or nothing: every finding is
  // checked before anything is written, and kInvalidArgument names the first bad one ("traces[3]:
  // hash must not be empty"). Idempotent by hash: a finding seen before updates its trace (last
  // seen, times received, and the descriptive fields), never duplicates it; the same hash twice
  // in one report counts twice.
  Result<ReportOutcome> report(const Uuid& org_id, const Uuid& app_id,
                               const std::vector<ReportedTrace>& findings);

  // kNotFound unless the trace belongs to `org_id` (and to `app_id`, when given).
  Result<Trace> get(const Uuid& org_id, const Uuid& trace_id, std::optional<Uuid> app_id);
  Result<store::Page<Trace>> query(const store::TraceQuery& query) {
    return ctx_.store.query_traces(query);
  }

 private:
  ServiceContext ctx_;
};

}  // namespace keyward::service

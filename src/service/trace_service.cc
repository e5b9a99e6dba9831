#include "service/trace_service.h"

#include <map>

#include "core/text_rules.h"
#include "service/application_service.h"

namespace keyward::service {
namespace {

Status check_finding(const ReportedTrace& f) {
  if (auto s = check_text("title", f.title, kMaxTitleLength, true); !s) return s;
  if (auto s = check_text("rule_name", f.rule_name, kMaxTraceFieldLength, true); !s) return s;
  if (auto s = check_text("hash", f.hash, kMaxHashLength, true); !s) return s;
  for (const auto& [what, value] :
       {std::pair{"category", &f.category}, std::pair{"confidence", &f.confidence},
        std::pair{"impact", &f.impact}, std::pair{"likelihood", &f.likelihood}}) {
    if (auto s = check_text(what, *value, kMaxTraceFieldLength, false); !s) return s;
  }
  return {};
}

void describe(Trace& t, const ReportedTrace& f, std::vector<std::string> tags) {
  t.title = f.title;
  t.rule_name = f.rule_name;
  t.severity = f.severity;
  t.category = f.category;
  t.confidence = f.confidence;
  t.impact = f.impact;
  t.likelihood = f.likelihood;
  t.tags = std::move(tags);
}

}  // namespace

Result<ReportOutcome> TraceService::report(const Uuid& org_id, const Uuid& app_id,
                                           const std::vector<ReportedTrace>& findings) {
  if (findings.size() > kMaxTracesPerReport) {
    return fail(Errc::kInvalidArgument, "a report may carry at most " +
                                            std::to_string(kMaxTracesPerReport) +
                                            " traces; send the rest in another report");
  }
  // The latest of each hash wins; earlier ones only count.
  std::map<std::string, std::pair<const ReportedTrace*, std::int64_t>> by_hash;
  std::vector<std::vector<std::string>> tags(findings.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    const std::string where = "traces[" + std::to_string(i) + "]: ";
    if (auto s = check_finding(findings[i]); !s) {
      return fail(Errc::kInvalidArgument, where + s.error().message);
    }
    auto cleaned = clean_tags(findings[i].tags);
    if (!cleaned) return fail(Errc::kInvalidArgument, where + cleaned.error().message);
    tags[i] = std::move(*cleaned);
    auto& [latest, count] = by_hash[findings[i].hash];
    latest = &findings[i];
    ++count;
  }

  auto app = ctx_.store.get_application(app_id);
  if (!app && app.error().code != Errc::kNotFound) return fail(app.error());  // storage trouble
  if (!app || app->org_id != org_id) return fail(Errc::kNotFound, "application not found");

  std::vector<std::string> hashes;
  for (const auto& [hash, entry] : by_hash) hashes.push_back(hash);
  return retry_on_race([&]() -> Result<ReportOutcome> {
    auto known = ctx_.store.find_traces(app_id, hashes);
    if (!known) return fail(known.error());
    std::map<std::string, Trace> existing;
    for (auto& t : *known) existing.emplace(t.hash, std::move(t));

    const Timestamp now = ctx_.clock.now();
    ReportOutcome outcome{findings.size(), 0, 0};
    store::WriteBatch batch;
    for (const auto& [hash, entry] : by_hash) {
      const auto& [finding, count] = entry;
      const auto& finding_tags = tags[static_cast<size_t>(finding - findings.data())];
      Trace t;
      if (auto it = existing.find(hash); it != existing.end()) {
        t = std::move(it->second);
        t.version += 1;
        t.times_received += count;
        if (finding->status) t.status = *finding->status;
        ++outcome.updated;
      } else {
        t.id = Uuid::random(ctx_.random);
        t.org_id = org_id;
        t.app_id = app_id;
        t.hash = hash;
        t.status = finding->status.value_or(TraceStatus::kReported);
        t.first_seen_at = now;
        t.times_received = count;
        ++outcome.created;
      }
      describe(t, *finding, finding_tags);
      t.last_seen_at = now;
      batch.traces.push_back(std::move(t));
    }
    if (auto s = ctx_.commit(batch); !s) return fail(s.error());
    return outcome;
  });
}

Result<Trace> TraceService::get(const Uuid& org_id, const Uuid& trace_id,
                                std::optional<Uuid> app_id) {
  auto trace = ctx_.store.get_trace(trace_id);
  if (!trace) return trace;
  if (trace->org_id != org_id || (app_id && trace->app_id != *app_id)) {
    return fail(Errc::kNotFound, "trace not found");
  }
  return trace;
}

}  // namespace keyward::service

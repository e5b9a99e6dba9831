#include "api/contrast/filters.h"

#include <algorithm>
#include <cctype>

namespace keyward::api::contrast {
namespace {

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "-lastTimeSeen" -> {"lasttimeseen", descending}
std::pair<std::string, bool> sort_field(const std::optional<std::string>& sort) {
  if (!sort || sort->empty()) return {"", false};
  const bool descending = sort->front() == '-';
  return {to_lower(descending ? sort->substr(1) : *sort), descending};
}

Status read_page(const FilterInput& in, std::size_t& offset, std::size_t& limit) {
  auto l = in.integer("limit", 0, static_cast<std::int64_t>(kMaxPageSize));
  if (!l) return fail(l.error());
  auto o = in.integer("offset", 0, 1'000'000'000);
  if (!o) return fail(o.error());
  const std::int64_t asked = l->value_or(0);  // absent or 0: the default page
  limit = asked == 0 ? kDefaultPageSize : static_cast<std::size_t>(asked);
  offset = static_cast<std::size_t>(o->value_or(0));
  return {};
}

std::optional<bool> boolean(const FilterInput& in, std::string_view name) {
  const auto v = in.text(name);
  if (!v) return std::nullopt;
  const std::string l = to_lower(*v);
  if (l == "true") return true;
  if (l == "false") return false;
  return std::nullopt;
}

}  // namespace

Result<store::ApplicationQuery> application_query(const FilterInput& in, const Uuid& org_id) {
  store::ApplicationQuery q;
  q.org_id = org_id;
  q.text = in.text("filterText").value_or("");
  q.include_archived = boolean(in, "includeArchived").value_or(false);
  const auto [field, descending] = sort_field(in.text("sort"));
  q.descending = descending;
  if (field == "lastseen" || field == "last_seen") {
    q.order = store::ApplicationOrder::kLastSeen;
  } else if (field == "created") {
    q.order = store::ApplicationOrder::kCreated;
  } else if (field == "importance") {
    q.order = store::ApplicationOrder::kImportance;
  } else if (field == "appname" || field == "name") {
    q.order = store::ApplicationOrder::kName;
  } else {
    q.order = store::ApplicationOrder::kName;  // the default, A to Z
    q.descending = false;
  }
  if (auto s = read_page(in, q.offset, q.limit); !s) return fail(s.error());
  return q;
}

Result<store::TraceQuery> trace_query(const FilterInput& in, const Uuid& org_id,
                                      std::optional<Uuid> app_id) {
  store::TraceQuery q;
  q.org_id = org_id;
  q.app_id = app_id;
  for (const auto& s : in.list("severities")) {
    const auto severity = parse_severity(s);
    if (!severity) {
      return fail(Errc::kInvalidArgument,
                  "unknown severity \"" + s + "\"; use CRITICAL, HIGH, MEDIUM, LOW or NOTE");
    }
    q.severities.push_back(*severity);
  }
  for (const auto& s : in.list("status")) {
    const auto status = parse_trace_status(s);
    if (!status) {
      return fail(Errc::kInvalidArgument,
                  "unknown status \"" + s +
                      "\"; use Reported, Suspicious, Confirmed, NotAProblem, Remediated or Fixed");
    }
    q.statuses.push_back(*status);
  }
  // Statuses asked for by name win over the quick filter.
  if (q.statuses.empty() && to_lower(in.text("quickFilter").value_or("")) == "open") {
    q.statuses = {TraceStatus::kReported, TraceStatus::kSuspicious, TraceStatus::kConfirmed};
  }
  q.rule_names = in.list("vulnTypes");
  q.text = in.text("filterText").value_or(in.bare().empty() ? "" : in.bare().front());
  const auto [field, descending] = sort_field(in.text("sort"));
  q.descending = descending;
  if (field == "firsttimeseen") {
    q.order = store::TraceOrder::kFirstSeen;
  } else if (field == "severity") {
    q.order = store::TraceOrder::kSeverity;
  } else if (field == "title") {
    q.order = store::TraceOrder::kTitle;
  } else if (field == "status") {
    q.order = store::TraceOrder::kStatus;
  } else if (field == "lasttimeseen") {
    q.order = store::TraceOrder::kLastSeen;
  } else {
    q.order = store::TraceOrder::kLastSeen;  // the default, newest first
    q.descending = true;
  }
  if (auto s = read_page(in, q.offset, q.limit); !s) return fail(s.error());
  return q;
}

}  // namespace keyward::api::contrast

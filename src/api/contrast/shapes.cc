#include "api/contrast/shapes.h"

#include <algorithm>

#include <boost/json.hpp>

namespace keyward::api::contrast {
namespace {

boost::json::array strings(const std::vector<std::string>& values) {
  boost::json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

std::int64_t count_of(const store::TraceCounts& c, Severity s) {
  return static_cast<std::int64_t>(c.by_severity[static_cast<std::size_t>(s)]);
}

long open_count(const store::TraceCounts& c, Severity s) {
  return static_cast<long>(c.open_by_severity[static_cast<std::size_t>(s)]);
}

// A 0-100 grade that falls with every open finding, weighted by severity, and its letter.
std::pair<int, std::string_view> grade(const store::TraceCounts& c) {
  const long penalty = 25 * open_count(c, Severity::kCritical) +
                       10 * open_count(c, Severity::kHigh) + 5 * open_count(c, Severity::kMedium) +
                       1 * open_count(c, Severity::kLow);
  const int g = static_cast<int>(std::max(0L, 100 - penalty));
  const std::string_view letter = g >= 90   ? "A"
                                  : g >= 80 ? "B"
                                  : g >= 70 ? "C"
                                  : g >= 60 ? "D"
                                            : "F";
  return {g, letter};
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

ApplicationExpand parse_application_expand(const std::vector<std::string>& values) {
  ApplicationExpand e;
  for (const auto& value : values) {
    std::string_view rest = value;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      std::string l = lowercase(rest.substr(0, comma));
      std::erase(l, ' ');
      e.trace_breakdown |= l == "trace_breakdown";
      e.scores |= l == "scores";
      e.license |= l == "license";
      e.skip_links |= l == "skip_links";
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return e;
}

boost::json::object application_shape(const Application& app, const store::TraceCounts& counts,
                                      const ApplicationExpand& expand, std::string_view base_url,
                                      Timestamp now) {
  const std::string id = app.id.to_string();
  boost::json::object out{
      {"app_id", id},
      {"name", app.name},
      {"language", app.language},
      {"path", app.path},
      {"status", now - app.last_seen_at <= kOnlineWindow ? "online" : "offline"},
      {"short_name", app.name},
      {"group_name", nullptr},
      {"archived", app.archived},
      {"master", false},
      {"importance", app.importance},
      {"importance_description", importance_description(app.importance)},
      {"created", to_epoch_ms(app.created_at)},
      {"last_seen", to_epoch_ms(app.last_seen_at)},
      {"total_modules", 1},
      {"tags", strings(app.tags)},
      {"links", boost::json::array{}},
  };
  if (!expand.skip_links) {
    const std::string base = std::string(base_url) + "/Contrast/api/ng/" + app.org_id.to_string() +
                             "/applications/" + id;
    out["links"] =
        boost::json::array{boost::json::object{{"rel", "self"}, {"method", "GET"}, {"href", base}}};
  }
  if (expand.trace_breakdown) {
    const auto total = static_cast<std::int64_t>(counts.total());
    out["trace_breakdown"] = boost::json::object{
        {"criticals", count_of(counts, Severity::kCritical)},
        {"highs", count_of(counts, Severity::kHigh)},
        {"meds", count_of(counts, Severity::kMedium)},
        {"lows", count_of(counts, Severity::kLow)},
        {"notes", count_of(counts, Severity::kNote)},
        {"safes", 0},
        {"traceCount", total},
        {"traces", total},  // the documentation's name for traceCount
    };
  }
  if (expand.scores) {
    const auto [g, letter] = grade(counts);
    out["scores"] = boost::json::object{{"grade", g}, {"letter_grade", letter}};
  }
  if (expand.license) {
    const auto start = to_epoch_ms(app.created_at);
    out["license"] = boost::json::object{
        {"start", start}, {"end", start + 365LL * 24 * 60 * 60 * 1000}, {"level", "Licensed"}};
  }
  return out;
}

boost::json::object trace_shape(const Trace& t, const Application& app) {
  std::string default_severity(to_string(t.severity));
  for (auto& c : default_severity)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return {
      {"uuid", t.id.to_string()},
      {"title", t.title},
      {"rule_name", t.rule_name},
      {"severity", to_string(t.severity)},
      {"default_severity", default_severity},
      {"status", to_string(t.status)},
      {"language", app.language},
      {"hash", t.hash},
      {"category", t.category},
      {"confidence", t.confidence},
      {"impact", t.impact},
      {"likelihood", t.likelihood},
      {"first_time_seen", to_epoch_ms(t.first_seen_at)},
      {"last_time_seen", to_epoch_ms(t.last_seen_at)},
      {"visible", true},
      {"total_traces_received", t.times_received},
      {"tags", strings(t.tags)},
      {"server_environments", boost::json::array{}},
      {"servers", boost::json::array{}},
      {"notes", boost::json::array{}},
      {"application", boost::json::object{{"app_id", app.id.to_string()}, {"name", app.name}}},
  };
}

boost::json::object organization_shape(const Organization& org) {
  std::string shortname;
  for (char c : org.name) {
    if (shortname.size() < 32 && c != ' ') shortname += c;
  }
  return {{"organization_uuid", org.id.to_string()},
          {"name", org.name},
          {"shortname", shortname},
          {"timezone", "UTC"},
          {"date_format", "MM/dd/yyyy"},
          {"time_format", "hh:mm a"},
          {"links", boost::json::array{}}};
}

}  // namespace keyward::api::contrast

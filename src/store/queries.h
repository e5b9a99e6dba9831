// What the User API asks of applications and traces: filters, an order, a page. Every Store answers
// these the same way (the conformance suite checks it), in its own query language.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/trace.h"
#include "core/uuid.h"

namespace keyward::store {

// A page of results and how many there are in all.
template <class T>
struct Page {
  std::vector<T> items;
  std::size_t total = 0;
};

enum class ApplicationOrder : std::uint8_t { kName, kCreated, kLastSeen, kImportance };

struct ApplicationQuery {
  Uuid org_id;
  std::string text;  // case-insensitive (ASCII) substring of the name; empty matches all
  bool include_archived = false;
  ApplicationOrder order = ApplicationOrder::kName;
  bool descending = false;
  std::size_t offset = 0;
  std::size_t limit = 100;
};

enum class TraceOrder : std::uint8_t { kLastSeen, kFirstSeen, kSeverity, kTitle, kStatus };

struct TraceQuery {
  Uuid org_id;
  std::optional<Uuid> app_id;           // absent: every application of the organization
  std::vector<Severity> severities;     // empty: any
  std::vector<TraceStatus> statuses;    // empty: any
  std::vector<std::string> rule_names;  // empty: any
  std::string text;                     // case-insensitive (ASCII) substring of title or rule name
  TraceOrder order = TraceOrder::kLastSeen;
  bool descending = true;
  std::size_t offset = 0;
  std::size_t limit = 100;
};

// How many traces an application has, by severity (index = Severity): all of them, and those
// still open (Reported, Suspicious, Confirmed).
struct TraceCounts {
  Uuid app_id;
  std::array<std::size_t, 5> by_severity{};
  std::array<std::size_t, 5> open_by_severity{};
  std::size_t total() const {
    std::size_t n = 0;
    for (auto c : by_severity) n += c;
    return n;
  }
};

}  // namespace keyward::store

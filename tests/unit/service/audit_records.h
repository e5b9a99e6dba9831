// Reading the audit log back in tests: the records of one action, oldest first, straight from the
// store (not through a FaultInjectingStore, so a test's injected failures cannot hide them).
#pragma once

#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/audit_event.h"
#include "store/store.h"

namespace keyward::testing {

inline std::vector<AuditEvent> audit_records(store::Store& store, std::string_view action = {}) {
  store::AuditQuery query;
  query.limit = 100'000;
  auto newest_first = store.list_audit(query);
  EXPECT_TRUE(newest_first) << newest_first.error().message;
  std::vector<AuditEvent> out;
  if (!newest_first) return out;
  for (auto it = newest_first->rbegin(); it != newest_first->rend(); ++it) {
    if (action.empty() || it->action == action) out.push_back(*it);
  }
  return out;
}

}  // namespace keyward::testing

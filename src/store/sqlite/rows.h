// Mapping between SQLite rows and domain entities, in the column order of store/columns.h.
#pragma once

#include <vector>

#include "core/application.h"
#include "core/audit_event.h"
#include "core/named_key.h"
#include "core/organization.h"
#include "core/reveal_grant.h"
#include "core/session.h"
#include "core/system_settings.h"
#include "core/trace.h"
#include "core/user.h"
#include "store/columns.h"
#include "store/sqlite/connection.h"

namespace keyward::store::sqlite {

Organization read_organization(const Statement& row);
User read_user(const Statement& row);  // without memberships; the caller adds them
NamedKey read_key(const Statement& row);
Application read_application(const Statement& row);
Trace read_trace(const Statement& row);
Session read_session(const Statement& row);
RevealGrant read_grant(const Statement& row);
SystemSettings read_settings(const Statement& row);
AuditEvent read_audit(const Statement& row);

// Binds every column of the entity, in the column order above, starting at index 1.
void bind_organization(Statement& st, const Organization& org);
void bind_user(Statement& st, const User& user);
void bind_key(Statement& st, const NamedKey& key);
void bind_application(Statement& st, const Application& app);
void bind_trace(Statement& st, const Trace& trace);
void bind_session(Statement& st, const Session& session);
void bind_grant(Statement& st, const RevealGrant& grant);
void bind_settings(Statement& st, const SystemSettings& settings);  // from index 1
void bind_audit(Statement& st, const AuditEvent& event);  // every column but id, from index 1

// Every row the statement yields, each made by `read(st)`, in order.
template <class T, class Read>
Result<std::vector<T>> all_rows(Statement& st, Read read) {
  std::vector<T> out;
  for (;;) {
    auto row = st.step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    out.push_back(read(st));
  }
}

}  // namespace keyward::store::sqlite

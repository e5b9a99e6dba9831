#include "store/postgres/errors.h"

#include <string>

#include <libpq-fe.h>

#include "store/conflicts.h"

namespace keyward::store::postgres {
namespace {

// Constraint names are fixed by store/postgres/migrations.cc.
Error unique_violation(std::string_view constraint) {
  if (constraint == "users_username_folded_key") return username_taken();
  if (constraint == "organizations_agent_username_key") return agent_username_taken();
  if (constraint == "applications_org_id_name_language_key") return application_taken();
  if (constraint == "traces_app_id_hash_key") return trace_taken();
  if (constraint == "sessions_token_hash_key") return session_taken();
  if (constraint == "organizations_pkey") return entity_exists("organization");
  if (constraint == "users_pkey") return entity_exists("user");
  if (constraint == "api_keys_pkey") return entity_exists("key");
  if (constraint == "applications_pkey") return entity_exists("application");
  if (constraint == "traces_pkey") return entity_exists("trace");
  if (constraint == "sessions_pkey") return entity_exists("session");
  if (constraint == "reveal_grants_pkey") return entity_exists("reveal grant");
  if (constraint == "settings_pkey") return changed_concurrently("settings");
  if (constraint == "key_reminders_pkey") return reminder_given();
  return credential_taken();  // a lookup hash: say nothing about whose it is
}

Error foreign_key_violation(std::string_view constraint) {
  if (constraint == "traces_app_id_fkey") return not_found("application");
  if (constraint == "sessions_user_id_fkey" || constraint == "reveal_grants_user_id_fkey") {
    return not_found("user");
  }
  return not_found("organization");
}

std::string trimmed(const char* message) {
  std::string m = message ? message : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

}  // namespace

Error statement_error(const pg_conn* conn, const pg_result* result, std::string_view doing) {
  const std::string_view state = [&] {
    const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    return std::string_view(s ? s : "");
  }();
  const char* constraint_field = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
  const std::string_view constraint = constraint_field ? constraint_field : "";
  if (state == "23505") return unique_violation(constraint);
  if (state == "23503") return foreign_key_violation(constraint);
  if (state == "40001" || state == "40P01") {
    return Error{
        Errc::kConflict, "the data was changed by someone else at the same time; try again", {}};
  }
  if (state == "57014") {
    return Error{
        Errc::kUnavailable,
        "PostgreSQL did not finish in time (statement_timeout) while " + std::string(doing),
        {}};
  }
  if (PQstatus(conn) != CONNECTION_OK || state.starts_with("08") || state.starts_with("57P")) {
    return connection_error(conn, doing);
  }
  return Error{Errc::kUnavailable,
               "PostgreSQL error while " + std::string(doing) + ": " +
                   trimmed(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)),
               {}};
}

Error connection_error(const pg_conn* conn, std::string_view doing) {
  std::string why = conn ? trimmed(PQerrorMessage(conn)) : "out of memory";
  if (why.empty()) why = "the connection was lost";
  return Error{
      Errc::kUnavailable, "PostgreSQL unavailable while " + std::string(doing) + ": " + why, {}};
}

}  // namespace keyward::store::postgres

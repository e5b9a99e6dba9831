// The messages every Store implementation gives for a broken uniqueness rule or a lost race, so
// the API says the same thing whatever store is behind it.
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"

namespace keyward::store {

inline Error username_taken() {
  return Error{Errc::kAlreadyExists, "a user with this username already exists", {}};
}
inline Error agent_username_taken() {
  return Error{Errc::kAlreadyExists, "this agent username is already in use", {}};
}
inline Error credential_taken() {
  // Deliberately vague: saying whose credential it is would leak that the value is valid.
  return Error{Errc::kAlreadyExists, "this value cannot be used; choose another", {}};
}
inline Error application_taken() {
  return Error{
      Errc::kAlreadyExists, "an application with this name and language already exists", {}};
}
inline Error trace_taken() {
  return Error{
      Errc::kAlreadyExists, "a trace with this hash already exists in the application", {}};
}
inline Error session_taken() {
  return Error{Errc::kAlreadyExists, "this session token is already in use", {}};
}
inline Error entity_exists(std::string_view what) {
  return Error{Errc::kAlreadyExists, std::string(what) + " already exists", {}};
}
// A notice about a key's life (core/key_reminder.h) already recorded, by this process or another.
inline Error reminder_given() {
  return Error{Errc::kAlreadyExists, "this notice about the key was already given", {}};
}
inline Error changed_concurrently(std::string_view what) {
  return Error{Errc::kConflict,
               std::string(what) + " was changed by someone else at the same time; try again",
               {}};
}
// changes_after() asked for entries that have been pruned: the reader must reload in full.
inline Error journal_pruned(std::int64_t after, std::int64_t pruned_through) {
  return Error{Errc::kNotFound,
               "the change journal has been pruned through position " +
                   std::to_string(pruned_through) + ", past position " + std::to_string(after) +
                   "; reload everything",
               {}};
}
inline Error not_found(std::string_view what) {
  return Error{Errc::kNotFound, std::string(what) + " not found", {}};
}

}  // namespace keyward::store

// Rules for the free text people give Keyward: names of organizations, keys and applications, and
// usernames. Each check returns a message that says what to change. All text must be valid UTF-8
// without control characters, so it can always be written back out as JSON or XML.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace keyward {

inline constexpr size_t kMaxNameLength = 200;
inline constexpr size_t kMaxUsernameLength = 254;  // the longest valid email address

// `what` names the field in the message ("name", "organization name").
Status check_name(std::string_view what, std::string_view value);

// Free text of bounded length (titles, categories, tags): the rules of check_name with another
// maximum, and optionally allowed to be empty.
Status check_text(std::string_view what, std::string_view value, size_t max_length, bool required);

// A username must not contain ':' (it would split the Authorization credentials), whitespace or
// control characters.
Status check_username(std::string_view value);

// `value` with A-Z lowered, for comparisons that ignore case the way usernames are compared.
std::string ascii_lowercase(std::string_view value);

inline constexpr size_t kMinPasswordLength = 12;   // characters
inline constexpr size_t kMaxPasswordLength = 256;  // bytes: Argon2id hashes any length, but a
                                                   // bound keeps a sign-in request small

// A password a person chooses: kMinPasswordLength characters or more, valid UTF-8, no control
// characters. Spaces are fine (pass phrases).
Status check_new_password(std::string_view value);

}  // namespace keyward

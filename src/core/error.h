// The one error vocabulary of Keyward.
//
// Every module returns `Result<T>` / `Status` across its API; nothing throws across a module
// boundary. The HTTP layer maps `Errc` to a status code in exactly one place
// (api/error_reply.cc), so a handler never picks a status for a failure by hand.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keyward {

enum class Errc {
  kInvalidArgument,    // the caller sent something malformed or out of range
  kNotFound,           // no such entity (or not visible to the caller)
  kAlreadyExists,      // a unique name or value is taken
  kConflict,           // the entity changed concurrently, or its state forbids the operation
  kPolicyViolation,    // a value breaks a key policy; `details` names each broken rule
  kUnauthenticated,    // credentials missing or wrong; never says which part
  kPermissionDenied,   // authenticated, but not allowed
  kResourceExhausted,  // a rate limit was hit
  kUnavailable,        // storage could not be read or written; retrying may help
  kUpstreamFailed,     // a server Keyward relies on (the SMTP server) refused or was unreachable
  kInternal,           // a bug or an impossible state
};

// A failure as a value: what went wrong (`code`), a sentence a person can act on (`message`),
// and optional itemised reasons (`details`). Messages never contain secrets.
struct Error {
  Errc code = Errc::kInternal;
  std::string message;
  std::vector<std::string> details;
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

// Builds the `unexpected` side of a Result: `return fail(Errc::kNotFound, "no such key");`
inline std::unexpected<Error> fail(Errc code, std::string message,
                                   std::vector<std::string> details = {}) {
  return std::unexpected(Error{code, std::move(message), std::move(details)});
}

inline std::unexpected<Error> fail(Error error) { return std::unexpected(std::move(error)); }

// Stable machine-readable name of a code ("not_found"); used in API error bodies.
std::string_view errc_name(Errc code);

}  // namespace keyward

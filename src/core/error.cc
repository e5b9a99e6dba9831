#include "core/error.h"

namespace keyward {

std::string_view errc_name(Errc code) {
  switch (code) {
    case Errc::kInvalidArgument:
      return "invalid_argument";
    case Errc::kNotFound:
      return "not_found";
    case Errc::kAlreadyExists:
      return "already_exists";
    case Errc::kConflict:
      return "conflict";
    case Errc::kPolicyViolation:
      return "policy_violation";
    case Errc::kUnauthenticated:
      return "unauthenticated";
    case Errc::kPermissionDenied:
      return "permission_denied";
    case Errc::kResourceExhausted:
      return "rate_limited";
    case Errc::kUnavailable:
      return "unavailable";
    case Errc::kUpstreamFailed:
      return "upstream_failed";
    case Errc::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace keyward

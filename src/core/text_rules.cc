#include "core/text_rules.h"

#include <string>

namespace keyward {
namespace {

bool is_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

}  // namespace

Status check_name(std::string_view what, std::string_view value) {
  const std::string field(what);
  if (value.find_first_not_of(' ') == std::string_view::npos) {
    return fail(Errc::kInvalidArgument, field + " must not be empty");
  }
  if (value.size() > kMaxNameLength) {
    return fail(Errc::kInvalidArgument,
                field + " must be at most " + std::to_string(kMaxNameLength) + " bytes long");
  }
  for (char c : value) {
    if (is_control(c)) {
      return fail(Errc::kInvalidArgument, field + " must not contain control characters");
    }
  }
  return {};
}

Status check_username(std::string_view value) {
  if (value.empty()) return fail(Errc::kInvalidArgument, "username must not be empty");
  if (value.size() > kMaxUsernameLength) {
    return fail(Errc::kInvalidArgument, "username must be at most " +
                                            std::to_string(kMaxUsernameLength) + " bytes long");
  }
  for (char c : value) {
    if (c == ':' || c == ' ' || is_control(c)) {
      return fail(Errc::kInvalidArgument,
                  "username must not contain ':', spaces or control characters");
    }
  }
  return {};
}

}  // namespace keyward

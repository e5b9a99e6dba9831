#include "core/text_rules.h"

#include <string>

#include "core/utf8.h"

namespace keyward {
namespace {

// C0 and C1 controls, and the line and paragraph separators that break log lines just the same.
bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

// Unicode's White_Space characters beyond the controls: they make two usernames look alike.
bool is_space(char32_t cp) {
  return cp == ' ' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Calls `bad(cp)` on every code point; fails with `invalid` on malformed UTF-8 and with `refused`
// on the first code point `bad` rejects.
template <class Bad>
Status check_code_points(std::string_view value, Bad bad, const std::string& invalid,
                         const std::string& refused) {
  for (size_t i = 0; i < value.size();) {
    char32_t cp;
    const size_t n = decode_utf8(value, i, cp);
    if (n == 0) return fail(Errc::kInvalidArgument, invalid);
    if (bad(cp)) return fail(Errc::kInvalidArgument, refused);
    i += n;
  }
  return {};
}

}  // namespace

Status check_name(std::string_view what, std::string_view value) {
  return check_text(what, value, kMaxNameLength, /*required=*/true);
}

Status check_text(std::string_view what, std::string_view value, size_t max_length, bool required) {
  const std::string field(what);
  if (required && value.find_first_not_of(' ') == std::string_view::npos) {
    return fail(Errc::kInvalidArgument, field + " must not be empty");
  }
  if (value.size() > max_length) {
    return fail(Errc::kInvalidArgument,
                field + " must be at most " + std::to_string(max_length) + " bytes long");
  }
  return check_code_points(value, is_control, field + " must be valid UTF-8",
                           field + " must not contain control characters");
}

std::string ascii_lowercase(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Status check_new_password(std::string_view value) {
  if (value.size() > kMaxPasswordLength) {
    return fail(Errc::kInvalidArgument, "the new password must be at most " +
                                            std::to_string(kMaxPasswordLength) + " bytes long");
  }
  size_t characters = 0;
  auto counted = check_code_points(
      value,
      [&characters](char32_t cp) {
        ++characters;
        return is_control(cp);
      },
      "the new password must be valid UTF-8",
      "the new password must not contain control characters");
  if (!counted) return counted;
  if (characters < kMinPasswordLength) {
    return fail(Errc::kInvalidArgument, "the new password must be at least " +
                                            std::to_string(kMinPasswordLength) +
                                            " characters long, has " + std::to_string(characters));
  }
  return {};
}

Status check_username(std::string_view value) {
  if (value.empty()) return fail(Errc::kInvalidArgument, "username must not be empty");
  if (value.size() > kMaxUsernameLength) {
    return fail(Errc::kInvalidArgument,
                "username must be at most " + std::to_string(kMaxUsernameLength) + " bytes long");
  }
  return check_code_points(
      value, [](char32_t cp) { return cp == ':' || is_space(cp) || is_control(cp); },
      "username must be valid UTF-8",
      "username must not contain ':', spaces or control characters");
}

}  // namespace keyward

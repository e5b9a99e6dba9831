#include "api/access_log.h"

#include "core/ip_mask.h"
#include "core/key_token.h"

namespace keyward::api {
namespace {

bool is_token_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void append_escaped(std::string& out, char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x21 && byte <= 0x7e && c != '\\') {
    out += c;
    return;
  }
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 0x0f];
}

}  // namespace

std::string loggable_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size();) {
    const std::string_view rest = path.substr(i);
    if (rest.starts_with("kw_sk_") || rest.starts_with("kw_pk_")) {
      size_t end = kKeyTokenPrefixLength;
      while (end < rest.size() && is_token_char(rest[end])) ++end;
      out += key_token_hint(rest.substr(0, end));
      i += end;
      continue;
    }
    append_escaped(out, path[i]);
    ++i;
  }
  return out;
}

std::string loggable_client(std::string_view address, unsigned status, bool mask_failures) {
  if (mask_failures && status >= 400) return mask_ip(address);
  return std::string(address);
}

}  // namespace keyward::api

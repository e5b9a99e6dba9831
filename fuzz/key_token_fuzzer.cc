// Key tokens as presented by anyone: parsing never crashes, and whatever parses has the shape the
// format promises.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/base62.h"
#include "core/key_token.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  const auto kind = keyward::parse_key_token(token);
  if (kind) {
    if (token.size() != keyward::kKeyTokenLength) std::abort();
    if (!token.starts_with(*kind == keyward::KeyKind::kSecret ? "kw_sk_" : "kw_pk_")) std::abort();
    for (char c : token.substr(6)) {
      if (!keyward::base62::is_digit(c)) std::abort();
    }
  }
  (void)keyward::key_token_hint(token);
  return 0;
}

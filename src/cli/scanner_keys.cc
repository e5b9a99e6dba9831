#include "cli/scanner_keys.h"

#include <fstream>

#include <boost/json.hpp>

namespace keyward::cli {
namespace {

// A list of a few keys is a few kilobytes; this is far more, and still bounded.
constexpr std::streamsize kMaxFileBytes = 1024 * 1024;

Error bad(const std::string& file, const std::string& what) {
  return Error{Errc::kInvalidArgument, file + ": " + what, {}};
}

}  // namespace

Result<crypto::SignatureKeys> parse_scanner_keys(std::string_view text, const std::string& file) {
  boost::system::error_code ec;
  const boost::json::value doc = boost::json::parse(text, ec);
  const auto* root = ec ? nullptr : doc.if_object();
  const auto* list = root ? root->if_contains("public_keys") : nullptr;
  if (!list || !list->is_array()) {
    return std::unexpected(bad(file,
                               "expected JSON of the form {\"public_keys\": [{\"key_identifier\": "
                               "\"...\", \"key\": \"-----BEGIN PUBLIC KEY-----...\"}]}"));
  }
  crypto::SignatureKeys keys;
  const auto& items = list->get_array();
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string at = "public_keys[" + std::to_string(i) + "]";
    const auto* item = items[i].if_object();
    const auto* id = item ? item->if_contains("key_identifier") : nullptr;
    const auto* pem = item ? item->if_contains("key") : nullptr;
    if (!id || !id->is_string() || !pem || !pem->is_string()) {
      return std::unexpected(bad(file, at + " needs \"key_identifier\" and \"key\", both strings"));
    }
    auto key = crypto::EcdsaPublicKey::from_pem(pem->get_string());
    if (!key) return std::unexpected(bad(file, at + ": " + key.error().message));
    if (auto s = keys.add(std::string(id->get_string()), std::move(*key)); !s) {
      return std::unexpected(bad(file, at + ": " + s.error().message));
    }
  }
  if (keys.empty()) return std::unexpected(bad(file, "lists no public key"));
  return keys;
}

Result<crypto::SignatureKeys> load_scanner_keys(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(bad(file, "cannot be read"));
  std::string text(static_cast<size_t>(kMaxFileBytes) + 1, '\0');
  in.read(text.data(), kMaxFileBytes + 1);
  if (in.bad()) return std::unexpected(bad(file, "cannot be read"));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > static_cast<size_t>(kMaxFileBytes)) {
    return std::unexpected(bad(file, "is larger than 1 MiB; it should list a few keys"));
  }
  return parse_scanner_keys(text, file);
}

}  // namespace keyward::cli

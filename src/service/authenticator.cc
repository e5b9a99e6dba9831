#include "service/authenticator.h"

#include <array>

#include <sodium.h>

#include "core/key_token.h"
#include "core/text_rules.h"
#include "crypto/base64.h"

namespace keyward::service {
namespace {

// username (at most an email address) + ':' + service key, with room to spare. Anything longer is
// not a credential Keyward issued.
constexpr size_t kMaxDecodedCredentials = 512;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Case-insensitive "<scheme> " prefix check, as RFC 9110 makes auth schemes.
bool has_scheme(std::string_view header, std::string_view scheme) {
  if (header.size() <= scheme.size() || header[scheme.size()] != ' ') return false;
  for (size_t i = 0; i < scheme.size(); ++i) {
    if ((header[i] | 0x20) != (scheme[i] | 0x20)) return false;
  }
  return true;
}

// Wipes a stack buffer that held decoded credentials when it goes out of scope.
struct WipedBuffer {
  std::array<char, kMaxDecodedCredentials> bytes{};
  ~WipedBuffer() { sodium_memzero(bytes.data(), bytes.size()); }
};

}  // namespace

std::optional<Principal> Authenticator::authenticate(const PresentedCredentials& c) const {
  const std::string_view authorization = trim(c.authorization);
  if (has_scheme(authorization, "Bearer")) {
    const auto key = verify_key(trim(authorization.substr(7)));
    if (!key) return std::nullopt;
    Principal p;
    p.kind = Principal::Kind::kKey;
    p.org_id = key->org_id;
    p.key_id = key->key_id;
    p.key_kind = key->kind;
    p.scopes = key->scopes;
    return p;
  }
  if (has_scheme(authorization, "Basic")) {
    return authenticate_basic(trim(authorization.substr(6)), trim(c.api_key));
  }
  return authenticate_basic(authorization, trim(c.api_key));
}

std::optional<Principal> Authenticator::authenticate_basic(std::string_view encoded,
                                                           std::string_view api_key) const {
  WipedBuffer decoded;
  const auto length = crypto::base64_decode(encoded, decoded.bytes);
  const std::string_view credentials(decoded.bytes.data(), length.value_or(0));
  const size_t colon = credentials.find(':');
  const std::string_view username = credentials.substr(0, colon);
  const std::string_view secret =
      colon == std::string_view::npos ? std::string_view() : credentials.substr(colon + 1);

  // Hash both secrets unconditionally so the time taken does not depend on which is wrong.
  const Digest api_key_hash = protector_.lookup_hash(api_key);
  const Digest secret_hash = protector_.lookup_hash(secret);
  if (!length || colon == std::string_view::npos || username.empty() || secret.empty() ||
      api_key.empty()) {
    return std::nullopt;
  }

  const auto org = index_.find_org_by_api_key(api_key_hash);
  const auto user = index_.find_user(username, secret_hash);
  const auto agent_org = index_.find_agent(username, secret_hash);
  if (!org || !org->api_key_enabled) return std::nullopt;

  Principal p;
  p.org_id = org->org_id;
  if (user) {
    if (user->locked_until && clock_.now() < *user->locked_until) return std::nullopt;
    if (!user->system_admin && !index_.role_of(user->user_id, org->org_id)) return std::nullopt;
    p.kind = Principal::Kind::kUser;
    p.user_id = user->user_id;
    p.system_admin = user->system_admin;
    return p;
  }
  if (agent_org && *agent_org == org->org_id) {
    p.kind = Principal::Kind::kAgent;
    return p;
  }
  return std::nullopt;
}

std::optional<VerifiedKey> Authenticator::verify_key(std::string_view token) const {
  const auto kind = parse_key_token(token);
  if (!kind) return std::nullopt;
  const auto record = index_.find_key(protector_.lookup_hash(token));
  if (!record || record->kind != *kind) return std::nullopt;
  const Timestamp now = clock_.now();
  if (!key_usable(key_status(record->expires_at, record->grace_ends_at, false, now))) {
    return std::nullopt;
  }
  usage_.record(record->key_id, now);
  std::optional<Timestamp> ends = record->expires_at;
  if (record->grace_ends_at && (!ends || *record->grace_ends_at < *ends)) {
    ends = record->grace_ends_at;
  }
  return VerifiedKey{record->key_id, record->org_id, record->kind, record->scopes, ends};
}

}  // namespace keyward::service

#include "service/authenticator.h"

#include <array>

#include <sodium.h>

#include "core/key_token.h"
#include "service/authorization_header.h"

namespace keyward::service {
namespace {

// Wipes the buffer that held decoded credentials when it goes out of scope.
struct WipedBuffer {
  std::array<char, kMaxDecodedCredentials> bytes{};
  ~WipedBuffer() { sodium_memzero(bytes.data(), bytes.size()); }
};

}  // namespace

std::optional<Principal> Authenticator::authenticate(const PresentedCredentials& c) const {
  WipedBuffer decoded;
  const AuthorizationHeader header = parse_authorization(c.authorization, decoded.bytes);
  if (header.scheme == AuthorizationHeader::Scheme::kBearer) {
    const auto key = verify_key(header.token);
    if (!key) return std::nullopt;
    Principal p;
    p.kind = Principal::Kind::kKey;
    p.org_id = key->org_id;
    p.key_id = key->key_id;
    p.key_kind = key->kind;
    p.scopes = key->scopes;
    return p;
  }

  // Hash both secrets unconditionally so the time taken does not depend on which is wrong.
  std::string_view api_key = c.api_key;
  while (!api_key.empty() && (api_key.front() == ' ' || api_key.front() == '\t')) {
    api_key.remove_prefix(1);
  }
  while (!api_key.empty() && (api_key.back() == ' ' || api_key.back() == '\t')) {
    api_key.remove_suffix(1);
  }
  const Digest api_key_hash = protector_.lookup_hash(api_key);
  const Digest secret_hash = protector_.lookup_hash(header.secret);
  if (header.scheme != AuthorizationHeader::Scheme::kBasic || api_key.empty()) return std::nullopt;

  const auto org = index_.find_org_by_api_key(api_key_hash);
  const auto user = index_.find_user(header.username, secret_hash);
  const auto agent_org = index_.find_agent(header.username, secret_hash);
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

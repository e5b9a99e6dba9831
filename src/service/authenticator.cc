#include "service/authenticator.h"

#include <array>

#include <sodium.h>

#include "core/ip_mask.h"
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

AuthResult Authenticator::authenticate(const PresentedCredentials& c) const {
  if (c.authorization.empty() && !c.session_cookie.empty()) {
    return authenticate_session(c.session_cookie);
  }
  if (c.authorization.empty() && c.api_key.empty()) return {std::nullopt, {"no credentials", {}}};
  WipedBuffer decoded;
  const AuthorizationHeader header = parse_authorization(c.authorization, decoded.bytes);
  if (header.scheme == AuthorizationHeader::Scheme::kBearer) {
    const auto key = find_key(header.token, {c.scopes, c.client_ip, 1});
    if (!key) return {std::nullopt, {"unknown or deleted key", {}}};
    if (!key->usable) {
      return {std::nullopt, {key->disabled ? "disabled key" : "expired key", key->org_id}};
    }
    if (key->admission.verdict != ControlVerdict::kPassed) {
      return {std::nullopt, {"refused by the key's controls", key->org_id}, key->admission};
    }
    Principal p;
    p.kind = Principal::Kind::kKey;
    p.org_id = key->org_id;
    p.key_id = key->key_id;
    p.key_kind = key->kind;
    p.scopes = key->scopes;
    return {p, {}};
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
  // Every lookup, and the explanation of a failure, happen whatever is wrong, so a malformed
  // header, an unknown user and a locked account all cost the same (bench/failure_bench.cc).
  const auto org = index_.find_org_by_api_key(api_key_hash);
  const auto user = index_.find_user(header.username, secret_hash);
  const auto agent_org = index_.find_agent(header.username, secret_hash);
  const auto refuse = [&](AuthFailure why) -> AuthResult {
    const AuthFailure retired = explain(api_key_hash, secret_hash);
    if (why.reason.empty()) why = retired;
    return {std::nullopt, why};
  };
  if (header.scheme != AuthorizationHeader::Scheme::kBasic) {
    return refuse({"malformed Authorization header", {}});
  }
  // An organization that has turned its API-key layer off lets its agent in on the agent
  // credentials alone (the seeds' first picture); everyone else needs the API key.
  if (api_key.empty()) {
    if (agent_org && !user && !agent_org->api_key_enabled) {
      Principal p;
      p.kind = Principal::Kind::kAgent;
      p.org_id = agent_org->org_id;
      return {p, {}};
    }
    return refuse(
        {"no API-Key header", agent_org ? std::optional(agent_org->org_id) : std::nullopt});
  }
  if (!org) return refuse({});

  Principal p;
  p.org_id = org->org_id;
  if (user) {
    const Timestamp now = clock_.now();
    if ((user->locked_until && now < *user->locked_until) ||
        (locks_ && locks_->any(now) &&
         locks_->locked(user->user_id, lockout_network(c.client_ip), now))) {
      return refuse({"locked account", org->org_id});
    }
    if (!user->system_admin && !index_.role_of(user->user_id, org->org_id)) {
      return refuse({"user is not a member of the API key's organization", org->org_id});
    }
    p.kind = Principal::Kind::kUser;
    p.user_id = user->user_id;
    p.system_admin = user->system_admin;
    return {p, {}};
  }
  if (agent_org && agent_org->org_id == org->org_id) {
    p.kind = Principal::Kind::kAgent;
    return {p, {}};
  }
  AuthResult refused = refuse({});
  if (!refused.failure.org_id) refused.failure.org_id = org->org_id;
  return refused;
}

AuthFailure Authenticator::explain(const Digest& api_key_hash, const Digest& secret_hash) const {
  using Kind = CredentialIndex::RetiredCredential::Kind;
  if (const auto retired = index_.find_retired(api_key_hash)) {
    if (retired->kind == Kind::kOrgApiKey) return {"rotated API key", retired->owner};
  }
  if (const auto retired = index_.find_retired(secret_hash)) {
    if (retired->kind == Kind::kAgentKey) return {"rotated agent service key", retired->owner};
    if (retired->kind == Kind::kUserServiceKey) {
      return {"rotated user service key", index_.home_org(retired->owner)};
    }
  }
  return {"unknown credentials", {}};
}

AuthResult Authenticator::authenticate_session(std::string_view cookie) const {
  const auto session = index_.find_session(protector_.lookup_hash(cookie));
  const Timestamp now = clock_.now();
  if (!session || now >= session->expires_at)
    return {std::nullopt, {"unknown or ended session", {}}};
  const auto user = index_.user(session->user_id);
  if (!user) return {std::nullopt, {"unknown or ended session", {}}};
  if (user->locked_until && now < *user->locked_until) {
    return {std::nullopt, {"locked account", index_.home_org(session->user_id)}};
  }
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.user_id = session->user_id;
  p.org_id = index_.home_org(session->user_id).value_or(Uuid{});
  p.system_admin = user->system_admin;
  p.via_session = true;
  p.session_id = session->session_id;
  p.csrf_hash = session->csrf_hash;
  return {p, {}};
}

std::optional<IndexedKey> Authenticator::find_key(std::string_view token,
                                                  const KeyDemands& demands) const {
  const auto kind = parse_key_token(token);
  if (!kind) return std::nullopt;
  const Timestamp now = clock_.now();
  auto key = index_.use_key(protector_.lookup_hash(token), now, demands);
  if (!key || key->kind != *kind) return std::nullopt;
  if (usage_) usage_->count(key->key_id, key->org_id, usage_outcome(*key), now, demands.client_ip);
  return key;
}

std::optional<VerifiedKey> Authenticator::verify_key(std::string_view token,
                                                     const KeyDemands& demands) const {
  const auto key = find_key(token, demands);
  if (!key || !key->usable) return std::nullopt;
  return VerifiedKey{key->key_id, key->org_id,  key->kind,
                     key->scopes, key->ends_at, key->admission};
}

}  // namespace keyward::service

#include "service/credential_index.h"

#include <algorithm>
#include <cctype>
#include <mutex>

namespace keyward::service {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

std::optional<CredentialIndex::KeyRecord> CredentialIndex::find_key(
    const Digest& token_hash) const {
  std::shared_lock lock(mu_);
  const auto it = keys_by_hash_.find(token_hash);
  if (it == keys_by_hash_.end()) return std::nullopt;
  return it->second;
}

std::optional<CredentialIndex::OrgRecord> CredentialIndex::find_org_by_api_key(
    const Digest& api_key_hash) const {
  std::shared_lock lock(mu_);
  const auto it = orgs_by_api_key_.find(api_key_hash);
  if (it == orgs_by_api_key_.end()) return std::nullopt;
  return OrgRecord{it->second, orgs_.at(it->second).api_key_enabled};
}

std::optional<Uuid> CredentialIndex::find_agent(std::string_view username,
                                                const Digest& agent_key_hash) const {
  std::shared_lock lock(mu_);
  const auto it = orgs_by_agent_key_.find(agent_key_hash);
  if (it == orgs_by_agent_key_.end()) return std::nullopt;
  if (orgs_.at(it->second).agent_username != username) return std::nullopt;
  return it->second;
}

std::optional<CredentialIndex::UserRecord> CredentialIndex::find_user(
    std::string_view username, const Digest& service_key_hash) const {
  std::shared_lock lock(mu_);
  const auto it = users_by_service_key_.find(service_key_hash);
  if (it == users_by_service_key_.end()) return std::nullopt;
  const UserEntry& user = users_.at(it->second);
  if (!iequals(user.username, username)) return std::nullopt;
  return UserRecord{it->second, user.system_admin, user.locked_until};
}

std::optional<Role> CredentialIndex::role_of(const Uuid& user_id, const Uuid& org_id) const {
  std::shared_lock lock(mu_);
  const auto it = users_.find(user_id);
  if (it == users_.end()) return std::nullopt;
  for (const auto& m : it->second.memberships) {
    if (m.org_id == org_id) return m.role;
  }
  return std::nullopt;
}

std::optional<CredentialIndex::UserRecord> CredentialIndex::user(const Uuid& user_id) const {
  std::shared_lock lock(mu_);
  const auto it = users_.find(user_id);
  if (it == users_.end()) return std::nullopt;
  return UserRecord{user_id, it->second.system_admin, it->second.locked_until};
}

std::optional<std::string> CredentialIndex::username(const Uuid& user_id) const {
  std::shared_lock lock(mu_);
  const auto it = users_.find(user_id);
  if (it == users_.end()) return std::nullopt;
  return it->second.username;
}

std::optional<Uuid> CredentialIndex::home_org(const Uuid& user_id) const {
  std::shared_lock lock(mu_);
  const auto it = users_.find(user_id);
  if (it == users_.end() || it->second.memberships.empty()) return std::nullopt;
  return it->second.memberships.front().org_id;
}

std::optional<CredentialIndex::SessionRecord> CredentialIndex::find_session(
    const Digest& token_hash) const {
  std::shared_lock lock(mu_);
  const auto it = sessions_by_token_.find(token_hash);
  if (it == sessions_by_token_.end()) return std::nullopt;
  return it->second;
}

std::optional<CredentialIndex::RetiredCredential> CredentialIndex::find_retired(
    const Digest& hash) const {
  std::shared_lock lock(mu_);
  const auto it = retired_.find(hash);
  if (it == retired_.end()) return std::nullopt;
  return it->second;
}

void CredentialIndex::put(const Session& session) {
  std::unique_lock lock(mu_);
  put_locked(session);
}

void CredentialIndex::put(const Organization& org) {
  std::unique_lock lock(mu_);
  put_locked(org);
}

void CredentialIndex::put(const User& user) {
  std::unique_lock lock(mu_);
  put_locked(user);
}

void CredentialIndex::put(const NamedKey& key) {
  std::unique_lock lock(mu_);
  put_locked(key);
}

void CredentialIndex::apply(const store::WriteBatch& batch) {
  std::unique_lock lock(mu_);
  for (const auto& org : batch.organizations) put_locked(org);
  for (const auto& user : batch.users) put_locked(user);
  for (const auto& key : batch.keys) put_locked(key);
  for (const auto& session : batch.sessions) put_locked(session);
}

void CredentialIndex::reset(const std::vector<Organization>& orgs, const std::vector<User>& users,
                            const std::vector<NamedKey>& keys,
                            const std::vector<Session>& sessions) {
  std::unique_lock lock(mu_);
  clear_locked();
  for (const auto& org : orgs) put_locked(org);
  for (const auto& user : users) put_locked(user);
  for (const auto& key : keys) put_locked(key);
  for (const auto& session : sessions) put_locked(session);
}

size_t CredentialIndex::key_count() const {
  std::shared_lock lock(mu_);
  return keys_by_hash_.size();
}

void CredentialIndex::put_locked(const Organization& org) {
  auto [it, inserted] = orgs_.try_emplace(org.id);
  OrgEntry& entry = it->second;
  if (!inserted) {
    if (entry.version >= org.version) return;
    orgs_by_api_key_.erase(entry.api_key);
    orgs_by_agent_key_.erase(entry.agent_key);
    if (entry.previous_api_key) retired_.erase(*entry.previous_api_key);
    if (entry.previous_agent_key) retired_.erase(*entry.previous_agent_key);
  }
  entry = OrgEntry{
      org.api_key.lookup, org.agent_key.lookup, org.previous_api_key, org.previous_agent_key,
      org.agent_username, org.api_key_enabled,  org.version};
  orgs_by_api_key_[entry.api_key] = org.id;
  orgs_by_agent_key_[entry.agent_key] = org.id;
  using Kind = RetiredCredential::Kind;
  if (org.previous_api_key) retired_[*org.previous_api_key] = {Kind::kOrgApiKey, org.id};
  if (org.previous_agent_key) retired_[*org.previous_agent_key] = {Kind::kAgentKey, org.id};
}

void CredentialIndex::put_locked(const User& user) {
  auto [it, inserted] = users_.try_emplace(user.id);
  UserEntry& entry = it->second;
  if (!inserted) {
    if (entry.version >= user.version) return;
    users_by_service_key_.erase(entry.service_key);
    if (entry.previous_service_key) retired_.erase(*entry.previous_service_key);
  }
  entry = UserEntry{user.username,     user.service_key.lookup, user.previous_service_key,
                    user.system_admin, user.locked_until,       user.memberships,
                    user.version};
  users_by_service_key_[entry.service_key] = user.id;
  if (user.previous_service_key) {
    retired_[*user.previous_service_key] = {RetiredCredential::Kind::kUserServiceKey, user.id};
  }
}

void CredentialIndex::put_locked(const NamedKey& key) {
  auto [it, inserted] = keys_.try_emplace(key.id);
  KeyEntry& entry = it->second;
  if (!inserted) {
    if (entry.version >= key.version) return;
    keys_by_hash_.erase(entry.token_hash);
  }
  entry = KeyEntry{key.token_hash, key.version};
  if (!key.revoked_at) {
    keys_by_hash_[key.token_hash] =
        KeyRecord{key.id, key.org_id, key.kind, key.scopes, key.expires_at, key.grace_ends_at};
  }
}

void CredentialIndex::put_locked(const Session& session) {
  auto [it, inserted] = sessions_.try_emplace(session.id);
  if (!inserted) {
    if (it->second.second >= session.version) return;
    sessions_by_token_.erase(it->second.first);
  }
  it->second = {session.token_hash, session.version};
  if (!session.ended_at) {
    sessions_by_token_[session.token_hash] =
        SessionRecord{session.id, session.user_id, session.csrf_hash, session.expires_at};
  }
}

void CredentialIndex::clear_locked() {
  keys_by_hash_.clear();
  keys_.clear();
  orgs_by_api_key_.clear();
  orgs_by_agent_key_.clear();
  orgs_.clear();
  users_by_service_key_.clear();
  users_.clear();
  sessions_by_token_.clear();
  sessions_.clear();
  retired_.clear();
}

}  // namespace keyward::service

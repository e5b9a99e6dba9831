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
}

void CredentialIndex::reset(const std::vector<Organization>& orgs, const std::vector<User>& users,
                            const std::vector<NamedKey>& keys) {
  std::unique_lock lock(mu_);
  clear_locked();
  for (const auto& org : orgs) put_locked(org);
  for (const auto& user : users) put_locked(user);
  for (const auto& key : keys) put_locked(key);
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
  }
  entry = OrgEntry{org.api_key.lookup, org.agent_key.lookup, org.agent_username,
                   org.api_key_enabled, org.version};
  orgs_by_api_key_[entry.api_key] = org.id;
  orgs_by_agent_key_[entry.agent_key] = org.id;
}

void CredentialIndex::put_locked(const User& user) {
  auto [it, inserted] = users_.try_emplace(user.id);
  UserEntry& entry = it->second;
  if (!inserted) {
    if (entry.version >= user.version) return;
    users_by_service_key_.erase(entry.service_key);
  }
  entry = UserEntry{user.username,     user.service_key.lookup, user.system_admin,
                    user.locked_until, user.memberships,        user.version};
  users_by_service_key_[entry.service_key] = user.id;
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

void CredentialIndex::clear_locked() {
  keys_by_hash_.clear();
  keys_.clear();
  orgs_by_api_key_.clear();
  orgs_by_agent_key_.clear();
  orgs_.clear();
  users_by_service_key_.clear();
  users_.clear();
}

}  // namespace keyward::service

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

// Removes `hash` from `map` only if it still points at `owner`: a stale copy of one entity must
// never take away a credential another entity holds now.
void erase_if_owned(std::unordered_map<Digest, Uuid, DigestHash>& map, const Digest& hash,
                    const Uuid& owner) {
  const auto it = map.find(hash);
  if (it != map.end() && it->second == owner) map.erase(it);
}

}  // namespace

std::optional<CredentialIndex::OrgRecord> CredentialIndex::find_org_by_api_key(
    const Digest& api_key_hash) const {
  std::shared_lock lock(mu_);
  const auto it = orgs_by_api_key_.find(api_key_hash);
  if (it == orgs_by_api_key_.end()) return std::nullopt;
  return OrgRecord{it->second, orgs_.at(it->second).api_key_enabled};
}

std::optional<CredentialIndex::OrgRecord> CredentialIndex::find_agent(
    std::string_view username, const Digest& agent_key_hash) const {
  std::shared_lock lock(mu_);
  const auto it = orgs_by_agent_key_.find(agent_key_hash);
  if (it == orgs_by_agent_key_.end()) return std::nullopt;
  const auto& org = orgs_.at(it->second);
  if (org.agent_username != username) return std::nullopt;
  return OrgRecord{it->second, org.api_key_enabled};
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

void CredentialIndex::apply(const store::WriteBatch& batch) {
  for (const auto& key : batch.keys) keys_.put(key);
  std::unique_lock lock(mu_);
  for (const auto& org : batch.organizations) put_locked(org);
  for (const auto& user : batch.users) put_locked(user);
  for (const auto& session : batch.sessions) put_locked(session);
}

void CredentialIndex::reset(const std::vector<Organization>& orgs, const std::vector<User>& users,
                            KeyTable& keys, const std::vector<Session>& sessions) {
  keys_.swap(keys);
  std::unique_lock lock(mu_);
  clear_locked();
  for (const auto& org : orgs) put_locked(org);
  for (const auto& user : users) put_locked(user);
  for (const auto& session : sessions) put_locked(session);
}

void CredentialIndex::prune(Timestamp now, std::chrono::seconds forget_after,
                            std::chrono::seconds expired_life) {
  keys_.prune(now, forget_after, expired_life);
  std::unique_lock lock(mu_);
  std::erase_if(sessions_, [&](const auto& entry) {
    const SessionEntry& s = entry.second;
    if (s.ends_at + forget_after >= now) return false;
    const auto live = sessions_by_token_.find(s.token_hash);
    if (live != sessions_by_token_.end() && live->second.session_id == entry.first) {
      sessions_by_token_.erase(live);
    }
    return true;
  });
}

size_t CredentialIndex::session_count() const {
  std::shared_lock lock(mu_);
  return sessions_.size();
}

void CredentialIndex::put_locked(const Organization& org) {
  auto [it, inserted] = orgs_.try_emplace(org.id);
  OrgEntry& entry = it->second;
  if (!inserted) {
    if (entry.version >= org.version) return;
    erase_if_owned(orgs_by_api_key_, entry.api_key, org.id);
    erase_if_owned(orgs_by_agent_key_, entry.agent_key, org.id);
    if (entry.previous_api_key) forget_retired(*entry.previous_api_key, org.id);
    if (entry.previous_agent_key) forget_retired(*entry.previous_agent_key, org.id);
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
    erase_if_owned(users_by_service_key_, entry.service_key, user.id);
    if (entry.previous_service_key) forget_retired(*entry.previous_service_key, user.id);
  }
  entry = UserEntry{user.username,     user.service_key.lookup, user.previous_service_key,
                    user.system_admin, user.locked_until,       user.memberships,
                    user.version};
  users_by_service_key_[entry.service_key] = user.id;
  if (user.previous_service_key) {
    retired_[*user.previous_service_key] = {RetiredCredential::Kind::kUserServiceKey, user.id};
  }
}

void CredentialIndex::put_locked(const Session& session) {
  auto [it, inserted] = sessions_.try_emplace(session.id);
  if (!inserted) {
    if (it->second.version >= session.version) return;
    const auto live = sessions_by_token_.find(it->second.token_hash);
    if (live != sessions_by_token_.end() && live->second.session_id == session.id) {
      sessions_by_token_.erase(live);
    }
  }
  it->second = {session.token_hash, session.version, session.ended_at.value_or(session.expires_at)};
  if (!session.ended_at) {
    sessions_by_token_[session.token_hash] =
        SessionRecord{session.id, session.user_id, session.csrf_hash, session.expires_at};
  }
}

void CredentialIndex::forget_retired(const Digest& hash, const Uuid& owner) {
  const auto it = retired_.find(hash);
  if (it != retired_.end() && it->second.owner == owner) retired_.erase(it);
}

void CredentialIndex::clear_locked() {
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

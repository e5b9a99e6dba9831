// The in-memory index every request is authenticated against: no request waits on the database.
//
// It maps the lookup hash of each live credential (named-key tokens, organization API keys, agent
// service keys, user service keys) to a compact record, and user ids to their memberships. It is
// loaded in full at start (IndexSync::load) and then kept current two ways: a service that
// commits a write applies the same batch here at once (so its own node never serves a stale
// answer), and IndexSync replays the store's change journal (so writes by other processes and
// nodes arrive too). Both paths may deliver the same entity; entries carry the entity's version
// and an older version never replaces a newer one, so the order of arrival does not matter.
//
// Named keys, of which there may be millions, live in a KeyTable (service/key_table.h); the rest
// (organizations, users, sessions: thousands) in hash maps.
//
// Threading: the KeyTable has its own lock; everything else is under one shared_mutex. Lookups
// hold it shared, copy a small record out and allocate nothing; writes hold it exclusively.
#pragma once

#include <chrono>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/digest.h"
#include "core/named_key.h"
#include "core/organization.h"
#include "core/session.h"
#include "core/user.h"
#include "service/key_table.h"
#include "store/store.h"

namespace keyward::service {

class CredentialIndex {
 public:
  struct OrgRecord {
    Uuid org_id;
    bool api_key_enabled = false;
  };
  struct UserRecord {
    Uuid user_id;
    bool system_admin = false;
    std::optional<Timestamp> locked_until;
  };
  struct SessionRecord {
    Uuid session_id;
    Uuid user_id;
    Digest csrf_hash;
    Timestamp expires_at;
  };
  // A credential that was rotated away, and whose it was: presenting one is refused like any
  // wrong credential, but the audit log can then name the organization or user concerned.
  struct RetiredCredential {
    enum class Kind : unsigned char { kOrgApiKey, kAgentKey, kUserServiceKey };
    Kind kind;
    Uuid owner;  // the organization, or the user
  };

  // Named keys by token hash (deleted keys are absent). use_key() records the use of a usable
  // key; find_key() only looks.
  std::optional<IndexedKey> use_key(const Digest& token_hash, Timestamp now,
                                    const KeyDemands& demands = {}) {
    return keys_.use(token_hash, now, demands);
  }
  std::optional<IndexedKey> find_key(const Digest& token_hash, Timestamp now) const {
    return keys_.find(token_hash, now);
  }
  // Organization by API-key hash (enabled or not: the caller decides what disabled means).
  std::optional<OrgRecord> find_org_by_api_key(const Digest& api_key_hash) const;
  // The organization whose agent presents `username` with this service-key hash.
  std::optional<OrgRecord> find_agent(std::string_view username,
                                      const Digest& agent_key_hash) const;
  // The user presenting `username` (case-insensitive) with this service-key hash.
  std::optional<UserRecord> find_user(std::string_view username,
                                      const Digest& service_key_hash) const;
  std::optional<Role> role_of(const Uuid& user_id, const Uuid& org_id) const;
  // The user's record by id (for sessions, which know the user but not a service key).
  std::optional<UserRecord> user(const Uuid& user_id) const;
  // The user's name, for audit records that people read.
  std::optional<std::string> username(const Uuid& user_id) const;
  // The first organization the user belongs to (their home), if any.
  std::optional<Uuid> home_org(const Uuid& user_id) const;
  // A live session by the hash of its cookie (ended ones are absent; expiry is the caller's).
  std::optional<SessionRecord> find_session(const Digest& token_hash) const;
  std::optional<RetiredCredential> find_retired(const Digest& hash) const;

  void put(const Organization& org);
  void put(const User& user);
  void put(const NamedKey& key) { keys_.put(key); }
  void put(const Session& session);
  void apply(const store::WriteBatch& batch);
  // Replaces everything (a full reload). `keys` is built aside and swapped in.
  void reset(const std::vector<Organization>& orgs, const std::vector<User>& users, KeyTable& keys,
             const std::vector<Session>& sessions);

  // Forgets what no request can need any more: keys deleted more than `forget_after` ago (their
  // tombstones guard against stale copies until then), keys that ended more than `expired_life`
  // ago, and sessions ended or expired more than `forget_after` ago.
  void prune(Timestamp now, std::chrono::seconds forget_after, std::chrono::seconds expired_life);

  size_t key_count() const { return keys_.size(); }
  size_t session_count() const;
  KeyTable& keys() { return keys_; }
  const KeyTable& keys() const { return keys_; }

 private:
  struct OrgEntry {
    Digest api_key;
    Digest agent_key;
    std::optional<Digest> previous_api_key;
    std::optional<Digest> previous_agent_key;
    std::string agent_username;
    bool api_key_enabled = false;
    std::int64_t version = 0;
  };
  struct UserEntry {
    std::string username;
    Digest service_key;
    std::optional<Digest> previous_service_key;
    bool system_admin = false;
    std::optional<Timestamp> locked_until;
    std::vector<Membership> memberships;
    std::int64_t version = 0;
  };
  struct SessionEntry {
    Digest token_hash;
    std::int64_t version = 0;
    Timestamp ends_at;  // ended_at, or expires_at while it lives
  };

  void put_locked(const Organization& org);
  void put_locked(const User& user);
  void put_locked(const Session& session);
  void forget_retired(const Digest& hash, const Uuid& owner);
  void clear_locked();

  KeyTable keys_;                 // has its own lock
  mutable std::shared_mutex mu_;  // guards everything below
  std::unordered_map<Digest, Uuid, DigestHash> orgs_by_api_key_;
  std::unordered_map<Digest, Uuid, DigestHash> orgs_by_agent_key_;
  std::unordered_map<Uuid, OrgEntry, UuidHash> orgs_;
  std::unordered_map<Digest, Uuid, DigestHash> users_by_service_key_;
  std::unordered_map<Uuid, UserEntry, UuidHash> users_;
  std::unordered_map<Digest, SessionRecord, DigestHash> sessions_by_token_;
  std::unordered_map<Uuid, SessionEntry, UuidHash> sessions_;
  std::unordered_map<Digest, RetiredCredential, DigestHash> retired_;
};

}  // namespace keyward::service

// A Store kept in process memory: the reference implementation of store/store.h's contract, used by
// unit tests and by `keyward serve --store memory:` for throwaway demos. Nothing survives the
// process.
//
// Threading: one mutex guards all state; apply() builds the next state on a copy and swaps it in,
// so a failing batch leaves nothing behind.
#pragma once

#include <map>
#include <mutex>

#include "store/store.h"

namespace keyward::store {

class MemoryStore final : public Store {
 public:
  Status apply(const WriteBatch& batch) override;

  Result<Organization> get_organization(const Uuid& id) override;
  Result<std::vector<Organization>> list_organizations() override;
  Result<User> get_user(const Uuid& id) override;
  Result<User> find_user(std::string_view username) override;
  Result<std::vector<User>> list_users() override;
  Result<NamedKey> get_key(const Uuid& id) override;
  Result<std::vector<NamedKey>> list_keys(const Uuid& org_id) override;
  Result<std::vector<NamedKey>> list_unrevoked_keys() override;
  Result<Application> get_application(const Uuid& id) override;
  Result<std::vector<Application>> list_applications(const Uuid& org_id) override;
  Result<std::vector<Change>> changes_after(std::int64_t after, size_t limit) override;
  Result<std::int64_t> last_change() override;
  Status record_usage(std::span<const KeyUsage> usage) override;

 private:
  struct State {
    std::map<Uuid, Organization> organizations;
    std::map<Uuid, User> users;
    std::map<Uuid, NamedKey> keys;
    std::map<Uuid, Application> applications;
    std::vector<Change> changes;
  };

  static Status put(State& s, const Organization& org);
  static Status put(State& s, const User& user);
  static Status put(State& s, const NamedKey& key);
  static Status put(State& s, const Application& app);

  std::mutex mu_;
  State state_;
};

}  // namespace keyward::store
